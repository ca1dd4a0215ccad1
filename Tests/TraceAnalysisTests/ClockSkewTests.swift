import Testing
import TraceModel
@testable import TraceAnalysis

/// analysis-rules.md §4. Parent "a" on host h1 lasts [100,200] µs.
@Suite struct ClockSkewTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var child: SpanSpec
        /// Adjusted child start in µs.
        var expectedStart: Int64
        var testDescription: String { label }
    }

    static func child(_ start: Int64, _ end: Int64, service: String = "b", host: String = "h2") -> SpanSpec {
        span(2, parent: 1, start, end, service: service, host: host)
    }

    static let cases: [Case] = [
        Case(label: "longer child starting before: moved to the parent's start", child: child(50, 250), expectedStart: 100),
        Case(label: "longer child starting after: not moved", child: child(150, 400), expectedStart: 150),
        Case(label: "child inside: not moved", child: child(120, 180), expectedStart: 120),
        Case(label: "child after the parent: centred", child: child(250, 290), expectedStart: 130),
        Case(label: "child straddling the start: centred", child: child(80, 120), expectedStart: 130),
        Case(label: "same service, other host: centred", child: child(250, 290, service: "a"), expectedStart: 130),
        Case(label: "other service, same host: centred", child: child(250, 290, host: "h1"), expectedStart: 130),
        Case(label: "same service and host: not moved", child: child(250, 290, service: "a", host: "h1"), expectedStart: 250),
    ]

    @Test(arguments: cases)
    func shiftRule(_ c: Case) {
        let specs = [span(1, 100, 200, service: "a", host: "h1"), c.child]
        let (_, tree) = buildTree(specs, skew: true)
        let node = tree.nodes[1]
        #expect(node.start == c.expectedStart * 1000)
        #expect(node.duration == (c.child.duration) * 1000)
        #expect(node.rawStart == c.child.start * 1000)
        #expect(node.flags.contains(.skewAdjusted) == (c.expectedStart != c.child.start))
    }

    @Test func centringTruncatesAnOddRemainderInNanoseconds() {
        #expect(ClockSkew.shift(parentStart: 0, parentDuration: 10, childStart: 100, childDuration: 3) == -97)
    }

    @Test func offByDefault() {
        let (_, tree) = buildTree([span(1, 100, 200, service: "a"), Self.child(250, 290)])
        #expect(tree.nodes[1].start == 250_000)
        #expect(tree.skewAdjustedCount == 0)
        #expect(tree.warnings.isEmpty)
    }

    @Test func sameHostDescendantsInheritAndOtherHostsUseTheAdjustedParent() {
        let (_, tree) = buildTree([
            span(1, 100, 200, service: "a"),
            span(2, parent: 1, 250, 290, service: "b"),          // centred: shift -120 -> [130,170]
            span(3, parent: 2, 255, 260, service: "b"),          // same host: inherits -120 -> 135
            span(4, parent: 2, 400, 410, service: "c"),          // against adjusted b [130,170]: 130+15-400
        ], skew: true)
        #expect(tree.nodes.map { $0.start / 1000 } == [100, 130, 135, 145])
        #expect(tree.nodes.map { $0.skewShiftNs / 1000 } == [0, -120, -120, -255])
        #expect(tree.skewAdjustedCount == 3)
        #expect(tree.warnings.contains { $0.contains("clock skew adjusted for 3") })
    }

    /// Rules §4 (added 2026-12-02): asynchronous children and spans of unknown duration on
    /// another host get no shift of their own; their subtrees inherit 0.
    @Test func asynchronousChildrenKeepTheirRawTimes() {
        let (_, tree) = buildTree([
            span(1, 100, 140, service: "kafka-producer", kind: .producer, host: "h1"),
            span(2, parent: 1, 200, 500, service: "consumer", kind: .consumer, host: "h2"),
            span(3, parent: 2, 600, 700, service: "db", host: "h3"),  // sticks out of the consumer
            span(4, parent: 1, 300, 310, service: "follower", flags: .followsFromParent, host: "h4"),
            span(5, parent: 1, 400, 401, service: "nodur", flags: .missingDuration, host: "h5"),
        ], skew: true)
        let shift = Dictionary(uniqueKeysWithValues: tree.nodes.map { ($0.spanIndex, $0.skewShiftNs) })
        #expect(shift[1] == 0)  // consumer
        #expect(shift[3] == 0)  // FOLLOWS_FROM
        #expect(shift[4] == 0)  // no duration
        // The consumer's own child on a third host is still centred in it: 200 + (300 - 100) / 2 - 600.
        #expect(shift[2] == -300_000)
        #expect(tree.skewAdjustedCount == 1)
        // A CONSUMER under a non-producer parent is synchronous and is still moved.
        let (_, sync) = buildTree([
            span(1, 100, 140, service: "a", kind: .client, host: "h1"),
            span(2, parent: 1, 200, 220, service: "b", kind: .consumer, host: "h2"),
        ], skew: true)
        #expect(sync.nodes[1].start == 110_000)
    }

    @Test func missingStartChildMovesWithItsParent() {
        let (_, tree) = buildTree([
            span(1, 100, 200, service: "a"), span(2, parent: 1, 250, 290, service: "b"),
            span(3, parent: 2, 0, 10, service: "c", flags: .missingStart),
        ], skew: true)
        #expect(tree.nodes[2].start == tree.nodes[1].start)
        #expect(tree.nodes[2].rawStart == 250_000)
    }

    @Test func analysisUsesAdjustedTimes() {
        let specs = [span(1, 100, 200, service: "a"), span(2, parent: 1, 250, 290, service: "b"),
                     span(3, parent: 1, 110, 120, service: "a")]
        let (rawSet, raw) = buildTree(specs)
        #expect(raw.nodes[0].selfNs == 90_000)
        #expect(raw.pathText(rawSet) == ["op[120,200]", "op[110,120]", "op[100,110]"])
        let (set, adjusted) = buildTree(specs, skew: true)
        #expect(adjusted.nodes[0].selfNs == 50_000)
        // children re-ordered by adjusted start: 3 (110) before 2 (130)
        #expect(adjusted.shortIDs == ["1", "3", "2"])
        #expect(adjusted.pathText(set) == ["op[170,200]", "op[130,170]", "op[120,130]", "op[110,120]", "op[100,110]"])
        #expect(raw.durationNs == 190_000 && adjusted.durationNs == 100_000)
    }
}
