import Testing
import TraceModel
@testable import TraceAnalysis

@Suite struct ServiceMapTests {
    /// web → api (2 calls, one an error) → db; api → queue → worker (a message); worker → api
    /// (a loop back); web's own child spans make no edge.
    static func trace() -> (TraceSet, TraceTree) {
        buildTree([
            span(1, 0, 100, service: "web", name: "get"),
            span(2, parent: 1, 5, 10, service: "web", name: "render"),
            span(3, parent: 1, 10, 50, service: "api", name: "a"),
            span(4, parent: 3, 20, 40, service: "db", name: "q"),
            span(5, parent: 1, 60, 90, service: "api", name: "b", status: .error),
            span(6, parent: 5, 62, 64, service: "api", name: "send", kind: .producer),
            span(7, parent: 6, 70, 150, service: "worker", name: "consume", kind: .consumer),
            span(8, parent: 7, 80, 85, service: "api", name: "callback"),
        ])
    }

    static func edges(_ map: ServiceMap) -> [String] {
        map.edges.map { "\($0.callerName)>\($0.calleeName)" }
    }

    @Test func edgesCountCallsErrorsAndLatency() {
        let (set, tree) = Self.trace()
        let map = ServiceMap(set, trees: [tree])
        #expect(Self.edges(map) == ["web>api", "api>db", "api>worker", "worker>api"])
        let api = map.edges[0]
        #expect(api.calls == 2 && api.errors == 1)
        #expect(api.totalNs == 70_000 && api.p50Ns == 30_000 && api.p95Ns == 40_000)
        #expect(!api.messaging && map.edges[2].messaging)
        #expect(map.edges[2].spans == [ServiceMap.SpanRef(trace: 0, node: 6)])
        // The critical path covers [0,100]; inside the calls to api: b and its send [60,90],
        // a and its query [10,50]: 70 of 100.
        let critical = tree.criticalPath.reduce(0) { $0 + $1.durationNs }
        #expect(map.criticalTotalNs == critical)
        #expect(api.criticalNs == 70_000)
        #expect(map.share(api) == 0.7)
    }

    @Test func treeMarksRepeatsAndCutsLoops() {
        let (set, tree) = Self.trace()
        let map = ServiceMap(set, trees: [tree])
        let rows = map.tree { a, b in map.edges[a].calls != map.edges[b].calls ? map.edges[a].calls > map.edges[b].calls : a < b }
        let text = rows.map { String(repeating: " ", count: $0.depth) + map.names[$0.service]! + ($0.mark == .cycle ? " ↺" : $0.mark == .repeated ? " ≡" : "") }
        #expect(text == ["web", " api", "  db", "  worker", "   api ↺"])
    }

    @Test func manyTracesAddUpAndRepeatsAreMarked() {
        let (set, tree) = buildTree([
            span(1, 0, 100, service: "a"), span(2, parent: 1, 10, 20, service: "b"), span(3, parent: 1, 30, 40, service: "c"),
            span(4, parent: 3, 32, 38, service: "b"), span(5, parent: 4, 33, 34, service: "d"),
        ])
        let map = ServiceMap(set, trees: [tree, tree])
        #expect(map.edges.first { $0.calleeName == "b" && $0.callerName == "a" }?.calls == 2)
        let rows = map.tree { $0 < $1 }
        #expect(rows.map { map.names[$0.service]! } == ["a", "b", "d", "c", "b"])
        #expect(rows.last?.mark == .repeated)
    }

    @Test func anEntryServiceAlsoCalledIsListedOnce() {
        // b is called by a, and also an entry (an orphan whose parent is not in the trace).
        let (set, tree) = buildTree([
            span(1, 0, 100, service: "a"), span(2, parent: 1, 10, 20, service: "b"), span(3, parent: 2, 12, 18, service: "c"),
            span(4, parent: 99, 200, 300, service: "b"),
        ])
        let map = ServiceMap(set, trees: [tree])
        let rows = map.tree { $0 < $1 }
        #expect(rows.map { map.names[$0.service]! } == ["a", "b", "c", "b"])
        #expect(rows.map(\.mark) == [.none, .none, .none, .repeated])
        #expect(rows.last?.edge == nil)
    }

    @Test func emptyAndDeep() {
        #expect(ServiceMap(TraceSet(), trees: []).tree { $0 < $1 }.isEmpty)
        // A long chain alternating two services: one edge each way, the loop cut at once.
        var specs: [SpanSpec] = []
        for i in 0 ..< 5000 { specs.append(span(UInt64(i + 1), parent: UInt64(i), Int64(i), Int64(20_000 - i), service: i % 2 == 0 ? "x" : "y")) }
        let (set, tree) = buildTree(specs)
        let map = ServiceMap(set, trees: [tree])
        #expect(map.edges.count == 2 && map.edges[0].calls == 2500)
        #expect(map.tree { $0 < $1 }.map(\.mark) == [.none, .none, .cycle])
    }
}
