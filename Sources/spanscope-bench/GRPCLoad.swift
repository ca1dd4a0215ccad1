import Dispatch
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCReceiver
import Receivers
import Synchronization

/// `--receive`'s gRPC half: the gRPC receiver in this process, fed by grpc-swift clients in
/// this process (one HTTP/2 connection each, one call at a time, like an SDK's exporter), into
/// the counting sink.
enum GRPCLoad {
    static func run(bodies: [[UInt8]], connections: Int, seconds: Double) throws -> ReceiveBench.Load {
        let sink = ReceiveBench.CountingSink()
        let receiver = GRPCReceiver(sink: sink)
        let outcome = Mutex<Result<ReceiveBench.Load, ReceiverError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(ReceiverError) {
                let port = try await receiver.start(address: "127.0.0.1:0").port
                var load = await drive(port: port, bodies: bodies, connections: connections, seconds: seconds)
                load.spans = sink.spans.load(ordering: .relaxed)
                let stats = receiver.stats
                say(String(format: "receiver stats: %d requests, %d spans, %.1f MB of messages", stats.requests, stats.spans, Double(stats.bytes) / 1e6))
                outcome.withLock { $0 = .success(load) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            await receiver.stop()
            done.signal()
        }
        done.wait()  // the main thread, not the task pool
        return try outcome.withLock { $0! }.get()
    }

    private static func drive(port: Int, bodies: [[UInt8]], connections: Int, seconds: Double) async -> ReceiveBench.Load {
        let clock = ContinuousClock()
        let start = clock.now
        let stopAt = start + .milliseconds(Int(seconds * 1000))
        var load = ReceiveBench.Load()
        await withTaskGroup(of: (latencies: [Double], requests: Int, failures: Int).self) { group in
            for c in 0..<connections {
                group.addTask {
                    var latencies: [Double] = [], failures = 0
                    do {
                        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
                        try await withGRPCClient(transport: transport) { client in
                            var i = c
                            while clock.now < stopAt {
                                let body = bodies[i % bodies.count]
                                i += connections
                                let t = clock.now
                                let ok = try await client.unary(request: ClientRequest(message: body), descriptor: GRPCReceiver.traceExport,
                                                                serializer: RawBytes(), deserializer: RawBytes(), options: .defaults) { response in
                                    (try? response.message) != nil
                                }
                                let (s, atto) = (clock.now - t).components
                                latencies.append(Double(s) * 1e3 + Double(atto) / 1e15)
                                if !ok { failures += 1 }
                            }
                        }
                    } catch {
                        say("gRPC load client \(c): \(error)")
                        failures += 1
                    }
                    return (latencies, latencies.count, failures)
                }
            }
            for await one in group {
                load.latencies += one.latencies
                load.requests += one.requests
                load.failures += one.failures
            }
        }
        let (s, atto) = (clock.now - start).components
        load.seconds = Double(s) + Double(atto) / 1e18
        load.latencies.sort()
        return load
    }
}
