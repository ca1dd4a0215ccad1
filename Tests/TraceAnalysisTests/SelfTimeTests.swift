import Testing
import TraceModel
@testable import TraceAnalysis

/// analysis-rules.md §2.
@Suite struct SelfTimeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var spans: [SpanSpec]
        /// Self time (µs) per node in display order.
        var expected: [Int64]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "leaf", spans: [span(1, 0, 100)], expected: [100]),
        Case(label: "overlapping and separate children merge",
             spans: [span(1, 0, 100), span(2, parent: 1, 10, 30), span(3, parent: 1, 20, 50), span(4, parent: 1, 60, 70)],
             expected: [50, 20, 30, 10]),
        Case(label: "child nested in another child counts once",
             spans: [span(1, 0, 100), span(2, parent: 1, 10, 90), span(3, parent: 1, 20, 30)],
             expected: [20, 80, 10]),
        Case(label: "only direct children count",
             spans: [span(1, 0, 100), span(2, parent: 1, 10, 20), span(3, parent: 2, 50, 90)],
             expected: [90, 10, 40]),
        Case(label: "child wider than parent: self 0, never negative",
             spans: [span(1, 10, 30), span(2, parent: 1, 5, 35)], expected: [0, 30]),
        Case(label: "child outside parent does not count",
             spans: [span(1, 10, 30), span(2, parent: 1, 40, 50), span(3, parent: 1, 0, 10)], expected: [20, 10, 10]),
        Case(label: "partly outside child counts its overlap",
             spans: [span(1, 10, 30), span(2, parent: 1, 25, 50)], expected: [15, 25]),
        Case(label: "FOLLOWS_FROM and consumer children count too",
             spans: [span(1, 0, 100, kind: .producer), span(2, parent: 1, 0, 40, flags: .followsFromParent),
                     span(3, parent: 1, 90, 200, kind: .consumer)],
             expected: [50, 40, 110]),
        Case(label: "touching children",
             spans: [span(1, 0, 100), span(2, parent: 1, 10, 20), span(3, parent: 1, 20, 30)], expected: [80, 10, 10]),
    ]

    @Test(arguments: cases)
    func selfTime(_ c: Case) {
        let (_, tree) = buildTree(c.spans)
        #expect(tree.nodes.map { $0.selfNs / 1000 } == c.expected)
    }
}
