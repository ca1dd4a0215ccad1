import Dispatch
import Foundation
import Receivers
import Synchronization
import TraceModel
import TraceStore

/// The receivers' sink into a `TraceStore`. One writer thread owns the writes (a plain thread:
/// the cooperative pool has two threads here and the receivers' networking needs them); each
/// `accept` queues its batch and waits until the transaction holding it is committed, so a
/// sender is answered only once its spans would survive a `kill -9`. The writer commits
/// everything queued in ONE transaction (group commit): under load, a commit's fixed cost
/// (the shared pages of the trace table and indexes, the WAL frame headers) is paid once for
/// several requests. Retention runs on the same thread, in slices between commits; WAL
/// checkpoints (with their fsyncs) run on a second thread, so commits never wait for them.
public final class StoreSink: SpanSink {
    private struct Pending {
        var batch: TraceSet
        var parts: [StoreBatch]
        var bytes: Int
        var done: CheckedContinuation<SinkError?, Never>
    }

    private struct State {
        var queue: [Pending] = []
        var pendingBytes = 0
        var closing = false
        var writerDone = false
        var finished = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
        /// The writer takes nothing while set (tests: a writer that cannot keep up).
        var held = false
        var stats = StoreSinkStats()
    }

    private let store: TraceStore
    private let maxPendingBytes: Int
    private let retention: Retention
    private let onCommit: (@Sendable (TraceSet) -> Void)?
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled after each commit: the checkpointer thread copies the WAL into the database.
    private let checkpointWake = DispatchSemaphore(value: 0)

    /// `onCommit` is called (on the writer thread, after the commit) with each committed batch's
    /// decoded spans/logs, for the live explorer.
    public init(store: TraceStore, maxPendingBytes: Int = 64 << 20, retention: Retention = .init(),
                onCommit: (@Sendable (TraceSet) -> Void)? = nil) {
        self.store = store
        self.maxPendingBytes = maxPendingBytes
        self.retention = retention
        self.onCommit = onCommit
        do {
            try store.prepareForIngest()
        } catch {
            state.withLock { $0.stats.lastError = error.description }
        }
        let writer = Thread { [self] in self.run() }
        writer.name = "store writer"
        writer.start()
        let checkpointer = Thread { [self] in self.checkpoints() }
        checkpointer.name = "store checkpoints"
        checkpointer.start()
    }

    public func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError) {
        let parts: [StoreBatch]
        do {
            // Zipkin is stored as the OTLP protobuf it becomes: encoded here, on the caller's
            // thread, not on the one writer.
            let stored = Self.stored(format)
            parts = try store.prepare(batch, bytes: stored == nil ? nil : body, format: stored ?? .otlpProtobufTraces)
        } catch {
            throw .failed(error.description)
        }
        let size = parts.reduce(0) { $0 + $1.bytes.count + ($1.set.spans.count + $1.set.logs.count) * MemoryLayout<Span>.stride }
        let refused: SinkError? = await withCheckedContinuation { c in
            let now: SinkError? = state.withLock { s in
                if s.closing { return .busy }
                // A batch alone larger than the limit is still taken when nothing else waits.
                if s.pendingBytes > 0, s.pendingBytes + size > maxPendingBytes {
                    s.stats.busyRefusals += 1
                    return .busy
                }
                s.queue.append(Pending(batch: batch, parts: parts, bytes: size, done: c))
                s.pendingBytes += size
                return nil
            }
            if let now { c.resume(returning: now) } else { wake.signal() }
        }
        if let refused { throw refused }
    }

    /// How the store keeps a received format: with its bytes, or (nil) re-encoded as OTLP protobuf.
    static func stored(_ format: ReceivedFormat) -> BatchFormat? {
        switch format {
        case .otlpTracesProtobuf: return .otlpProtobufTraces
        case .otlpLogsProtobuf: return .otlpProtobufLogs
        case .otlpTracesJSON, .otlpLogsJSON: return .otlpJSON
        case .zipkinV2JSON, .zipkinV1JSON: return nil
        }
    }

    public var stats: StoreSinkStats {
        var s = state.withLock { st in
            var s = st.stats
            s.pendingBytes = st.pendingBytes
            return s
        }
        s.storeSizeBytes = store.size()
        return s
    }

    /// Stops taking batches, commits everything pending, stops the writer and retention. Safe to call twice.
    public func close() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { s in
                if s.finished { return true }
                s.closing = true
                s.closeWaiters.append(c)
                return false
            }
            if finished { c.resume() } else { wake.signal() }
        }
    }

    /// Holds the writer (nothing is committed while held; `close` releases it). For tests.
    func hold(_ on: Bool) {
        state.withLock { $0.held = on }
        wake.signal()
    }

    /// Batches queued and not yet taken by the writer. For tests.
    var queued: Int { state.withLock { $0.queue.count } }

    // MARK: The writer thread

    private func run() {
        var slicer = RetentionSlicer(retention)
        while true {
            if let due = slicer.due {
                _ = wake.wait(timeout: .now() + .nanoseconds(Int(clamping: max(0, due - Self.monotonic()))))
            } else {
                wake.wait()
            }
            let (taken, closing, held) = state.withLock { s in
                if s.held && !s.closing { return ([Pending](), false, true) }
                let taken = s.queue
                s.queue = []
                return (taken, s.closing, false)
            }
            if !taken.isEmpty { commit(taken) }
            if closing { break }
            if !held, let due = slicer.due, Self.monotonic() >= due { retain(&slicer) }
        }
        state.withLock { $0.writerDone = true }
        checkpointWake.signal()
    }

    /// The checkpointer thread: after commits, and a last time once the writer is done; then
    /// `close` returns.
    private func checkpoints() {
        while true {
            _ = checkpointWake.wait(timeout: .now() + .seconds(1))
            // One checkpoint covers every commit signalled meanwhile.
            while checkpointWake.wait(timeout: .now()) == .success {}
            let done = state.withLock { $0.writerDone }
            do {
                try store.checkpoint()
            } catch {
                state.withLock { $0.stats.lastError = error.description }
            }
            if done { break }
        }
        let waiters = state.withLock { s in
            s.finished = true
            defer { s.closeWaiters = [] }
            return s.closeWaiters
        }
        for w in waiters { w.resume() }
    }

    private func commit(_ taken: [Pending]) {
        var failure: String?
        do {
            try store.append(batches: taken.flatMap(\.parts))
        } catch {
            failure = error.description
        }
        if failure == nil, let onCommit { for p in taken { onCommit(p.batch) } }
        state.withLock { s in
            s.pendingBytes -= taken.reduce(0) { $0 + $1.bytes }
            if let failure {
                s.stats.failedBatches += taken.count
                s.stats.lastError = failure
            } else {
                s.stats.transactions += 1
                s.stats.committedBatches += taken.count
                s.stats.committedSpans += taken.reduce(0) { $0 + $1.batch.spans.count }
                s.stats.committedLogs += taken.reduce(0) { $0 + $1.batch.logs.count }
            }
        }
        for p in taken { p.done.resume(returning: failure.map { .failed($0) }) }
        checkpointWake.signal()
    }

    private func retain(_ slicer: inout RetentionSlicer) {
        let start = Self.monotonic()
        do {
            let r = try store.enforceRetention(maxAge: retention.maxAgeNanoseconds, maxBytes: retention.maxBytes, slice: slicer.slice)
            let took = Self.monotonic() - start
            slicer.record(took: took, more: r.more, now: Self.monotonic())
            state.withLock { s in
                s.stats.tracesDropped += r.tracesDropped
                s.stats.longestRetentionStep = max(s.stats.longestRetentionStep, took)
            }
        } catch {
            slicer.record(took: Self.monotonic() - start, more: false, now: Self.monotonic())
            state.withLock { $0.stats.lastError = error.description }
        }
    }

    static func monotonic() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds) }
}

/// When retention runs next and how many traces one step may drop: a step holds the writer
/// (appends wait behind it), so it is sized to take 25–100 ms (the slice doubles below, halves
/// above; a loaded machine stretches steps past that), and steps follow one another, with the
/// queued commits between them, until nothing more is due.
struct RetentionSlicer {
    let interval: Int64
    /// Monotonic nanoseconds of the next step; nil when retention is off.
    var due: Int64?
    var slice = 256

    static let fast: Int64 = 25_000_000
    static let slow: Int64 = 100_000_000

    init(_ retention: Retention) {
        let (s, atto) = retention.interval.components
        interval = max(1_000_000, s * 1_000_000_000 + atto / 1_000_000_000)
        due = retention.isOff ? nil : StoreSink.monotonic() + interval
    }

    mutating func record(took: Int64, more: Bool, now: Int64) {
        if took < Self.fast, more { slice = min(1 << 16, slice * 2) }
        if took > Self.slow { slice = max(8, slice / 2) }
        due = more ? now : now + interval
    }
}
