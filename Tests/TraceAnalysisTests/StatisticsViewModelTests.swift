import Testing
import TraceModel
@testable import TraceAnalysis
import TestSupport

/// Sorting, outlier baselines and the two-trace comparison.
@Suite struct StatisticsOrderTests {
    @Test func ordersByAnyColumnWithNameTieBreak() {
        let (set, tree) = buildTree(StatisticsTests.specs)
        let rows = TraceStatistics(set, tree: tree).operations  // backend/cache, backend/query, frontend/GET /
        #expect(TraceStatistics.order(rows, by: .selfTime, descending: true) == [1, 2, 0])  // 60, 30, 10 ms
        #expect(TraceStatistics.order(rows, by: .selfTime, descending: false) == [0, 2, 1])
        #expect(TraceStatistics.order(rows, by: .count, descending: true) == [1, 0, 2])  // 2, 1, 1: ties by name
        #expect(TraceStatistics.order(rows, by: .count, descending: false) == [0, 2, 1])
        #expect(TraceStatistics.order(rows, by: .name, descending: false) == [0, 1, 2])
        #expect(TraceStatistics.order(rows, by: .name, descending: true) == [2, 1, 0])
        #expect(TraceStatistics.order(rows, by: .errors, descending: true) == [1, 2, 0])
        #expect(TraceStatistics.order(rows, by: .max, descending: true) == [2, 1, 0])
        #expect(TraceStatistics.order(rows, by: .critical, descending: true) == [1, 2, 0])
    }

    @Test func rowsCarryTheirStringIDs() {
        let (set, tree) = buildTree(StatisticsTests.specs)
        let stats = TraceStatistics(set, tree: tree)
        for row in stats.operations {
            #expect(set.strings[row.serviceID] == row.service && set.strings[row.operationID] == row.operation)
        }
        #expect(stats.services.allSatisfy { $0.operationID == .empty && set.strings[$0.serviceID] == $0.service })
    }
}

@Suite struct OperationBaselineTests {
    /// Five `q` spans of 10 µs and one of `slow` µs, one `rare` span, under a root.
    static func specs(slow: Int64) -> [SpanSpec] {
        var s = [span(1, 0, 1000, service: "api", name: "root")]
        for i in 0..<5 { s.append(span(UInt64(i + 2), parent: 1, Int64(i) * 20, Int64(i) * 20 + 10, service: "db", name: "q")) }
        s.append(span(7, parent: 1, 200, 200 + slow, service: "db", name: "q"))
        s.append(span(8, parent: 1, 500, 900, service: "db", name: "rare"))
        return s
    }

    @Test func medianAndRatio() throws {
        let (set, tree) = buildTree(Self.specs(slow: 42))
        let base = OperationBaseline(set, trees: [tree])
        let slow = try #require(tree.nodes.first { $0.spanID == SpanID(7) })
        let e = try #require(base.entry(for: set.spans[slow.spanIndex]))
        #expect(e == .init(count: 6, medianNs: 10_000))
        let o = try #require(base.outlier(set.spans[slow.spanIndex], durationNs: slow.duration))
        #expect(o.ratio == 4.2 && o.count == 6 && o.medianNs == 10_000)
        let normal = try #require(tree.nodes.first { $0.spanID == SpanID(2) })
        #expect(base.outlier(set.spans[normal.spanIndex], durationNs: normal.duration) == nil)
    }

    @Test func thresholdIsThreeTimesTheMedianInclusive() throws {
        let (set, tree) = buildTree(Self.specs(slow: 30))
        let base = OperationBaseline(set, trees: [tree])
        let slow = try #require(tree.nodes.first { $0.spanID == SpanID(7) })
        #expect(base.outlier(set.spans[slow.spanIndex], durationNs: slow.duration)?.ratio == 3)
        #expect(base.outlier(set.spans[slow.spanIndex], durationNs: 29_999) == nil)
    }

    @Test func fewSamplesOrZeroMedianNeverFlag() throws {
        let (set, tree) = buildTree(Self.specs(slow: 42))
        let base = OperationBaseline(set, trees: [tree])
        let rare = try #require(tree.nodes.first { $0.spanID == SpanID(8) })
        #expect(base.entry(for: set.spans[rare.spanIndex])?.count == 1)
        #expect(base.outlier(set.spans[rare.spanIndex], durationNs: 1_000_000_000) == nil)
        var zeros = (0..<6).map { span(UInt64($0 + 1), 0, 0, name: "z") }
        zeros.append(span(9, 0, 50, name: "z"))
        let (zs, zt) = buildTree(zeros)
        let zb = OperationBaseline(zs, trees: [zt])
        #expect(zb.entry(for: zs.spans[0])?.medianNs == 0)
        #expect(zb.outlier(zs.spans[6], durationNs: 50_000) == nil)
    }

    @Test func medianIsTheStatisticsP50AcrossTrees() {
        let (set, trace) = makeSet(StatisticsTests.specs)
        let t1 = TraceTree.build(set, trace)
        let t2 = TraceTree.build(set, Trace(id: testTraceID, spanIndices: [1]))
        let base = OperationBaseline(set, trees: [t1, t2])
        let stats = TraceStatistics(set, trees: [t1, t2])
        for row in stats.operations {
            let s = set.spans.first { $0.service == row.serviceID && $0.name == row.operationID }!
            #expect(base.entry(for: s) == .init(count: row.count, medianNs: row.duration.p50Ns))
        }
    }
}

@Suite struct TraceComparisonTests {
    @Test func mergesOperationsOfBothTraces() {
        let a = [span(1, 0, 100, service: "fe", name: "GET"), span(2, parent: 1, 10, 40, service: "db", name: "q"),
                 span(3, parent: 1, 50, 60, service: "db", name: "old")]
        let b = [span(1, 0, 200, service: "fe", name: "GET"), span(2, parent: 1, 10, 70, service: "db", name: "q"),
                 span(3, parent: 1, 80, 100, service: "db", name: "q"), span(4, parent: 1, 120, 130, service: "cache", name: "get")]
        let (sa, ta) = buildTree(a)
        let (sb, tb) = buildTree(b)
        let c = TraceComparison(a: TraceStatistics(sa, tree: ta), b: TraceStatistics(sb, tree: tb))
        #expect(c.rows.map { "\($0.service)/\($0.operation)" } == ["cache/get", "db/old", "db/q", "fe/GET"])
        let q = c.rows[2]
        #expect(q.a.count == 1 && q.b.count == 2 && q.countDelta == 1)
        #expect(q.a.totalNs == 30_000 && q.b.totalNs == 80_000 && q.totalDelta == 50_000)
        #expect(q.a.meanNs == 30_000 && q.b.meanNs == 40_000 && q.meanDelta == 10_000)
        #expect(q.selfDelta == 50_000)
        #expect(c.rows[0].a == .init() && c.rows[0].b.count == 1)  // only in B
        #expect(c.rows[1].b == .init() && c.rows[1].totalDelta == -10_000)  // only in A
        let root = c.rows[3]
        #expect(root.a.selfNs == 60_000 && root.b.selfNs == 110_000 && root.selfDelta == 50_000)
        #expect(c.durationA == 100_000 && c.durationB == 200_000)
        #expect(c.order(by: .total, descending: true) == [3, 2, 0, 1])
        #expect(c.order(by: .total, descending: false) == [1, 0, 2, 3])
        #expect(c.order(by: .count, descending: true) == [0, 2, 3, 1])
        #expect(c.order(by: .name, descending: true) == [3, 2, 1, 0])
    }
}

@Suite struct OperationIndexTests {
    @Test func listsEachOperationsAndServicesNodesAscending() {
        var rng = SplitMix64(seed: 11)
        var specs = [span(1, 0, 1000, service: "root", name: "r")]
        for i in 1..<500 {
            let parent = UInt64(Int(rng.next() % UInt64(i)) + 1)
            specs.append(span(UInt64(i + 1), parent: parent, 1, 2, service: "s\(i % 4)", name: "op\(i % 7)"))
        }
        let (set, tree) = buildTree(specs)
        let index = OperationIndex(set, tree: tree)
        let stats = TraceStatistics(set, tree: tree)
        for row in stats.operations + stats.services {
            let op: StringID? = row.operation == nil ? nil : row.operationID
            let expected = tree.nodes.indices.filter {
                let s = set.spans[tree.nodes[$0].spanIndex]
                return s.service == row.serviceID && (op == nil || s.name == op)
            }.map { Int32($0) }
            #expect(index.nodes(service: row.serviceID, operation: op) == expected)
        }
        #expect(index.nodes(service: StringID(9999), operation: nil).isEmpty)
    }
}
