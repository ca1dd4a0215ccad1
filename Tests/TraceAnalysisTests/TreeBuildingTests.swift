import Testing
import TraceModel
@testable import TraceAnalysis

/// analysis-rules.md §1: identity, parents, orphans, duplicates, shared spans, cycles, order.
@Suite struct TreeBuildingTests {
    @Test func childrenAndRootsOrderedByStartThenInputOrder() {
        let (_, tree) = buildTree([
            span(0x10, 50, 60), span(1, 0, 100),
            span(2, parent: 1, 30, 40), span(3, parent: 1, 10, 20), span(4, parent: 1, 10, 15),
            span(0x11, 50, 55),
        ])
        #expect(tree.shortIDs == ["1", "3", "4", "2", "10", "11"])
        #expect(tree.roots == [0, 4, 5])
        #expect(tree.children(of: 0).map { tree.short(tree.nodes[Int($0)]) } == ["3", "4", "2"])
        #expect(tree.edges == ["1<-", "3<1", "4<1", "2<1", "10<-", "11<-"])
    }

    @Test func depthSubtreeEndAndTraceBounds() {
        let (_, tree) = buildTree([
            span(1, 10, 100), span(2, parent: 1, 20, 90), span(3, parent: 2, 30, 150), span(4, parent: 1, 95, 99),
        ])
        #expect(tree.nodes.map(\.depth) == [0, 1, 2, 1])
        #expect(tree.nodes.map(\.subtreeEnd) == [4, 3, 3, 4])
        #expect(tree.startNs == 10_000)
        #expect(tree.durationNs == 140_000)
        #expect(tree.nodes.map(\.spanIndex) == [0, 1, 2, 3])
    }

    @Test func orphanBecomesRootAndKeepsMissingParent() {
        let (_, tree) = buildTree([
            span(1, 0, 100), span(2, parent: 0x99, 10, 20), span(3, parent: 2, 12, 18),
        ])
        #expect(tree.edges == ["1<-", "2<-", "3<2"])
        let orphan = tree.nodes[1]
        #expect(orphan.isOrphan && orphan.isRoot)
        #expect(orphan.missingParentID == SpanID(0x99))
        #expect(tree.nodes[2].missingParentID == nil && !tree.nodes[2].isOrphan)
        #expect(tree.missingParentCount == 1)
        #expect(tree.warnings.contains { $0.contains("0000000000000099") && $0.contains("1 span") })
    }

    @Test func exactDuplicatesAreRemovedEvenFromAnotherSourceOffset() {
        let (set, tree) = buildTree([
            span(1, 0, 100), span(2, parent: 1, 10, 20), span(2, parent: 1, 10, 20), span(1, 0, 100),
        ])
        #expect(set.spans.count == 4)
        #expect(tree.nodes.count == 2)
        #expect(tree.nodes.map(\.spanIndex) == [0, 1])
        #expect(tree.duplicatesRemoved == 2)
        #expect(tree.warnings.contains { $0.contains("2 exact duplicate") })
    }

    /// The same ids and times with other attributes (the same span written by two exporters, one
    /// with `db.namespace`, one with `db.name`) are two spans, whatever the order of the files.
    @Test(arguments: [false, true])
    func sameIdsAndTimesWithOtherAttributesAreNotExactDuplicates(reversed: Bool) {
        var (set, trace) = makeSet([span(1, 0, 100), span(2, parent: 1, 10, 20), span(2, parent: 1, 10, 20)])
        let a = SpanDetails(attributes: [Attribute("db.namespace", .string("mydb"))])
        let b = SpanDetails(attributes: [Attribute("db.name", .string("postgres"))])
        set.detailSources = [InMemoryDetails([SpanDetails(), reversed ? b : a, reversed ? a : b])]
        let tree = TraceTree.build(set, trace)
        #expect(tree.nodes.map(\.displayID) == ["0000000000000001", "0000000000000002", "0000000000000002_1"])
        #expect(tree.duplicatesRemoved == 0)
        // The first record keeps the id and its own attributes.
        #expect(set.details(set.spans[tree.nodes[1].spanIndex]) == (reversed ? b : a))
        // Equal details: an exact duplicate again.
        set.detailSources = [InMemoryDetails([SpanDetails(), a, a])]
        trace = Trace(id: testTraceID, spanIndices: [0, 1, 2])
        #expect(TraceTree.build(set, trace).duplicatesRemoved == 1)
    }

    /// 100,000 records of one span id (half of them exact repeats) once took ~55 s: every record
    /// was compared with every earlier one of its id.
    @Test func manyRecordsOfOneIdAreHandledInLinearTime() {
        var specs = [span(1, 0, 1_000_000)]
        for i in 0 ..< 50_000 {
            let t = Int64(i)
            specs.append(span(2, parent: 1, t, t + 5))
            specs.append(span(2, parent: 1, t, t + 5))
        }
        let (_, tree) = buildTree(specs)
        #expect(tree.nodes.count == 50_001)
        #expect(tree.duplicatesRemoved == 50_000)
        #expect(tree.nodes.last?.displayID == "0000000000000002_49999")
    }

    @Test func differingSpansSharingAnIdGetSuffixesAndChildrenAttachToTheFirst() {
        let (_, tree) = buildTree([
            span(1, 0, 100),
            span(2, parent: 1, 10, 20, name: "first"),
            span(2, parent: 1, 30, 40, name: "second"),
            span(3, parent: 2, 12, 14),
            span(2, parent: 1, 50, 60, name: "third"),
            span(2, parent: 1, 30, 40, name: "second"),  // exact repeat of the second: dropped
        ])
        #expect(tree.nodes.count == 5)
        #expect(tree.nodes.map(\.displayID) == [
            "0000000000000001", "0000000000000002", "0000000000000003",
            "0000000000000002_1", "0000000000000002_2",
        ])
        #expect(tree.edges == ["1<-", "2<1", "3<2", "2_1<1", "2_2<1"])
        #expect(tree.nodes[3].flags.contains(.duplicateID))
        #expect(tree.duplicatesRemoved == 1)
        #expect(tree.warnings.contains { $0.contains("0000000000000002_1") })
    }

    @Test(arguments: [false, true])
    func sharedServerHalfNestsUnderClientAndTakesTheChildren(serverFirst: Bool) {
        let client = span(5, parent: 1, 10, 90, name: "call", kind: .client)
        let server = span(5, parent: 1, 20, 80, service: "backend", name: "handle", kind: .server, flags: .shared)
        var specs = [span(1, 0, 100), span(6, parent: 5, 30, 40, service: "backend")]
        specs.insert(contentsOf: serverFirst ? [server, client] : [client, server], at: 1)
        let (set, tree) = buildTree(specs)
        #expect(tree.edges == ["1<-", "5<1", "5<5", "6<5"])
        #expect(set.name(set.spans[tree.nodes[1].spanIndex]) == "call")
        #expect(tree.nodes[2].flags.contains(.sharedServer))
        #expect(tree.nodes[3].parent == 2)
        #expect(tree.nodes.map(\.displayID).allSatisfy { !$0.contains("_") })
        #expect(tree.nodes.map(\.depth) == [0, 1, 2, 3])
    }

    /// One client, three server halves (replicas): all under the client; a child goes under the
    /// half on its own host, and under the first server half (not the client) when no half's
    /// service matches or several match equally.
    @Test func oneClientSeveralServerHalves() {
        let (set, tree) = buildTree([
            span(1, 0, 100, service: "front"),
            span(5, parent: 1, 10, 90, service: "front", name: "send", kind: .client),
            span(5, parent: 1, 20, 80, service: "pusher", name: "recv", kind: .server, flags: .shared, host: "10.0.0.1"),
            span(5, parent: 1, 21, 81, service: "pusher", name: "recv", kind: .server, flags: .shared, host: "10.0.0.2"),
            span(5, parent: 1, 22, 82, service: "pusher", name: "recv", kind: .server, flags: .shared, host: "10.0.0.3"),
            span(6, parent: 5, 30, 40, service: "pusher", name: "on2", host: "10.0.0.2"),
            span(7, parent: 5, 30, 40, service: "pusher", name: "on3", host: "10.0.0.3"),
            span(8, parent: 5, 30, 40, service: "pusher-v2", name: "renamed", host: "10.0.0.9"),
            span(9, parent: 5, 30, 40, service: "pusher", name: "elsewhere", host: "10.0.0.9"),
        ])
        let byName = { (n: String) in tree.nodes.firstIndex { set.name(set.spans[$0.spanIndex]) == n }! }
        let client = byName("send")
        let servers = tree.nodes.indices.filter { tree.nodes[$0].flags.contains(.sharedServer) }
        #expect(servers.count == 3)
        #expect(servers.allSatisfy { tree.nodes[$0].parent == Int32(client) })
        let host = { (node: Int) in set.resource(set.spans[tree.nodes[Int(tree.nodes[node].parent)].spanIndex].resource)!.host }
        #expect(host(byName("on2")) == "10.0.0.2")
        #expect(host(byName("on3")) == "10.0.0.3")
        #expect(host(byName("renamed")) == "10.0.0.1")
        #expect(host(byName("elsewhere")) == "10.0.0.1")
        #expect(tree.warnings.isEmpty)
    }

    @Test func sharedSpanAloneKeepsItsIdAsAnOrdinarySpan() {
        let (_, tree) = buildTree([
            span(1, 0, 100), span(5, parent: 1, 20, 80, kind: .server, flags: .shared), span(6, parent: 5, 30, 40),
        ])
        #expect(tree.edges == ["1<-", "5<1", "6<5"])
        #expect(!tree.nodes[1].flags.contains(.sharedServer))
    }

    @Test func cycleIsCutAtTheEarliestStart() {
        // Parents 2→4→3→2, 5 hangs off 4: cut at 3 (earliest start, 10), so 3 > 4 > {5, 2}.
        let (_, tree) = buildTree([
            span(2, parent: 4, 30, 40), span(3, parent: 2, 10, 50), span(4, parent: 3, 20, 45), span(5, parent: 4, 21, 22),
        ])
        #expect(tree.edges == ["3<-", "4<3", "5<4", "2<4"])
        #expect(tree.nodes[0].flags.contains(.cycleCut))
        #expect(tree.cyclesCut == 1)
        #expect(tree.warnings.contains { $0.contains("cycle") && $0.contains("0000000000000003") })
    }

    @Test func exactDuplicateWithAnEqualResourceUnderAnotherIdIsRemoved() {
        var (set, trace) = makeSet([span(1, 0, 100, host: "h"), span(1, 0, 100, host: "h")])
        #expect(set.spans[0].resource != set.spans[1].resource)
        let tree = TraceTree.build(set, trace)
        #expect(tree.nodes.count == 1)
        set.resources[1].host = "other"
        trace = Trace(id: testTraceID, spanIndices: [0, 1])
        #expect(TraceTree.build(set, trace).nodes.map(\.displayID).last == "0000000000000001_1")
    }

    @Test func cycleTieOnStartIsCutAtTheFirstInInput() {
        let (_, tree) = buildTree([span(7, parent: 8, 10, 20), span(8, parent: 7, 10, 30)])
        #expect(tree.edges == ["7<-", "8<7"])
    }

    @Test func selfParentIsACycleOfOne() {
        let (_, tree) = buildTree([span(1, parent: 1, 0, 10), span(2, parent: 1, 2, 3)])
        #expect(tree.edges == ["1<-", "2<1"])
        #expect(tree.cyclesCut == 1)
    }

    @Test func missingStartFollowsParentAndRootTakesEarliestTime() {
        let (_, tree) = buildTree([
            span(1, 100, 200),
            span(2, parent: 1, 0, 30, flags: .missingStart),
            span(3, parent: 2, 0, 5, flags: .missingStart),
            span(4, 0, 10, flags: .missingStart),
            span(5, 50, 60),
        ])
        #expect(tree.node(id: 2)?.start == 100_000)
        #expect(tree.node(id: 3)?.start == 100_000)
        #expect(tree.node(id: 4)?.start == 50_000)
        #expect(tree.node(id: 2)?.flags.contains(.missingStart) == true)
        #expect(tree.warnings.contains { $0.contains("3 spans have no start") })
        #expect(tree.shortIDs == ["4", "5", "1", "2", "3"])
    }

    @Test func missingDurationAndEndBeforeStartAreZeroAndFlagged() {
        let (_, tree) = buildTree([
            span(1, 0, 100), span(2, parent: 1, 10, 20, flags: .missingDuration),
            span(3, parent: 1, 30, 30, flags: .endBeforeStart),
        ])
        #expect(tree.node(id: 2)?.duration == 0)
        #expect(tree.node(id: 2)?.flags.contains(.missingDuration) == true)
        #expect(tree.node(id: 3)?.flags.contains(.endBeforeStart) == true)
        #expect(tree.warnings.contains { $0.contains("no duration") })
        #expect(tree.warnings.contains { $0.contains("1 span ends before it starts") })
        #expect(tree.node(id: 1)?.selfNs == 100_000)
    }

    @Test func cleanTraceHasNoWarnings() {
        let (_, tree) = buildTree([span(1, 0, 100), span(2, parent: 1, 10, 20)])
        #expect(tree.warnings.isEmpty)
        #expect(tree.missingParentCount == 0 && tree.duplicatesRemoved == 0 && tree.cyclesCut == 0)
    }

    @Test func emptyTraceBuilds() {
        let tree = TraceTree.build(TraceSet(), Trace(id: testTraceID, spanIndices: []))
        #expect(tree.nodes.isEmpty && tree.roots.isEmpty && tree.criticalPath.isEmpty)
        #expect(tree.durationNs == 0)
    }

    @Test func onlyTheTracesSpansAreUsed() {
        let (set, _) = makeSet([span(1, 0, 100), span(2, parent: 1, 10, 20), span(3, parent: 1, 30, 40)])
        let tree = TraceTree.build(set, Trace(id: testTraceID, spanIndices: [0, 2]))
        #expect(tree.nodes.map(\.spanIndex) == [0, 2])
    }
}

extension TreeBuildingTests {
    @Test func buildAllMakesOneTreePerTraceInOrder() {
        var (set, _) = makeSet([span(1, 0, 10), span(2, 0, 20), span(3, parent: 1, 1, 2)])
        let other = TraceID(high: 0, low: 0xdef)
        set.spans[1].traceID = other
        let trees = TraceTree.buildAll(set)
        #expect(trees.map(\.traceID) == [testTraceID, other])
        #expect(trees.map(\.nodes.count) == [2, 1])
        #expect(trees[0].warnings.isEmpty)
    }

    @Test func warningsNameTheTrace() {
        let (_, tree) = buildTree([span(1, parent: 5, 0, 10)])
        #expect(tree.warnings.count == 1)
        #expect(tree.warnings[0].hasPrefix("trace 0000000000000abc: "))
    }

    @Test func allZeroIdsAreNeverMergedOrRenamed() {
        let (_, tree) = buildTree([span(0, 0, 10), span(0, 0, 10), span(0, 5, 20)])
        #expect(tree.nodes.count == 3)
        #expect(tree.nodes.allSatisfy { $0.duplicateOrdinal == 0 })
    }

    @Test func invalidParentIsReported() {
        let (_, tree) = buildTree([span(1, 0, 10, flags: .invalidParent)])
        #expect(tree.warnings.contains { $0.contains("invalid parent") })
        #expect(tree.roots == [0])
    }
}

extension TreeBuildingTests {
    @Test func cycleCutRootIsNeverPrunedFromTheCriticalPath() {
        let (_, tree) = buildTree([span(7, parent: 8, 10, 20, flags: .followsFromParent), span(8, parent: 7, 12, 15)])
        #expect(tree.edges == ["7<-", "8<7"])
        #expect(!tree.nodes[0].flags.contains(.nonBlocking))
        #expect(tree.nodes[0].criticalNs == 7_000 && tree.nodes[1].criticalNs == 3_000)
    }
}
