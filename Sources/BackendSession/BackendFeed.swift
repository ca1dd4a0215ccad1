import Backends
import Explorer
import Foundation
import Synchronization
import TraceModel

/// A tracing backend as the explorer's remote source: runs its requests as tasks (never on
/// the UI thread), submits fetched spans to the explorer's live feed, and answers with
/// `RemoteReply`s. The current search is re-run every poll interval; polls never overlap (one
/// loop runs them in turn), a poll whose query was replaced meanwhile is dropped, and failures
/// back off from 1 s to 30 s.
public final class BackendFeed: RemoteSource {
    public let label: String
    public var kind: BackendKind { client.api.kind }
    public var acceptsTraceQL: Bool { kind == .tempo }

    let client: BackendClient
    let loki: LokiClient?
    let sink: any TraceSink
    let post: @Sendable (RemoteReply) -> Void
    /// Unix ns now (tests pin it).
    let now: @Sendable () -> Int64

    struct State {
        var query: SearchQuery?
        var queryID = 0
        var interval: Double?
        var poller: Task<Void, Never>?
        /// Which loop is current: a loop that was replaced (its task may already be running)
        /// neither reports nor counts failures.
        var loop = 0
        var fetches: [Int: Task<Void, Never>] = [:]
        var cache: TraceCache
        /// Traces whose spans the sink holds (from fetches and whole-trace search results).
        var held = Set<TraceID>()
        var failures = 0
    }
    let state: Mutex<State>

    /// `cacheBytes`: the bound on fetched traces held (response bytes).
    public init(client: BackendClient, loki: LokiClient? = nil, sink: any TraceSink, cacheBytes: Int = 512 << 20,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1e9) },
                post: @escaping @Sendable (RemoteReply) -> Void) {
        self.client = client
        self.loki = loki
        self.sink = sink
        self.post = post
        self.now = now
        label = "\(client.api.kind.rawValue) · \(client.transport.displayURL)"
        state = Mutex(State(cache: TraceCache(budget: cacheBytes)))
    }

    deinit {
        state.withLock { s in
            s.poller?.cancel()
            for t in s.fetches.values { t.cancel() }
        }
    }

    public func perform(_ request: RemoteRequest) {
        switch request {
        case .search(let query, let id):
            let interval = state.withLock { s -> Double? in
                s.query = query
                s.queryID = id
                return s.interval
            }
            // A new search starts the loop again: it runs now, then every interval.
            startPolling(interval: interval)
        case .poll(let interval):
            state.withLock { $0.interval = interval }
            startPolling(interval: interval)
        case .fetch(let id, let requestID, let refresh):
            fetch(id, requestID: requestID, refresh: refresh)
        case .services:
            Task(executorPreference: BackendExecutor.shared) { [client, post] in
                do throws(BackendError) { post(.services(try await client.services())) } catch { post(.failed(id: nil, error, retryIn: nil)) }
            }
        case .operations(let service):
            Task(executorPreference: BackendExecutor.shared) { [client, post] in
                do throws(BackendError) {
                    post(.operations(service: service, try await client.operations(service: service)))
                } catch { post(.failed(id: nil, error, retryIn: nil)) }
            }
        case .logs(let traceID, let start, let end):
            // Always answered (empty without Loki): the explorer waits for the answer in headless runs.
            guard let loki else {
                post(.logs(traceID, [], warnings: []))
                return
            }
            Task(executorPreference: BackendExecutor.shared) { [sink, post] in
                do throws(BackendError) {
                    let found = try await loki.logs(traceID: traceID, start: start, end: end)
                    var batch = TraceSet()
                    batch.logs = found.records
                    if !batch.logs.isEmpty { sink.submit(batch) }
                    post(.logs(traceID, found.records, warnings: found.warnings))
                } catch {
                    // The trace is shown without its logs; the status line says why.
                    post(.logs(traceID, [], warnings: ["loki: " + error.message]))
                }
            }
        case .cancel(let id):
            let task = state.withLock { $0.fetches.removeValue(forKey: id) }
            task?.cancel()
        }
    }

    /// (Re)starts the search loop: one search now, then one every `interval` seconds (none
    /// after the first when nil).
    private func startPolling(interval: Double?) {
        let (old, loop) = state.withLock { s -> (Task<Void, Never>?, Int) in
            s.loop += 1
            s.failures = 0
            return (s.poller, s.loop)
        }
        old?.cancel()
        let task = Task(executorPreference: BackendExecutor.shared) { [self] in await self.pollLoop(loop) }
        state.withLock { s in if s.loop == loop { s.poller = task } else { task.cancel() } }
    }

    private func pollLoop(_ loop: Int) async {
        while !Task.isCancelled {
            guard let (query, id, interval) = state.withLock({ s in s.loop == loop ? s.query.map { ($0, s.queryID, s.interval) } : nil })
            else { return }
            var wait = interval
            do throws(BackendError) {
                let result = try await client.search(query, now: now())
                // Replaced while it ran: the new loop reports.
                guard !Task.isCancelled, state.withLock({ $0.loop == loop && $0.queryID == id }) else { return }
                absorb(result)
                state.withLock { $0.failures = 0 }
                post(.searched(id: id, query, result, at: Date()))
            } catch {
                if Task.isCancelled || error.kind == .cancelled { return }
                guard let failures = state.withLock({ s -> Int? in
                    guard s.loop == loop else { return nil }
                    s.failures += 1
                    return s.failures
                }) else { return }
                // Back off on what may pass (1 s, 2 s, 4 s … 30 s); a bad query waits for a new one.
                let backoff = error.retryable ? min(30, pow(2, Double(failures - 1))) : nil
                wait = backoff.map { max($0, interval ?? 0) }
                post(.failed(id: id, error, retryIn: wait))
            }
            guard let seconds = wait else { return }
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        }
    }

    /// Whole traces a search returned go to the sink, so they open at once — but only when
    /// every trace of the body is new (a new query). Each kept trace holds the whole body (its
    /// details are read from it), so keeping the one new trace of each poll would keep one body
    /// per poll alive while the cache counted a few spans: memory would grow for as long as the
    /// explorer stays open. A trace a poll brings is fetched on its own when opened.
    private func absorb(_ result: SearchResult) {
        guard !result.traces.spans.isEmpty else { return }
        var counts: [TraceID: Int] = [:]
        for span in result.traces.spans { counts[span.traceID, default: 0] += 1 }
        let rebuild: TraceSet?? = state.withLock { s in
            guard counts.keys.allSatisfy({ !s.held.contains($0) }) else { return nil }
            var rebuild = false
            for (id, spans) in counts {
                s.held.insert(id)
                // The body is shared by its traces: each is charged its spans' share of it.
                if s.cache.insert(id, result.traces.keeping([id]).compacted(), bytes: spans * 400) { rebuild = true }
            }
            return .some(rebuild ? s.cache.all() : nil)
        }
        guard let rebuild else { return }
        if let rebuild {
            resetHeld(to: rebuild)
            sink.replace(with: rebuild)
        } else {
            sink.submit(result.traces)
        }
        reportCache()
    }

    private func fetch(_ id: TraceID, requestID: Int, refresh: Bool) {
        let cached = state.withLock { s -> Bool in
            guard !refresh, s.held.contains(id) else { return false }
            s.cache.touch(id)
            return true
        }
        if cached {
            post(.fetched(id: requestID, id, spans: 0, bytes: 0, warnings: []))
            return
        }
        let task = Task(executorPreference: BackendExecutor.shared) { [self] in
            do throws(BackendError) {
                // The transport reports at most ten times a second.
                let fetched = try await client.trace(id) { [post] received, expected in
                    post(.progress(id: requestID, received: received, expected: expected))
                }
                if Task.isCancelled { return }
                let rebuild: TraceSet? = state.withLock { s in
                    s.fetches[requestID] = nil
                    s.held.insert(id)
                    return s.cache.insert(id, fetched.set, bytes: fetched.bytes) ? s.cache.all() : nil
                }
                if let rebuild {
                    resetHeld(to: rebuild)
                    sink.replace(with: rebuild)
                } else {
                    sink.submit(fetched.set)
                }
                post(.fetched(id: requestID, id, spans: fetched.set.spans.count, bytes: fetched.bytes, warnings: fetched.warnings))
                reportCache()
            } catch {
                state.withLock { _ = $0.fetches.removeValue(forKey: requestID) }
                if error.kind != .cancelled { post(.failed(id: requestID, error, retryIn: nil)) }
            }
        }
        state.withLock { $0.fetches[requestID] = task }
    }

    private func resetHeld(to set: TraceSet) {
        let ids = Set(set.spans.lazy.map(\.traceID))
        state.withLock { $0.held = ids }
    }

    private func reportCache() {
        let (n, bytes) = state.withLock { ($0.cache.count, $0.cache.bytes) }
        post(.cache(traces: n, bytes: bytes))
    }
}
