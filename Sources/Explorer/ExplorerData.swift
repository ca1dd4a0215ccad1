import Foundation
import Synchronization
import TraceAnalysis
import TraceModel
import TerminalUI

/// One trace as the list shows it; computed once when the explorer starts.
public struct TraceSummary: Sendable {
    public var index: Int
    public var traceID: TraceID
    public var start: Int64
    public var duration: Int64
    public var rootService: String
    public var rootName: String
    public var spanCount: Int
    public var serviceCount: Int
    public var errorCount: Int
    public var missingParents: Int
    /// Lower-cased distinct services and names, newline separated, for the filter.
    var haystack: String
    /// Lower-cased distinct services, and span names, newline separated (`service=`, `name=`).
    var services: String
    var names: String
}

/// The loaded, analysed input: immutable and shared by every state value.
public final class ExplorerData: Sendable {
    public let set: TraceSet
    public let analysis: Analysis
    public let summaries: [TraceSummary]
    public let maxDuration: Int64
    /// The earliest and latest trace start (0 when nothing is loaded).
    public let startRange: ClosedRange<Int64>
    /// Log records by trace and span (built once by `Analysis`, beside the trees).
    public var logs: LogIndex { analysis.logs }
    /// Per trace: the lower-cased text (event name, body, attributes) of all its log records in
    /// one byte buffer, for the `log:` filter; built on first use. One buffer per trace makes a
    /// filter pass a `memchr`/`memcmp` scan (a million log lines: ~100 MB, tens of ms) instead of
    /// a million String searches (~1.4 s).
    private let logTextCache: Lazy<[[UInt8]]>
    /// Statistics and outlier baselines: computed on first use, then kept.
    let statisticsCache: StatisticsCache
    /// Trees built after loading (the other clock-skew times of an opened trace): each opened
    /// trace may cost at most one. Tests read it; a prefetch that rebuilt the other times of
    /// the other times once grew memory without end.
    let extraTreeBuilds = Atomic<Int>(0)

    /// Live data: which generation of the loaded data this is (0 = as loaded at start), and
    /// the traces that changed or arrived in it.
    public let generation: Int
    public let changedTraces: [Int]
    /// Built from scratch (`LiveFeed.replace`: the backend's cache evicted traces), not merged:
    /// trace positions and span indices may all differ from the generation before.
    public let isReplacement: Bool
    private let traceSlots: Lazy<[TraceID: Int]>

    public convenience init(set: TraceSet, analysis: Analysis) {
        self.init(set: set, analysis: analysis,
                  summaries: analysis.trees.indices.map { Self.summarize(set, analysis.trees[$0], index: $0) },
                  generation: 0, changed: [])
    }

    /// The next generation: `batch` merged in. Only the changed traces' trees and summaries are
    /// rebuilt; statistics, baselines and filter texts are recomputed lazily when first asked.
    public func merging(_ batch: TraceSet) -> ExplorerData {
        var (merged, changed) = analysis.merging(batch)
        if !batch.logs.isEmpty {
            // Traces that only got logs (Loki) change too: their open waterfall picks them up.
            let ids = Set(batch.logs.map(\.traceID))
            let more = merged.traces.indices.filter { ids.contains(merged.traces[$0].id) }
            changed = Array(Set(changed).union(more)).sorted()
        }
        var sums = summaries
        for t in changed {
            let s = Self.summarize(merged.set, merged.trees[t], index: t)
            if t < sums.count { sums[t] = s } else { sums.append(s) }
        }
        return ExplorerData(set: merged.set, analysis: merged, summaries: sums, generation: generation + 1, changed: changed)
    }

    /// Everything in `set`, analysed anew, as the generation after `previous` (eviction).
    public static func replacing(_ previous: ExplorerData, with set: TraceSet, options: AnalysisOptions = .init()) -> ExplorerData {
        let analysis = Analysis(set, options: options)
        return ExplorerData(set: set, analysis: analysis,
                            summaries: analysis.trees.indices.map { summarize(set, analysis.trees[$0], index: $0) },
                            generation: previous.generation + 1, changed: [], replacement: true)
    }

    init(set: TraceSet, analysis: Analysis, summaries: [TraceSummary], generation: Int, changed: [Int], replacement: Bool = false) {
        self.set = set
        self.analysis = analysis
        self.summaries = summaries
        self.generation = generation
        changedTraces = changed
        isReplacement = replacement
        traceSlots = Lazy { [summaries] in
            Dictionary(summaries.map { ($0.traceID, $0.index) }, uniquingKeysWith: { a, _ in a })
        }
        maxDuration = summaries.map(\.duration).max() ?? 0
        startRange = (summaries.map(\.start).min() ?? 0)...(summaries.map(\.start).max() ?? 0)
        statisticsCache = StatisticsCache(set: set, trees: analysis.trees)
        let logs = analysis.logs
        logTextCache = Lazy { [summaries] in
            summaries.map { sum in
                var buf: [UInt8] = []
                for i in logs.logs(trace: sum.traceID) {
                    let r = set.logs[Int(i)]
                    var s = r.eventName + "\n" + r.body.text
                    for a in r.attributes { s += "\n" + a.key + "=" + a.value.text }
                    buf.append(contentsOf: s.lowercased().utf8)
                    buf.append(0x0A)
                }
                return buf
            }
        }
    }

    /// Work a new generation does before the UI thread sees it: the open trace's index (with
    /// its span-to-node map, which carries the cursor over) and the outlier medians the first
    /// frame draws with.
    func prepare(openTrace: Int?) {
        _ = statisticsCache.baseline
        if let t = openTrace, changedTraces.contains(t), t < analysis.trees.count {
            let index = TraceIndex(data: self, traceIndex: t)
            _ = index.nodeOfSpan
            _ = index.allRows
            preparedIndex.withLock { $0 = index }
        }
    }

    /// The position of the trace with `id` (O(1) after the first call per generation).
    public func traceIndex(of id: TraceID) -> Int? { traceSlots.value[id] }

    /// The index `prepare` built, taken once.
    func takePreparedIndex(_ trace: Int) -> TraceIndex? {
        preparedIndex.withLock { p in
            defer { p = nil }
            return p?.traceIndex == trace ? p : nil
        }
    }
    private let preparedIndex = Mutex<TraceIndex?>(nil)

    /// Inputs where reading every span's details or every log record per keystroke would lag.
    var isLarge: Bool { self.set.spans.count > Thresholds.largeInputSpans || self.set.logs.count > Thresholds.largeInputLogs }

    /// Whether any log of trace `index` has `needle` (lower-cased) in its body or attributes.
    func traceLogsContain(_ trace: Int, _ needle: String) -> Bool {
        guard logs.count(trace: summaries[trace].traceID) > 0 else { return false }
        // `log:` alone: any trace with logs.
        if needle.isEmpty { return true }
        return Self.bytes(logTextCache.value[trace], contain: Array(needle.utf8))
    }

    static func bytes(_ hay: [UInt8], contain needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard hay.count >= needle.count else { return false }
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var p = h.baseAddress!
                let last = h.baseAddress! + (h.count - n.count)  // last possible start
                while p <= last {
                    guard let q = memchr(p, Int32(n[0]), last - p + 1) else { return false }
                    let at = UnsafePointer(q.assumingMemoryBound(to: UInt8.self))
                    if memcmp(at, n.baseAddress!, n.count) == 0 { return true }
                    p = at + 1
                }
                return false
            }
        }
    }

    static func summarize(_ set: TraceSet, _ tree: TraceTree, index: Int) -> TraceSummary {
        // Flags indexed by interned string id, not Sets: a million-span trace costs one pass.
        var seen = [UInt8](repeating: 0, count: set.strings.count)  // bit 0 service, bit 1 name
        var services: [StringID] = [], names: [StringID] = []
        var errors = 0
        for n in tree.nodes {
            let s = set.spans[n.spanIndex]
            if seen[Int(s.service.raw)] & 1 == 0 { seen[Int(s.service.raw)] |= 1; services.append(s.service) }
            if seen[Int(s.name.raw)] & 2 == 0 { seen[Int(s.name.raw)] |= 2; names.append(s.name) }
            if s.isError { errors += 1 }
        }
        let root = tree.roots.first.map { set.spans[tree.nodes[Int($0)].spanIndex] }
        let hay = Set(services + names).map { set.strings[$0].lowercased() }.sorted().joined(separator: "\n")
        func between(_ ids: [StringID]) -> String { "\n" + ids.map { set.strings[$0].lowercased() }.joined(separator: "\n") + "\n" }
        return TraceSummary(
            index: index, traceID: tree.traceID, start: tree.startNs, duration: tree.durationNs,
            rootService: root.map { set.service($0) } ?? "", rootName: root.map { set.name($0) } ?? "",
            spanCount: tree.nodes.count, serviceCount: services.count, errorCount: errors,
            missingParents: tree.missingParentCount, haystack: hay, services: between(services), names: between(names))
    }
}
