import Dispatch
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCReceiver
import Synchronization

/// `--ingest --grpc`: the same requests through the OTLP/gRPC exporter's path — one HTTP/2
/// connection per client, one Export call at a time each, UNAVAILABLE retried after 50 ms.
extension IngestBench {
    static func driveGRPC(port: Int, bodies: LoadBodies, total: Int, connections: Int) throws -> Load {
        let requests = (total + perBatch - 1) / perBatch
        let outcome = Mutex<Load?>(nil)
        let done = DispatchSemaphore(value: 0)
        final class Counter: Sendable { let value = Atomic<Int>(0) }
        let next = Counter()
        Task.detached {
            let clock = ContinuousClock()
            let start = clock.now
            var load = Load()
            await withTaskGroup(of: (latencies: [Double], busy: Int, failed: Int).self) { group in
                for c in 0..<connections {
                    group.addTask {
                        var latencies: [Double] = [], busy = 0, failed = 0
                        do {
                            let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
                            try await withGRPCClient(transport: transport) { client in
                                while true {
                                    let k = next.value.add(1, ordering: .relaxed).oldValue
                                    guard k < requests else { break }
                                    let body = bodies.request(k)
                                    while true {
                                        let t = clock.now
                                        let code: RPCError.Code? = try await client.unary(
                                            request: ClientRequest(message: body), descriptor: GRPCReceiver.traceExport,
                                            serializer: RawBytes(), deserializer: RawBytes(), options: .defaults
                                        ) { response in
                                            switch response.accepted {
                                            case .success: return nil
                                            case .failure(let e): return e.code
                                            }
                                        }
                                        if code == .unavailable { busy += 1; try await Task.sleep(for: .milliseconds(50)); continue }
                                        let (s, atto) = (clock.now - t).components
                                        latencies.append(Double(s) * 1e3 + Double(atto) / 1e15)
                                        if code != nil { failed += 1 }
                                        break
                                    }
                                }
                            }
                        } catch {
                            say("gRPC load client \(c): \(error)")
                            failed += 1
                        }
                        return (latencies, busy, failed)
                    }
                }
                for await one in group {
                    load.latencies += one.latencies
                    load.busy += one.busy
                    load.failed += one.failed
                }
            }
            let (s, atto) = (clock.now - start).components
            load.seconds = Double(s) + Double(atto) / 1e18
            load.requests = load.latencies.count - load.failed
            load.spans = load.requests * perBatch
            load.latencies.sort()
            outcome.withLock { $0 = load }
            done.signal()
        }
        done.wait()
        return outcome.withLock { $0! }
    }
}
