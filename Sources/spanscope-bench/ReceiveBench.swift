import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Receivers
import Synchronization
import TraceFormats
import TraceModel
import TraceSynth

/// `--receive`: OTLP/HTTP protobuf ingest into the receiver, in this process, from a load
/// generator in this process too (both on the machine's cores, as a local SDK would be):
/// several keep-alive connections, each sending 512-span batches (the benchmark writer's
/// spans, encoded with our protobuf encoder) and waiting for each answer. The sink counts and
/// drops (a memory sink would hold gigabytes), so this is the receiver's own cost: HTTP, body,
/// decoding. With `wrk` installed, also wrk's request rate with one fixed body against the
/// receiver and against a server that answers without reading the body, and their ratio. Then
/// the same batches over OTLP/gRPC (`GRPCLoad`), and both figures side by side.
enum ReceiveBench {
    /// Counts and drops what arrives.
    final class CountingSink: SpanSink {
        let spans = Atomic<Int>(0)
        func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError) {
            spans.add(batch.spans.count, ordering: .relaxed)
        }
    }

    /// What one load run measured: spans the sink counted, answers and how long each took.
    struct Load {
        var spans = 0
        var requests = 0
        var failures = 0
        var seconds = 0.0
        var latencies: [Double] = []  // ms, sorted

        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }

        var spansPerSecond: Double { Double(spans) / seconds }

        func report() {
            say(String(format: "load generator: %.0f spans/s, %.0f requests/s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d failed",
                       spansPerSecond, Double(requests) / seconds, percentile(0.5), percentile(0.99), latencies.last ?? .nan, failures))
        }
    }

    static func run(connections: Int = 4, seconds: Double = 10) throws {
        let perBatch = 512
        var batches: [[UInt8]] = []
        for b in 0..<16 {
            var json: [UInt8] = []
            BenchOTLPWriter(seed: 100 + UInt64(b), chunkSpans: perBatch).write(spans: perBatch, traces: 1) { json += $0 }
            batches.append(OTLPProtobuf.encodeTraces(try TraceLoader.decode(FileBytes(json, name: "batch.json")).set))
        }
        let bodies = batches
        let sink = CountingSink()
        let server = ReceiverServer()
        let port = try server.start(otlpHTTP: "127.0.0.1:0", zipkin: nil, sink: sink).otlpHTTP!.port
        let average = batches.reduce(0) { $0 + $1.count } / batches.count
        say("== --receive: OTLP/HTTP protobuf, \(perBatch)-span batches (\(average) bytes, \(average / perBatch) per span), \(connections) keep-alive connections, \(Int(seconds)) s, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        let latencies = Mutex<[Double]>([])
        let requests = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        let stopAt = Date().addingTimeInterval(seconds)
        let start = Date()
        let done = DispatchGroup()
        for c in 0..<connections {
            done.enter()
            Thread {
                var mine: [Double] = []
                do {
                    let client = try LoadClient(port: port)
                    var i = c
                    while Date() < stopAt {
                        let body = bodies[i % bodies.count]
                        i += connections
                        let t = DispatchTime.now().uptimeNanoseconds
                        let status = try client.post("/v1/traces", body)
                        mine.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                        if status != 200 { failures.add(1, ordering: .relaxed) }
                        requests.add(1, ordering: .relaxed)
                    }
                } catch {
                    say("load client \(c): \(error)")
                    failures.add(1, ordering: .relaxed)
                }
                latencies.withLock { $0 += mine }
                done.leave()
            }.start()
        }
        done.wait()
        let http = Load(spans: sink.spans.load(ordering: .relaxed), requests: requests.load(ordering: .relaxed),
                        failures: failures.load(ordering: .relaxed), seconds: Date().timeIntervalSince(start),
                        latencies: latencies.withLock { $0.sorted() })
        http.report()
        say(String(format: "receiver stats: %d requests, %d spans, %.1f MB received", server.stats.requests, server.stats.spans,
                   Double(server.stats.bytes) / 1e6))

        if let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            let null = try NullServer.start()
            let ours = try wrkRate(wrk, port: port, body: batches[0], connections: connections, seconds: seconds)
            let nothing = try wrkRate(wrk, port: null.port, body: batches[0], connections: connections, seconds: seconds)
            say(String(format: "wrk, one fixed %d-byte body, %d connections: receiver %.0f requests/s (%.0f spans/s); do-nothing NIO server %.0f requests/s; ratio %.2f",
                       batches[0].count, connections, ours, ours * Double(perBatch), nothing, ours / nothing))
            try null.channel.close().wait()
        } else {
            say("wrk is not installed: no wrk comparison")
        }
        let stop = DispatchSemaphore(value: 0)
        Task {
            await server.stop()
            stop.signal()
        }
        stop.wait()

        say("== --receive: OTLP/gRPC, the same batches, \(connections) HTTP/2 connections (grpc-swift clients), one call at a time each, \(Int(seconds)) s")
        let grpc = try GRPCLoad.run(bodies: bodies, connections: connections, seconds: seconds)
        grpc.report()
        say(String(format: "side by side: OTLP/HTTP %.0f spans/s, p99 %.2f ms; OTLP/gRPC %.0f spans/s, p99 %.2f ms",
                   http.spansPerSecond, http.percentile(0.99), grpc.spansPerSecond, grpc.percentile(0.99)))
    }

    /// wrk's requests per second, POSTing `body` as OTLP protobuf (a Lua script sets it).
    static func wrkRate(_ wrk: String, port: Int, body: [UInt8], connections: Int, seconds: Double) throws -> Double {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wrk-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bodyPath = dir.appendingPathComponent("body.pb").path
        try Data(body).write(to: URL(fileURLWithPath: bodyPath))
        let script = dir.appendingPathComponent("post.lua").path
        try """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/x-protobuf"
        local f = io.open("\(bodyPath)", "rb")
        wrk.body = f:read("*all")
        f:close()
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.txt").path
        let m = measure("\(wrk) -t2 -c\(connections) -d\(Int(seconds))s -s \(script) http://127.0.0.1:\(port)/v1/traces > \(out) 2>&1; cat \(out) >&2")
        guard m.status == 0, let text = try? String(contentsOfFile: out, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
              let rate = Double(line.split(separator: " ").last ?? "") else {
            throw ReceiverError("wrk did not report a rate")
        }
        if let non2xx = text.split(separator: "\n").first(where: { $0.contains("Non-2xx") }) { say("wrk: \(non2xx)") }
        return rate
    }
}

/// A blocking HTTP/1.1 client on one kept-alive socket: request out, answer (Content-Length
/// body) in.
final class LoadClient {
    private let fd: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = in_port_t(UInt16(port).bigEndian)
        sa.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        if rc != 0 { throw ReceiverError("connect: errno \(errno)") }
    }

    deinit { close(fd) }

    func post(_ path: String, _ body: [UInt8]) throws -> Int {
        let request = Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        var off = 0
        while off < request.count {
            let n = request[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { throw ReceiverError("send: errno \(errno)") }
            off += n
        }
        var headEnd: Int? = nil
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if headEnd == nil, pending.count >= 4 {
                headEnd = (3..<pending.count).first { pending[$0 - 3] == 13 && pending[$0 - 2] == 10 && pending[$0 - 1] == 13 && pending[$0] == 10 }
            }
            if let end = headEnd {
                let head = String(decoding: pending[...end], as: UTF8.self).lowercased()
                let length = head.range(of: "content-length: ").map { Int(head[$0.upperBound...].prefix { $0.isNumber }) ?? 0 } ?? 0
                if pending.count >= end + 1 + length {
                    let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
                    pending.removeFirst(end + 1 + length)
                    return status
                }
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { throw ReceiverError("recv: connection closed") }
            pending += chunk[..<n]
        }
    }
}

/// Answers every request with an empty 200 as soon as it ends, without keeping the body: the
/// floor wrk is measured against.
final class NullServer {
    let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        port = channel.localAddress?.port ?? 0
    }

    static func start() throws -> NullServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                do {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler())
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        return NullServer(channel: try bootstrap.bind(host: "127.0.0.1", port: 0).wait())
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "0")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
