import Foundation
import Synchronization
import TraceModel

/// Work `update` hands to the run loop because it may take longer than a frame. The run loop
/// runs it on `Background`; its result comes back as a `Message` (`.jobDone`). While it runs,
/// the status line names it with its progress, keys stay live, and `<Esc>` cancels it.
public struct Job: Sendable, Equatable {
    public let id: Int
    /// What the status line says ("searching span details").
    public let label: String
    public let progress: JobProgress
    let work: @Sendable (JobProgress) -> JobResult

    public static func == (a: Job, b: Job) -> Bool { a.id == b.id }
}

/// Shared between a running job (writes) and the status line (reads); cancellation goes the
/// other way.
public final class JobProgress: Sendable {
    private let done = Atomic<Int>(0)
    private let total = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)
    let started = Date()

    public init() {}

    public func set(_ value: Int, of all: Int) {
        total.store(all, ordering: .relaxed)
        done.store(value, ordering: .relaxed)
    }

    public var fraction: Double? {
        let t = total.load(ordering: .relaxed)
        return t > 0 ? Double(done.load(ordering: .relaxed)) / Double(t) : nil
    }

    public func cancel() { cancelled.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

/// What a job computed, applied by `update` (if the job is still the one waited for).
public enum JobResult: Sendable, Equatable {
    case searchMatches(query: String, trace: Int, generation: Int, matches: [Int32])
    case exportReady(path: String, bytes: [UInt8], spans: Int)
    /// The statistics (of trace `trace`, or of all traces) are computed: open them.
    case statisticsReady(trace: Int?, generation: Int)
    /// The traces with an operation, for the list (`<Enter>` in the all-traces statistics).
    case tracesWith(label: String, traces: Set<Int>, generation: Int)
    /// The other clock-skew times of the open trace are built: switch to them.
    case skewReady(trace: Int, generation: Int)
    /// The input, loaded and analysed (`ExplorerApp.load`).
    case loaded(ExplorerData, traceID: TraceID?, spanID: SpanID?, problems: LoadProblems)
    case cancelled

    public static func == (a: JobResult, b: JobResult) -> Bool {
        switch (a, b) {
        case (.searchMatches(let q, let t, let g, let m), .searchMatches(let q2, let t2, let g2, let m2)):
            return q == q2 && t == t2 && g == g2 && m == m2
        case (.exportReady(let p, let b, let s), .exportReady(let p2, let b2, let s2)): return p == p2 && b == b2 && s == s2
        case (.statisticsReady(let t, let g), .statisticsReady(let t2, let g2)): return t == t2 && g == g2
        case (.tracesWith(let l, let t, let g), .tracesWith(let l2, let t2, let g2)): return l == l2 && t == t2 && g == g2
        case (.skewReady(let t, let g), .skewReady(let t2, let g2)): return t == t2 && g == g2
        case (.loaded(let d, let t, let s, let n), .loaded(let d2, let t2, let s2, let n2)): return d === d2 && t == t2 && s == s2 && n == n2
        case (.cancelled, .cancelled): return true
        default: return false
        }
    }
}

extension AppState {
    /// Starts `work` as a job, replacing (and cancelling) any job still running.
    mutating func startJob(_ label: String, _ work: @escaping @Sendable (JobProgress) -> JobResult) -> [Effect] {
        running?.progress.cancel()
        nextJobID += 1
        let job = Job(id: nextJobID, label: label, progress: JobProgress(), work: work)
        running = job
        return [.run(job)]
    }

    /// `<Esc>` while a job runs.
    mutating func cancelJob() -> Bool {
        guard let job = running, !job.label.hasPrefix("loading") else { return false }
        job.progress.cancel()
        running = nil
        message = "cancelled: \(job.label)"
        return true
    }

    mutating func finish(job id: Int, _ result: JobResult) -> [Effect] {
        guard running?.id == id else { return [] }  // cancelled or replaced meanwhile
        running = nil
        switch result {
        case .searchMatches(let query, let trace, let generation, let matches):
            guard var wf = waterfall, wf.traceIndex == trace, data.generation == generation else { return [] }
            message = wf.applyMatches(query, matches, page: waterfallBodyHeight)
            waterfall = wf
        case .exportReady(let path, let bytes, let spans):
            message = "wrote \(path) (\(spans) span\(spans == 1 ? "" : "s"), \(Self.size(bytes.count)))"
            return [.writeFile(path: path, bytes: bytes)]
        case .statisticsReady(let trace, let generation):
            guard data.generation == generation else { return [] }
            openStatistics(trace: trace)
        case .tracesWith(let label, let traces, let generation):
            guard data.generation == generation, screen == .traceList else { return [] }
            list.only = (label, traces)
            refilter()
            message = "traces with \(label)"
        case .skewReady(let trace, let generation):
            guard data.generation == generation, waterfall?.traceIndex == trace else { return [] }
            return perform(.toggleSkew)
        case .loaded(let loaded, let traceID, let spanID, let problems):
            data = loaded
            refilter()
            openStart(traceID: traceID, spanID: spanID)
            adopt(problems: problems)
        case .cancelled:
            break
        }
        return []
    }

    /// Where the explorer starts: the trace (and span) asked for, else a lone trace's waterfall,
    /// else the list.
    mutating func openStart(traceID: TraceID?, spanID: SpanID?) {
        // A span id alone is enough: its trace is the one that holds it.
        let set = data.set
        let trace = traceID ?? spanID.flatMap { id in set.spans.first { $0.spanID == id }?.traceID }
        if let trace, select(traceID: trace, spanID: spanID) { return }
        if traceID != nil || spanID != nil { message = "not found: \(traceID?.hex ?? spanID?.hex ?? "")" }
        if data.analysis.trees.count == 1 { openTrace(0) }
    }

    /// "searching span details… 42% (Esc cancels)" after the first half second.
    var jobStatus: String? {
        guard let job = running else { return nil }
        var text = job.label + "…"
        let elapsed = Date().timeIntervalSince(job.progress.started)
        if elapsed > 0.5 {
            if let f = job.progress.fraction { text += " \(Int(f * 100))%" } else { text += String(format: " %.1f s", elapsed) }
        }
        // Loading is not cancelled (q quits); everything else is.
        return job.label.hasPrefix("loading") ? text : text + " (Esc cancels)"
    }
}
