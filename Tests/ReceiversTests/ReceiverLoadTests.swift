import Foundation
import Synchronization
import Receivers
import Testing
import TestSupport
import TraceModel

/// Hostile and heavy clients: oversize bodies answered before they are sent, half requests that
/// hang, thousands of tiny requests, hundreds of connections at once, a stop with requests in
/// flight. The receiver answers each correctly, stays up, and keeps everything it acknowledged.
@Suite struct ReceiverLoadTests {
    /// Sends `head`, then 64 KiB chunks (`frame` wraps each) until `upTo` body bytes went out,
    /// and waits for the answer there: the body is never finished, so an answer proves the
    /// server answered before it. Returns the body bytes sent and the answer.
    static func sendThenWait(_ c: RawConnection, head: String, upTo: Int,
                             frame: ([UInt8]) -> [UInt8] = { $0 }) throws -> (sent: Int, response: RawConnection.Response) {
        _ = c.send(head)
        let chunk = [UInt8](repeating: 0x41, count: 65_536)
        var sent = 0
        while sent < upTo, c.send(frame(chunk)) { sent += chunk.count }
        guard c.readable(within: 10) else { throw RawConnection.Failure(description: "no answer after \(sent) body bytes") }
        return (sent, try c.response())
    }

    @Test func oversizeContentLengthIsRefusedBeforeTheBodyIsSent() async throws {
        try await Running.with(maxRequestSize: 1 << 20) { r in
            let (sent, response, closed, after) = try await onThread {
                let c = try RawConnection(port: r.otlp)
                let head = "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: \(64 << 20)\r\n\r\n"
                let (sent, response) = try Self.sendThenWait(c, head: head, upTo: 0)
                let closed = c.closedByPeer()
                let after = try RawConnection(port: r.otlp).exchange(httpRequest("/v1/traces", body: Sample.otlpJSON(trace: 1)))
                return (sent, response, closed, after)
            }
            #expect(response.status == 413 && response.headers["connection"] == "close" && closed)
            #expect(Proto.fields(response.body)?.text == "the body (Content-Length 67108864) is larger than the limit of 1048576 bytes")
            // Answered on the head, before any of the body.
            #expect(sent == 0)
            #expect(after.status == 200 && r.sink.spanCount == 1)
        }
    }

    @Test func oversizeChunkedBodyIsCutAtTheLimit() async throws {
        try await Running.with(maxRequestSize: 1 << 20) { r in
            let (sent, response, closed) = try await onThread {
                let c = try RawConnection(port: r.zipkin)
                let head = "POST /api/v2/spans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                let answer = try Self.sendThenWait(c, head: head, upTo: (1 << 20) + (128 << 10)) { chunk in
                    Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + [13, 10]
                }
                return (answer.sent, answer.response, c.closedByPeer())
            }
            #expect(response.status == 413 && closed && response.text.contains("larger than the limit of 1048576 bytes"))
            #expect(sent == (1 << 20) + (128 << 10), "sent \(sent) bytes")
            #expect(r.sink.batches.isEmpty && r.server.stats.failedRequests == 1)
        }
    }

    @Test func halfRequestIsCutOffWithoutBlockingOthers() async throws {
        try await Running.with(idleTimeout: .seconds(1)) { r in
            let (others, closed, waited) = try await onThread {
                let hanging = try RawConnection(port: r.otlp, timeout: 8)
                _ = hanging.send("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"resourceSpans\"")
                let start = Date()
                let c = try RawConnection(port: r.otlp)
                let others = try (1...5).map { i in try c.exchange(httpRequest("/v1/traces", body: Sample.otlpJSON(trace: UInt64(i)))).status }
                let closed = hanging.closedByPeer()
                return (others, closed, Date().timeIntervalSince(start))
            }
            #expect(others == [200, 200, 200, 200, 200])
            #expect(closed && waited >= 0.9 && waited < 6, "closed \(closed) after \(waited) s")
            #expect(r.sink.spanCount == 5)
        }
    }

    @Test func thousandsOfTinyRequestsLoseNothing() async throws {
        let connections = 4, perConnection = 600
        try await Running.with { r in
            let acked = try await withThrowingTaskGroup(of: Int.self) { group in
                for c in 0..<connections {
                    group.addTask {
                        try await onThread {
                            let conn = try RawConnection(port: r.otlp)
                            var ok = 0
                            for i in 0..<perConnection {
                                let body = Sample.otlpJSON(trace: UInt64(c + 1), firstSpan: UInt64(i + 1))
                                if try conn.exchange(httpRequest("/v1/traces", body: body)).status == 200 { ok += 1 }
                            }
                            return ok
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(acked == connections * perConnection)
            #expect(r.sink.spanCount == acked && r.server.stats.spans == acked && r.server.stats.requests == acked)
            let ids = Set(r.sink.batches.flatMap { $0.set.spans.map { "\($0.traceID.low)/\($0.spanID.value)" } })
            #expect(ids.count == acked)
        }
    }

    @Test func hundredsOfConnectionsAtOnce() async throws {
        let count = 300
        try await Running.with { r in
            let statuses = try await onThread {
                let open = try (0..<count).map { _ in try RawConnection(port: r.otlp) }
                for (i, c) in open.enumerated() {
                    guard c.send(httpRequest("/v1/traces", body: Sample.otlpJSON(trace: 7, firstSpan: UInt64(i + 1)))) else {
                        throw RawConnection.Failure(description: "send on connection \(i) failed")
                    }
                }
                return try open.map { try $0.response().status }
            }
            #expect(statuses == Array(repeating: 200, count: count))
            #expect(r.sink.spanCount == count)
        }
    }

    /// Holds each batch for a while before keeping it, as a slow store does.
    final class SlowSink: SpanSink {
        let inner = MemorySink()
        let started = Atomic<Bool>(false)
        func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError) {
            started.store(true, ordering: .relaxed)
            try? await Task.sleep(for: .milliseconds(400))
            try await inner.accept(batch, body: body, format: format)
        }
    }

    @Test func stopFinishesRequestsInFlight() async throws {
        let sink = SlowSink()
        let server = ReceiverServer(threads: 2)
        let port = try #require(try server.start(otlpHTTP: "127.0.0.1:0", zipkin: nil, sink: sink).otlpHTTP?.port)
        let idle = try await onThread { try RawConnection(port: port) }
        async let answer = onThread {
            try RawConnection(port: port).exchange(httpRequest("/v1/traces", body: Sample.otlpJSON(trace: 3, count: 2)))
        }
        // Stop while the sink holds the request.
        while !sink.started.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
        await server.stop()
        let response = try await answer
        #expect(response.status == 200 && response.headers["connection"] == "close")
        #expect(sink.inner.spanCount == 2)
        #expect(try await onThread { idle.closedByPeer() })
        // (Not "the port refuses connections": a parallel test may be given the same port.)
        #expect(server.connectionCount == 0)
    }
}
