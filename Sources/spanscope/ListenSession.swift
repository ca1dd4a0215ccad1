import Foundation
import GRPCReceiver
#if canImport(Glibc)
import Glibc
#endif
import Ingest
import Receivers
import Synchronization
import TraceFormats
import TraceModel
import TraceStore

/// The running receivers and the store they write to. Started before the explorer, so a
/// port in use or a bad store is one line on stderr and exit status 1, with the terminal
/// untouched.
final class ListenSession: Sendable {
    let plan: ListenPlan
    let store: TraceStore
    let sink: StoreSink
    let http: ReceiverServer
    let grpc: GRPCReceiver?
    /// Role and bound address of each receiver, in the order the status line names them.
    let bound: [(role: String, address: ListenAddress)]
    private let previous = Mutex<(at: Date, spans: Int)>((Date(), 0))

    private init(plan: ListenPlan, store: TraceStore, sink: StoreSink, http: ReceiverServer, grpc: GRPCReceiver?,
                 bound: [(role: String, address: ListenAddress)]) {
        self.plan = plan
        self.store = store
        self.sink = sink
        self.http = http
        self.grpc = grpc
        self.bound = bound
    }

    /// Opens the store and starts every receiver of `plan`; on failure prints one line and exits 1
    /// (nothing is left listening). `prepare` reads what the store holds before any receiver
    /// starts, and returns what gets each committed batch after that (the live explorer): so
    /// no batch is both in what it read and given to it, nor in neither.
    static func start(_ plan: ListenPlan, prepare: (TraceStore) -> (@Sendable (TraceSet) -> Void)? = { _ in nil }) -> ListenSession {
        for (role, text) in [("OTLP/gRPC", plan.otlpGRPC), ("OTLP/HTTP", plan.otlpHTTP), ("Zipkin", plan.zipkin)] {
            guard let text else { continue }
            do throws(ReceiverError) {
                let address = try ListenAddress(parsing: text)
                if !address.isLoopback {
                    Runner.printError("spanscope: warning: \(role) listens on \(address), not loopback: whoever can reach this machine can send spans")
                }
            } catch {
                fail("\(role): \(error.description)")
            }
        }
        if plan.otlpGRPC == nil && plan.otlpHTTP == nil && plan.zipkin == nil { fail("every receiver is off: nothing to listen on") }
        let store: TraceStore
        do throws(StoreError) {
            if let path = plan.store {
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                store = try TraceStore.open(path: path)
            } else {
                store = TraceStore.inMemory()
            }
        } catch {
            fail(error.description)
        }
        let retention = Retention(maxAge: plan.maxAge.map { .nanoseconds($0) }, maxBytes: plan.maxBytes)
        let sink = StoreSink(store: store, retention: retention, onCommit: prepare(store))
        let http = ReceiverServer(threads: 2)
        var bound: [(role: String, address: ListenAddress)] = []
        let grpc = plan.otlpGRPC.map { _ in GRPCReceiver(sink: sink, maxRequestSize: plan.maxRequestSize) }
        do throws(ReceiverError) {
            if let grpc, let address = plan.otlpGRPC {
                bound.append(("OTLP/gRPC", try runToEnd { () async throws(ReceiverError) in try await grpc.start(address: address) }))
            }
            let b = try http.start(otlpHTTP: plan.otlpHTTP, zipkin: plan.zipkin, sink: sink, maxRequestSize: plan.maxRequestSize)
            if let a = b.otlpHTTP { bound.append(("OTLP/HTTP", a)) }
            if let a = b.zipkin { bound.append(("Zipkin", a)) }
        } catch {
            fail(error.description)
        }
        return ListenSession(plan: plan, store: store, sink: sink, http: http, grpc: grpc, bound: bound)
    }

    /// Where the receivers listen: "OTLP/gRPC 127.0.0.1:4317 · OTLP/HTTP 127.0.0.1:4318".
    var addresses: String { bound.map { "\($0.role) \($0.address)" }.joined(separator: " · ") }

    /// The same for the explorer's title, short: "grpc :4317 http :4318 zipkin :9411" (the
    /// host only when it is not 127.0.0.1).
    var shortAddresses: String {
        bound.map { b in
            let role = b.role == "OTLP/gRPC" ? "grpc" : b.role == "OTLP/HTTP" ? "http" : "zipkin"
            return role + " " + (b.address.host == "127.0.0.1" ? ":\(b.address.port)" : b.address.description)
        }.joined(separator: " ")
    }

    var storeLabel: String { plan.store ?? "memory" }

    /// Spans and log records received so far, over every receiver.
    var received: (spans: Int, logs: Int, busy: Int, rejected: Int) {
        var s = http.stats
        if let g = grpc?.stats {
            s.spans += g.spans
            s.logRecords += g.logRecords
            s.busy += g.busy
            s.rejectedItems += g.rejectedItems
        }
        return (s.spans, s.logRecords, s.busy, s.rejectedItems)
    }

    /// "1,204 spans/s · 88,310 spans · 12 logs · store 41 MB" (rate since the last call).
    func statusLine() -> String {
        let r = received
        let now = Date()
        let rate = previous.withLock { p -> Double in
            let dt = now.timeIntervalSince(p.at)
            let v = dt > 0 ? Double(r.spans - p.spans) / dt : 0
            p = (now, r.spans)
            return v
        }
        let stats = sink.stats
        var text = "\(Units.count(Int(rate.rounded()))) spans/s · \(Units.count(r.spans)) spans"
        if r.logs > 0 { text += " · \(Units.count(r.logs)) logs" }
        text += " · store " + InputLimit.describe(stats.storeSizeBytes)
        if r.busy > 0 { text += " · \(Units.count(r.busy)) asked to retry (store busy)" }
        if r.rejected > 0 { text += " · \(Units.count(r.rejected)) rejected" }
        if stats.tracesDropped > 0 { text += " · \(Units.count(stats.tracesDropped)) old traces dropped" }
        if let e = stats.lastError { text += " · store error: \(e)" }
        return text
    }

    /// Stops taking requests, lets those under way finish, and commits what the store holds
    /// pending. Everything acknowledged is then on disk.
    func stop() {
        let http = self.http, grpc = self.grpc, sink = self.sink
        runToEnd { () async in
            await http.stop(grace: .seconds(5))
            await grpc?.stop(grace: .seconds(5))
            await sink.close()
        }
    }

    static func fail(_ line: String) -> Never {
        Runner.printError("spanscope: \(line)")
        exit(1)
    }
}
