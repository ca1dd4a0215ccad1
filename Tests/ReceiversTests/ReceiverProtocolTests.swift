import Foundation
import Receivers
import Testing
import TestSupport
import TraceFormats
import TraceModel

/// Answers of the OTLP/HTTP and Zipkin receivers, status by status, as the OTLP specification
/// and Zipkin's API say, over one kept-alive connection where the protocol allows it.
@Suite struct ReceiverProtocolTests {
    @Test func protobufBatchArrivesWhole() async throws {
        let (bytes, sent) = try Sample.protobufBatch(seed: 3)
        try await Running.with { r in
            let response = try await onThread {
                try RawConnection(port: r.otlp).exchange(httpRequest("/v1/traces", contentType: "application/x-protobuf", body: bytes))
            }
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/x-protobuf")
            #expect(response.body.isEmpty)  // full success: an empty ExportTraceServiceResponse
            let batches = r.sink.batches
            #expect(batches.count == 1 && batches.first?.format == .otlpTracesProtobuf && batches.first?.body == bytes)
            let got = try #require(batches.first?.set)
            #expect(got.spans.map(\.spanID) == sent.spans.map(\.spanID))
            #expect(got.spans.map { got.name($0) } == sent.spans.map { sent.name($0) })
            #expect(got.spans.map { got.service($0) } == sent.spans.map { sent.service($0) })
            #expect(r.server.stats.spans == 512 && r.server.stats.requests == 1 && r.server.stats.bytes == bytes.count)
        }
    }

    @Test func jsonAndZipkinOnOneConnection() async throws {
        try await Running.with { r in
            let (traces, logs, v2, v1) = try await onThread {
                let otlp = try RawConnection(port: r.otlp)
                let traces = try otlp.exchange(httpRequest("/v1/traces", contentType: "application/json; charset=utf-8",
                                                           body: Sample.otlpJSON(trace: 1, count: 3)))
                let logs = try otlp.exchange(httpRequest("/v1/logs", body: Array("""
                    {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1700000000000000000","body":{"stringValue":"hi"}}]}]}]}
                    """.utf8)))
                let zipkin = try RawConnection(port: r.zipkin)
                let v2 = try zipkin.exchange(httpRequest("/api/v2/spans", body: Sample.zipkinV2(trace: 2, span: 5)))
                let v1 = try zipkin.exchange(httpRequest("/api/v1/spans", contentType: nil, body: Sample.zipkinV1(trace: 3, span: 6)))
                return (traces, logs, v2, v1)
            }
            #expect(traces.status == 200 && traces.headers["content-type"] == "application/json" && traces.text == "{}")
            #expect(logs.status == 200 && logs.text == "{}")
            #expect(v2.status == 202 && v2.body.isEmpty)
            #expect(v1.status == 202)
            let batches = r.sink.batches
            #expect(batches.map(\.format) == [.otlpTracesJSON, .otlpLogsJSON, .zipkinV2JSON, .zipkinV1JSON])
            #expect(batches[0].set.spans.map { batches[0].set.name($0) } == ["op-1", "op-2", "op-3"])
            #expect(batches[1].set.logs.first?.body == .string("hi"))
            let z = batches[2].set
            #expect(z.spans.count == 1 && z.service(z.spans[0]) == "zsvc" && z.spans[0].kind == .server && z.spans[0].duration == 1_500_000)
            let old = batches[3].set
            #expect(old.spans.count == 1 && old.service(old.spans[0]) == "v1svc" && old.spans[0].duration == 2_000_000)
            #expect(r.server.stats.spans == 5 && r.server.stats.logRecords == 1)
        }
    }

    @Test func refusalsKeepTheConnection() async throws {
        try await Running.with { r in
            let answers = try await onThread {
                let c = try RawConnection(port: r.otlp)
                let body = Sample.otlpJSON(trace: 9)
                return [
                    try c.exchange(httpRequest("/v1/traces", contentType: "text/plain", body: body)),
                    try c.exchange(httpRequest("/v1/traces", contentType: nil, body: body)),
                    try c.exchange(httpRequest("/v1/traces", headers: [("Content-Encoding", "br")], body: body)),
                    try c.exchange(httpRequest("/v1/traces", method: "GET", contentType: nil)),
                    try c.exchange(httpRequest("/v1/metrics", body: body)),
                    try c.exchange(httpRequest("/api/v2/spans", body: Sample.zipkinV2(trace: 1, span: 1))),
                    try c.exchange(httpRequest("/v1/traces", body: body)),
                ]
            }
            #expect(answers.map(\.status) == [415, 415, 415, 405, 404, 404, 200])
            #expect(answers[0].text.contains("text/plain") && answers[3].headers["allow"] == "POST")
            // Only the last one reached the sink.
            #expect(r.sink.spanCount == 1 && r.server.stats.failedRequests == 6 && r.server.stats.requests == 7)
            let zipkin = try await onThread {
                let c = try RawConnection(port: r.zipkin)
                return [
                    try c.exchange(httpRequest("/api/v2/spans", contentType: "application/x-protobuf", body: [1, 2, 3])),
                    try c.exchange(httpRequest("/v1/traces", body: Sample.otlpJSON(trace: 1))),
                ]
            }
            #expect(zipkin.map(\.status) == [415, 404])
        }
    }

    @Test func undecodableBodiesAre400InTheRequestsEncoding() async throws {
        try await Running.with { r in
            let (proto, json, wrongKind, zipkin) = try await onThread {
                let c = try RawConnection(port: r.otlp)
                let proto = try c.exchange(httpRequest("/v1/traces", contentType: "application/x-protobuf", body: [0x0A, 0xFF, 0x01]))
                let json = try c.exchange(httpRequest("/v1/traces", body: Array(#"{"resourceSpans":[{"#.utf8)))
                let wrongKind = try c.exchange(httpRequest("/v1/traces", body: Sample.zipkinV2(trace: 1, span: 1)))
                let z = try RawConnection(port: r.zipkin)
                let zipkin = try z.exchange(httpRequest("/api/v2/spans", body: Array("garbage".utf8)))
                return (proto, json, wrongKind, zipkin)
            }
            #expect(proto.status == 400 && proto.headers["content-type"] == "application/x-protobuf")
            let status = try #require(Proto.fields(proto.body))
            #expect(status.number == 3 && status.text.hasPrefix("POST /v1/traces: byte"))
            #expect(json.status == 400 && json.headers["content-type"] == "application/json")
            #expect(json.text.hasPrefix(#"{"code":3,"message":"POST /v1/traces: byte"#))
            #expect(wrongKind.status == 400 && wrongKind.text.contains("Zipkin JSON, not OTLP JSON"))
            #expect(zipkin.status == 400)
            #expect(r.sink.batches.isEmpty)
        }
    }

    @Test func partialSuccessSaysHowManyAndWhy() async throws {
        let request = Proto.request([Proto.span(id: [0, 0, 0, 0, 0, 0, 0, 1], name: "good"), Proto.span(id: [1, 2, 3], name: "short id")])
        try await Running.with { r in
            let response = try await onThread {
                try RawConnection(port: r.otlp).exchange(httpRequest("/v1/traces", contentType: "application/x-protobuf", body: request))
            }
            #expect(response.status == 200)
            // ExportTraceServiceResponse { partial_success (1) { rejected_spans (1), error_message (2) } }
            #expect(response.body.first == 0x0A)
            let partial = try #require(Proto.fields(Array(response.body.dropFirst(2))))
            #expect(partial.number == 1 && partial.text.contains("span_id"))
            #expect(r.sink.spanCount == 1 && r.server.stats.rejectedItems == 1)
        }
    }

    @Test func gzipBodiesAreInflatedWithinTheLimit() async throws {
        let json = Sample.otlpJSON(trace: 4, count: 20)
        let gzipped = try Sample.gzip(json)
        // 2 MiB of spaces: a few KB gzipped, over the limit inflated.
        let bomb = try Sample.gzip([UInt8](repeating: 0x20, count: 2 << 20))
        try await Running.with(maxRequestSize: 1 << 20) { r in
            let answers = try await onThread {
                let c = try RawConnection(port: r.otlp)
                let gz = [("Content-Encoding", "gzip")]
                return [
                    try c.exchange(httpRequest("/v1/traces", headers: gz, body: gzipped)),
                    try c.exchange(httpRequest("/v1/traces", headers: gz, body: Array(gzipped.prefix(gzipped.count / 2)))),
                    try RawConnection(port: r.otlp).exchange(httpRequest("/v1/traces", headers: gz, body: bomb)),
                ]
            }
            #expect(answers.map(\.status) == [200, 400, 413])
            #expect(answers[1].text.contains("truncated") || answers[1].text.contains("corrupt"))
            #expect(answers[2].text.contains("inflated body is larger than the limit of 1048576 bytes"))
            #expect(r.sink.batches.count == 1 && r.sink.batches.first?.body == json && r.sink.spanCount == 20)
            #expect(r.server.stats.bytes == gzipped.count + gzipped.count / 2 + bomb.count)
        }
    }

    @Test func busySinkIs503WithRetryAfterAndKeepsNothing() async throws {
        try await Running.with(sink: MemorySink(capacity: 5)) { r in
            let (fits, busy, zipkin) = try await onThread {
                let c = try RawConnection(port: r.otlp)
                let fits = try c.exchange(httpRequest("/v1/traces", body: Sample.otlpJSON(trace: 1, count: 5)))
                let busy = try c.exchange(httpRequest("/v1/traces", contentType: "application/x-protobuf",
                                                      body: Proto.request([Proto.span(id: [0, 0, 0, 0, 0, 0, 0, 9], name: "x")])))
                let zipkin = try RawConnection(port: r.zipkin).exchange(httpRequest("/api/v2/spans", body: Sample.zipkinV2(trace: 1, span: 2)))
                return (fits, busy, zipkin)
            }
            #expect(fits.status == 200)
            #expect(busy.status == 503 && busy.headers["retry-after"] == "1" && Proto.fields(busy.body)?.number == 14)
            #expect(zipkin.status == 503 && zipkin.headers["retry-after"] == "1")
            #expect(r.sink.spanCount == 5 && r.server.stats.spans == 5 && r.server.stats.busy == 2)
        }
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() async throws {
        let body = Sample.otlpJSON(trace: 5, count: 2)
        try await Running.with(maxRequestSize: 1 << 20) { r in
            let (interim, final, refused) = try await onThread {
                let c = try RawConnection(port: r.otlp)
                let request = httpRequest("/v1/traces", headers: [("Expect", "100-continue")], body: body)
                _ = c.send(Array(request.dropLast(body.count)))
                let interim = try c.response()
                let final = try c.exchange(body)
                let big = "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(2 << 20)\r\n\r\n"
                let refused = try RawConnection(port: r.otlp).exchange(Array(big.utf8))
                return (interim.status, final.status, refused.status)
            }
            #expect(interim == 100 && final == 200 && refused == 413)
            #expect(r.sink.spanCount == 2)
        }
    }

    @Test func addresses() async throws {
        #expect(try ListenAddress(parsing: "127.0.0.1:4318") == ListenAddress(host: "127.0.0.1", port: 4318))
        #expect(try ListenAddress(parsing: ":9411") == ListenAddress(host: "127.0.0.1", port: 9411))
        #expect(try ListenAddress(parsing: "[::1]:4318").host == "::1")
        #expect(try ListenAddress(parsing: "[::1]:4318").description == "[::1]:4318")
        #expect(try ListenAddress(parsing: "localhost:1").isLoopback && ListenAddress(host: "::1", port: 1).isLoopback)
        #expect(try !ListenAddress(parsing: "0.0.0.0:4318").isLoopback && !ListenAddress(host: "10.1.2.3", port: 1).isLoopback)
        #expect(throws: ReceiverError.self) { try ListenAddress(parsing: "4318") }
        #expect(throws: ReceiverError.self) { try ListenAddress(parsing: "host:99999") }
        let server = ReceiverServer(threads: 1)
        #expect(throws: ReceiverError.self) { try server.start(otlpHTTP: "127.0.0.1:0", zipkin: "nonsense", sink: MemorySink()) }
        await server.stop()
    }
}
