import Foundation
import Synchronization
import TraceFormats
import TraceModel

/// Turns what live sources deliver into generations of `ExplorerData`, off the UI thread, and
/// posts each to the run loop's `Inbox`. Batches that arrive while a generation is being built
/// wait and go into the next one together: builds are spaced by at least their own duration
/// (and 100 ms), so however many batches arrive, at most half a core goes to merging and the
/// number of generations grows with time, not with batches. The trace open in the explorer
/// gets its `TraceIndex` built here too, so adopting a generation is cheap on the UI thread.
public final class LiveFeed: Sendable {
    private struct Shared {
        var pending = TraceSet()
        var pendingSpans = 0
        var latest: ExplorerData
        var building = false
        var lastBuildEnd = Date.distantPast
        var lastBuildSeconds = 0.0
        var openTrace: Int?
        /// A trace being fetched: its index is built with the generation that brings it, so
        /// opening a large trace does not build it on the UI thread.
        var pendingTrace: TraceID?
        var generations = 0
        /// Bumped by `replace`: a merge begun before it is dropped, not posted.
        var epoch = 0
        var replacing = false
        /// The batches a generation is being built from (taken from `pending`, not yet in
        /// `latest`): a trim must include them, as the build it supersedes is dropped.
        var inFlight = TraceSet()
    }

    private let shared: Mutex<Shared>
    public let inbox: Inbox

    public init(data: ExplorerData, inbox: Inbox) {
        shared = Mutex(Shared(latest: data))
        self.inbox = inbox
    }

    /// The explorer's open trace (the run loop tells after each update): its index is prepared
    /// with each generation.
    public func watch(trace: Int?) {
        shared.withLock { $0.openTrace = trace }
    }

    /// The trace the explorer waits for (a fetch): prepared like the open one once it arrives.
    public func watch(pending id: TraceID?) {
        shared.withLock { $0.pendingTrace = id }
    }

    /// Nothing waits to be merged and no generation is being built (its message, if any, is
    /// in the inbox already).
    public var isIdle: Bool { shared.withLock { !$0.building && !$0.replacing && $0.pendingSpans == 0 && $0.pending.logs.isEmpty } }

    /// Generations built so far (benchmark, tests).
    public var generations: Int { shared.withLock { $0.generations } }

    /// Follows each path (`-` = stdin) on a thread of its own; files are polled every
    /// `interval` seconds, stdin is read as it arrives.
    public func follow(paths: [String], stdin: Int32 = 0, interval: Double = 0.2) {
        for path in paths {
            let t = Thread { [self] in self.readLoop(path: path, stdin: stdin, interval: interval) }
            t.name = "spanscope.follow"
            t.start()
        }
    }

    private func readLoop(path: String, stdin: Int32, interval: Double) {
        let reader: FollowReader
        do throws(LoadError) { reader = try FollowReader(path: path, stdin: stdin) } catch {
            inbox.post(.live(.notice(error.description)))
            return
        }
        while !reader.ended {
            let update = reader.poll()
            for n in update.notices { inbox.post(.live(.notice(n))) }
            for e in update.errors { inbox.post(.live(.notice(e.description))) }
            if let batch = update.batch {
                for w in batch.warnings { inbox.post(.live(.notice("\(path): \(w)"))) }
                if !(batch.set.spans.isEmpty && batch.set.logs.isEmpty) { submit(batch.set) }
            }
            if update.batch == nil && !reader.isStdin { Thread.sleep(forTimeInterval: interval) }
        }
        inbox.post(.live(.notice("\(reader.isStdin ? "standard input" : path) ended")))
    }

    /// Hands decoded spans (and logs) to the next generation.
    public func submit(_ batch: TraceSet) {
        let start = shared.withLock { s -> Bool in
            s.pending.merge(batch)
            s.pendingSpans += batch.spans.count
            guard !s.building else { return false }
            s.building = true
            return true
        }
        if start { Background.run { [self] in self.buildLoop() } }
    }

    /// Everything the explorer should hold from now on (a backend's cache after evicting
    /// traces): a fresh `ExplorerData` is built from scratch off the UI thread and posted; the
    /// explorer re-finds its open trace and list cursor by trace id. Batches submitted before
    /// are superseded (`set` holds what they held); later ones merge on top of it.
    public func replace(with set: TraceSet) {
        _ = startReplacement { _ in set }
    }

    /// Bounds the memory of a source that never stops (`listen`): once the explorer holds more
    /// than `limit` spans (with those waiting to be merged), only the newest traces that fit in
    /// `keep` spans stay (newest by first start; a trace is kept whole or not at all). A store
    /// still has the others. False when nothing needed trimming or a replacement is under way.
    @discardableResult
    public func trim(above limit: Int, keeping keep: Int) -> Bool {
        startReplacement { s in
            guard !s.replacing, s.latest.set.spans.count + s.inFlight.spans.count + s.pendingSpans > limit else { return nil }
            var all = s.latest.set
            if !s.inFlight.spans.isEmpty || !s.inFlight.logs.isEmpty { all.merge(s.inFlight) }
            if s.pendingSpans > 0 || !s.pending.logs.isEmpty { all.merge(s.pending) }
            // Compacted: the dropped traces' strings, resources and request bodies go too.
            return all.keeping(Self.newest(all, spans: keep)).compacted()
        }
    }

    /// The newest traces of `set` whose spans add up to at most `spans` (at least one).
    static func newest(_ set: TraceSet, spans budget: Int) -> Set<TraceID> {
        let traces = set.traces().map { t in (id: t.id, start: t.spanIndices.lazy.map { set.spans[$0].start }.min() ?? 0, n: t.spanIndices.count) }
        var kept = Set<TraceID>()
        var total = 0
        for t in traces.sorted(by: { $0.start > $1.start }) {
            if total + t.n > budget && !kept.isEmpty { break }
            kept.insert(t.id)
            total += t.n
        }
        return kept
    }

    /// Starts a replacement by the set `make` returns, computed under the lock with what waits
    /// (so no batch submitted meanwhile is lost); nil from `make` or a replacement under way:
    /// nothing happens (false).
    private func startReplacement(_ make: (inout Shared) -> TraceSet?) -> Bool {
        let started = shared.withLock { s -> (Int, TraceSet)? in
            guard let set = make(&s) else { return nil }
            s.epoch += 1
            s.replacing = true
            s.pending = TraceSet()
            s.pendingSpans = 0
            return (s.epoch, set)
        }
        guard let (epoch, set) = started else { return false }
        Background.run { [self] in
            let base = shared.withLock { $0.latest }
            let next = ExplorerData.replacing(base, with: set)
            next.prepare(openTrace: nil)
            let current = shared.withLock { s -> Bool in
                guard s.epoch == epoch else { return false }  // replaced again meanwhile
                s.latest = next
                s.generations += 1
                return true
            }
            guard current else { return }
            // Posted before the feed says it is idle (`isIdle`), so a waiting run sees it.
            inbox.post(.live(.data(next, spans: set.spans.count, at: Date())))
            let restart = shared.withLock { s -> Bool in
                guard s.epoch == epoch else { return false }
                s.replacing = false
                guard !s.building, s.pendingSpans > 0 || !s.pending.logs.isEmpty else { return false }
                s.building = true
                return true
            }
            if restart { buildLoop() }
        }
        return true
    }

    /// Builds generations while batches wait, spaced as the type's comment says.
    private func buildLoop() {
        while true {
            let wait = shared.withLock { s in s.lastBuildEnd.addingTimeInterval(max(0.1, s.lastBuildSeconds)).timeIntervalSinceNow }
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            let job = shared.withLock { s -> (TraceSet, Int, ExplorerData, Int?, TraceID?, Int)? in
                // A replacement being built restarts this loop when it is done.
                guard !s.replacing, s.pendingSpans > 0 || !s.pending.logs.isEmpty else {
                    s.building = false
                    return nil
                }
                let batch = s.pending
                let n = s.pendingSpans
                s.inFlight = batch
                s.pending = TraceSet()
                s.pendingSpans = 0
                return (batch, n, s.latest, s.openTrace, s.pendingTrace, s.epoch)
            }
            guard let (batch, spans, base, open, pending, epoch) = job else { return }
            let began = Date()
            let next = base.merging(batch)
            next.prepare(openTrace: open ?? pending.flatMap { next.traceIndex(of: $0) })
            let seconds = Date().timeIntervalSince(began)
            let current = shared.withLock { s -> Bool in
                s.lastBuildEnd = Date()
                s.lastBuildSeconds = seconds
                s.inFlight = TraceSet()
                guard s.epoch == epoch else { return false }
                s.latest = next
                s.generations += 1
                return true
            }
            guard current else { continue }
            inbox.post(.live(.data(next, spans: spans, at: Date())))
        }
    }
}
