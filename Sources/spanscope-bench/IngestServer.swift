import GRPCReceiver
import ChildProcess
import Foundation
import TraceModel
import Ingest
import Receivers
import Synchronization
import TraceStore

/// `--ingest-server STORE INFO [MAX_STORE_BYTES]` (or `--null` for STORE: a sink that drops
/// everything): the ingest benchmark's server process. Writes "PID PORT" to INFO once
/// listening; on SIGTERM stops the receiver, closes the sink (committing what is pending) and
/// prints its totals.
enum IngestServer {
    static func serve(store path: String, info: String, maxStore: Int?) throws -> Never {
        let storeSink = path == "--null" ? nil : StoreSink(store: try TraceStore.open(path: path), retention: Retention(maxBytes: maxStore))
        let sink: any SpanSink = storeSink ?? ReceiveBench.CountingSink()
        let server = ReceiverServer()
        let port = try server.start(otlpHTTP: "127.0.0.1:0", zipkin: nil, sink: sink).otlpHTTP!.port
        // The OTLP/gRPC receiver into the same sink, as listen runs it (`--ingest --grpc`).
        let grpc = GRPCReceiver(sink: sink)
        let grpcPort = try runToEnd { () async throws(ReceiverError) in try await grpc.start(address: "127.0.0.1:0").port }
        try "\(getpid()) \(port) \(grpcPort)\n".write(toFile: info + ".tmp", atomically: false, encoding: .utf8)
        rename(info + ".tmp", info)
        signal(SIGTERM, SIG_IGN)
        let term = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        term.setEventHandler {
            Task {
                await server.stop()
                await grpc.stop()
                await storeSink?.close()
                var r = server.stats
                let g = grpc.stats
                r.requests += g.requests
                r.spans += g.spans
                r.busy += g.busy
                var line = "\(r.requests) requests, \(r.spans) spans, \(r.busy) answered 503"
                if let s = storeSink?.stats {
                    line += "; store: \(s.committedBatches) batches in \(s.transactions) transactions (\(String(format: "%.1f", Double(s.committedBatches) / Double(max(1, s.transactions)))) per commit), \(s.failedBatches) failed, last error: \(s.lastError ?? "none")"
                    if maxStore != nil {
                        line += "; retention dropped \(s.tracesDropped) traces, longest step \(String(format: "%.0f", Double(s.longestRetentionStep) / 1e6)) ms"
                    }
                }
                say(line)
                exit(0)
            }
        }
        term.resume()
        dispatchMain()
    }
}

extension IngestBench {
    /// A server child: this executable in `--ingest-server` mode, waited for on its own thread.
    final class Server: Sendable {
        let pid: Int32
        let port: Int
        let grpcPort: Int
        private let box: Box
        private let exited: DispatchSemaphore

        private init(pid: Int32, port: Int, grpcPort: Int, box: Box, exited: DispatchSemaphore) {
            self.pid = pid
            self.port = port
            self.grpcPort = grpcPort
            self.box = box
            self.exited = exited
        }

        static func start(_ args: [String], dir: String, maxStore: Int? = nil) throws -> Server {
            let info = "\(dir)/ingest-server-\(UUID().uuidString).info"
            let box = Box()
            let exited = DispatchSemaphore(value: 0)
            Thread {
                box.result.withLock { $0 = try? ChildProcess.run(CommandLine.arguments[0], args + [info] + (maxStore.map { ["\($0)"] } ?? []), timeout: 7200) }
                exited.signal()
            }.start()
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: info) {
                guard Date() < deadline, exited.wait(timeout: .now() + .milliseconds(20)) == .timedOut else {
                    throw ReceiverError("the ingest server did not start: \(box.result.withLock { $0?.stderrText ?? "" })")
                }
            }
            defer { try? FileManager.default.removeItem(atPath: info) }
            let fields = try String(contentsOfFile: info, encoding: .utf8).split(whereSeparator: \.isWhitespace)
            guard fields.count == 3, let pid = Int32(fields[0]), let port = Int(fields[1]), let grpcPort = Int(fields[2]) else {
                throw ReceiverError("bad server info file")
            }
            return Server(pid: pid, port: port, grpcPort: grpcPort, box: box, exited: exited)
        }

        final class Box: Sendable {
            let result = Mutex<ChildProcess.Result?>(nil)
        }

        /// A `/proc/PID/status` figure in kB (VmRSS, VmHWM).
        func status(_ key: String) -> Int { Self.status(pid, key) }

        static func status(_ pid: Int32, _ key: String) -> Int {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }

        /// User + system CPU seconds the server used so far.
        func cpuSeconds() -> Double {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = text.lastIndex(of: ")") else { return .nan }
            let fields = text[text.index(after: close)...].split(separator: " ")
            // After the command: state is field 3; utime and stime are fields 14 and 15.
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }

        /// SIGTERM, then what the server printed.
        func stop() -> String {
            kill(pid, SIGTERM)
            exited.wait()
            return box.result.withLock { r in r.map { $0.stdoutText + $0.stderrText } ?? "(no output)" }
        }
    }
}
