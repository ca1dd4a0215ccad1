import Testing
import TraceModel
@testable import TraceAnalysis

/// analysis-rules.md §5; percentiles are nearest-rank (documented on `Distribution`).
@Suite struct StatisticsTests {
    @Test(arguments: [
        (Array(1 ... 20), 50, 10), (Array(1 ... 20), 95, 19), (Array(1 ... 10), 95, 10), (Array(1 ... 10), 50, 5),
        ([7], 95, 7), ([7], 50, 7), ([1, 2], 50, 1), ([1, 2], 95, 2), ([], 50, 0), (Array(1 ... 100), 95, 95),
        (Array(1 ... 101), 95, 96),
    ] as [([Int64], Int, Int64)])
    func nearestRankPercentile(values: [Int64], p: Int, expected: Int64) {
        #expect(TraceStatistics.percentile(values, p) == expected)
    }

    static let specs = [
        span(1, 0, 100, service: "frontend", name: "GET /", status: .error),
        span(2, parent: 1, 10, 40, service: "backend", name: "query"),
        span(3, parent: 1, 50, 90, service: "backend", name: "query", status: .error),
        span(4, parent: 3, 60, 70, service: "backend", name: "cache"),
    ]

    @Test func perOperationRows() throws {
        let (set, tree) = buildTree(Self.specs)
        let stats = TraceStatistics(set, tree: tree)
        #expect(stats.operations.map { "\($0.service)/\($0.operation ?? "-")" } == ["backend/cache", "backend/query", "frontend/GET /"])
        let q = stats.operations[1]
        #expect(q.count == 2 && q.errorCount == 1)
        #expect(q.totalNs == 70_000 && q.selfNs == 60_000 && q.criticalNs == 60_000)
        #expect(q.duration == .init(minNs: 30_000, meanNs: 35_000, p50Ns: 30_000, p95Ns: 40_000, maxNs: 40_000))
        #expect(q.selfTime == .init(minNs: 30_000, meanNs: 30_000, p50Ns: 30_000, p95Ns: 30_000, maxNs: 30_000))
        let root = stats.operations[2]
        #expect(root.count == 1 && root.errorCount == 1 && root.selfNs == 30_000 && root.criticalNs == 30_000)
        #expect(stats.traceDurationNs == 100_000 && stats.traceCount == 1)
        #expect(stats.percentOfTraceTime(q.criticalNs) == 60)
    }

    @Test func perServiceRows() {
        let (set, tree) = buildTree(Self.specs)
        let stats = TraceStatistics(set, tree: tree)
        #expect(stats.services.map(\.service) == ["backend", "frontend"])
        #expect(stats.services.allSatisfy { $0.operation == nil })
        let b = stats.services[0]
        #expect(b.count == 3 && b.errorCount == 1)
        #expect(b.totalNs == 80_000 && b.selfNs == 70_000 && b.criticalNs == 70_000)
        #expect(b.duration.minNs == 10_000 && b.duration.p50Ns == 30_000 && b.duration.maxNs == 40_000)
        #expect(b.duration.meanNs == 26_667)  // 80000 / 3 rounded half up
        // critical time over all services adds up to the trace duration
        #expect(stats.services.reduce(0) { $0 + $1.criticalNs } == tree.durationNs)
    }

    @Test func aggregatesOverManyTrees() {
        let (set, trace) = makeSet(Self.specs)
        let t1 = TraceTree.build(set, trace)
        let t2 = TraceTree.build(set, Trace(id: testTraceID, spanIndices: [1]))
        let stats = TraceStatistics(set, trees: [t1, t2])
        #expect(stats.traceCount == 2 && stats.traceDurationNs == 130_000)
        let q = stats.operations[1]
        #expect(q.count == 3 && q.totalNs == 100_000 && q.criticalNs == 90_000)
        #expect(q.duration.p50Ns == 30_000 && q.duration.p95Ns == 40_000)
    }

    @Test func meanRoundsHalfUp() {
        var (set, trace) = makeSet([span(1, 0, 1, name: "x"), span(2, 0, 1, name: "x")])
        set.spans[0].duration = 1
        set.spans[1].duration = 2
        _ = trace
        let trees = [TraceTree.build(set, Trace(id: testTraceID, spanIndices: [0])),
                     TraceTree.build(set, Trace(id: testTraceID, spanIndices: [1]))]
        #expect(TraceStatistics(set, trees: trees).operations[0].duration.meanNs == 2)
    }
}

extension StatisticsTests {
    /// Selection-based percentiles agree with sorting, across many groups (the group table grows).
    @Test func distributionsMatchSortedNearestRank() {
        var rng = SplitMix(seed: 7)
        var specs: [SpanSpec] = []
        for i in 0 ..< 3000 {
            let d = Int64(rng.next() % 50)  // many ties
            specs.append(span(UInt64(i + 1), 0, d, service: "s\(i % 3)", name: "op\(i % 150)"))
        }
        let (set, tree) = buildTree(specs)
        let stats = TraceStatistics(set, tree: tree)
        #expect(stats.operations.count == 150)
        for row in stats.operations {
            let values = tree.nodes.filter {
                let s = set.spans[$0.spanIndex]
                return set.service(s) == row.service && set.name(s) == row.operation
            }.map(\.duration).sorted()
            #expect(row.count == values.count)
            #expect(row.duration.minNs == values.first && row.duration.maxNs == values.last)
            #expect(row.duration.p50Ns == TraceStatistics.percentile(values, 50))
            #expect(row.duration.p95Ns == TraceStatistics.percentile(values, 95))
        }
        #expect(stats.services.map(\.count) == [1000, 1000, 1000])
    }
}

@Suite struct StatisticsSaturationTests {
    /// 700 spans of about 2^55 ns (the longest the loader keeps) sum beyond Int64: the totals
    /// saturate instead of wrapping to a small or negative number, and the mean stays exact.
    @Test func totalsOfManyLongestSpansSaturateAndTheMeanStaysRight() {
        let long: Int64 = 36_028_797_018_963  // µs, just under 2^55 ns
        let specs = [span(1, 0, long, name: "root")] + (2 ... 701).map { span(UInt64($0), parent: 1, 0, long, name: "child") }
        let (set, tree) = buildTree(specs)
        let stats = TraceStatistics(set, tree: tree)
        let child = stats.operations.first { $0.operation == "child" }!
        #expect(child.count == 700)
        #expect(child.totalNs == .max && child.selfNs == .max)
        #expect(child.duration.meanNs == long * 1000)
        #expect(child.duration.maxNs == long * 1000)
    }
}
