import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TraceFormats
import TraceModel
import TraceSynth

/// `demo --live`: the demo generator as a set of services exporting to our own receiver, over
/// loopback, in real OTLP/HTTP protobuf. A new request starts every ~0.4 s; each service sends
/// its spans (and logs) as its own export, in the order they end, so a trace grows over a
/// second or two as it would from real services, root last. The generator's slow spans and
/// failing payments come with it.
enum LiveDemo {
    /// One export: when it is due and what it carries.
    struct Export {
        var due: Date
        var path: String
        var body: [UInt8]
    }

    /// Sends forever on a thread of its own to the OTLP/HTTP receiver at `host:port`.
    static func start(host: String, port: Int) {
        let thread = Thread {
            var rng = SplitMix64(seed: UInt64(Date().timeIntervalSince1970 * 1000))
            var queue: [Export] = []
            var nextTrace = Date()
            var client = LoopbackPost(host: host, port: port)
            while true {
                let now = Date()
                if now >= nextTrace {
                    queue += exports(of: next(&rng, now: now), now: now)
                    queue.sort { $0.due < $1.due }
                    nextTrace = now.addingTimeInterval(Double(rng.int64(200...700)) / 1000)
                }
                while let first = queue.first, first.due <= Date() {
                    queue.removeFirst()
                    client.post(path: first.path, body: first.body)
                }
                let wake = min(nextTrace, queue.first?.due ?? nextTrace)
                Thread.sleep(forTimeInterval: max(0.01, wake.timeIntervalSinceNow))
            }
        }
        thread.start()
    }

    /// A demo trace moved to start now.
    static func next(_ rng: inout SplitMix64, now: Date) -> SynthTrace {
        var trace = DemoGenerator.generateDemo(seed: rng.next(), traceCount: 1)[0]
        let first = trace.spans.map(\.startNs).min() ?? 0
        let shift = Int64(now.timeIntervalSince1970 * 1e9) - first
        for i in trace.spans.indices {
            trace.spans[i].startNs += shift
            for e in trace.spans[i].events.indices { trace.spans[i].events[e].timeNs += shift }
        }
        for i in trace.logs.indices { trace.logs[i].timeNs += shift }
        return trace
    }

    /// The trace's exports: one per service, due when its last span ends (scaled so a trace
    /// arrives within ~2 s however long it took), spans and logs as OTLP protobuf.
    static func exports(of trace: SynthTrace, now: Date) -> [Export] {
        let start = trace.spans.map(\.startNs).min() ?? 0
        let length = max(1, (trace.spans.map(\.endNs).max() ?? start) - start)
        var out: [Export] = []
        for service in trace.services {
            var part = trace
            part.spans = trace.spans.filter { $0.service == service }
            let ids = Set(part.spans.map(\.spanID))
            part.logs = trace.logs.filter { ids.contains($0.spanID) }
            let end = part.spans.map(\.endNs).max() ?? start
            let due = now.addingTimeInterval(0.2 + 1.8 * Double(end - start) / Double(length))
            guard let spans = try? TraceLoader.decode(FileBytes(OTLPJSONWriter.write([part]), name: "demo")).set else { continue }
            out.append(Export(due: due, path: "/v1/traces", body: OTLPProtobuf.encodeTraces(spans)))
            if !part.logs.isEmpty, let logs = try? TraceLoader.decode(FileBytes(OTLPLogsWriter.write([part]), name: "demo")).set {
                out.append(Export(due: due, path: "/v1/logs", body: OTLPProtobuf.encodeLogs(logs)))
            }
        }
        return out
    }
}

/// HTTP/1.1 POSTs of protobuf bodies over one keep-alive connection to loopback, reconnecting
/// when it drops. The answer is read and dropped: the demo only needs the spans to arrive.
struct LoopbackPost {
    let host: String
    let port: Int
    var fd: Int32 = -1

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    mutating func post(path: String, body: [UInt8]) {
        for _ in 0..<2 {
            if fd < 0 { connect() }
            guard fd >= 0 else { return }
            let head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/x-protobuf\r\nContent-Length: \(body.count)\r\n\r\n"
            if send(Array(head.utf8) + body), let keepAlive = readAnswer() {
                if !keepAlive { close(fd); fd = -1 }
                return
            }
            close(fd)
            fd = -1
        }
    }

    private mutating func connect() {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { return }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if ok == 0 { fd = s } else { close(s) }
    }

    private func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Reads one answer: its head, then Content-Length bytes of body; whether the connection
    /// stays open, nil when it failed.
    private func readAnswer() -> Bool? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            data += buffer[0..<n]
            guard let end = Self.find(data, Array("\r\n\r\n".utf8)) else { continue }
            let head = String(decoding: data[0..<end], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if data.count >= end + 4 + length { return !head.contains("connection: close") }
        }
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle { return i }
        return nil
    }
}
