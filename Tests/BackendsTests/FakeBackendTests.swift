import BackendHTTP
import Backends
import FakeBackends
import Foundation
import TestSupport
import Testing

/// The fakes' own machinery: the store, canned routes, faults, counters, the generator.
@Suite struct FakeBackendTests {
    @Test func tracesAddedMidTestAreSeenByTheNextRequest() async throws {
        try await withFake(.zipkin, traces: [sampleTrace()]) { fake, transport in
            let before = try jsonArray(try await transport.get("/api/v2/traces"))
            #expect(before.count == 1)
            fake.add(sampleTrace(id: "8888888888888888"))
            fake.add(sampleTrace())  // same id: replaced, not doubled
            #expect(fake.traceCount == 2)
            #expect(try jsonArray(try await transport.get("/api/v2/traces")).count == 2)
            #expect(fake.requestCount("/api/v2/traces") == 2)
        }
    }

    @Test func largeCachedBodiesFollowChangesToTheStore() async throws {
        var trace = FakeTrace.generated(seed: 5, spans: 3000)
        try await withFake(.jaeger(.v2_20), traces: [trace]) { fake, transport in
            let first = try await transport.get("/api/traces/\(trace.traceID)")
            #expect(first.body.count > 256 * 1024)
            // Kept bodies go out gzipped once (as the compressor did the first time) or as they
            // are when gzip is off: the client sees the same bytes either way.
            let again = try await transport.get("/api/traces/\(trace.traceID)")
            #expect(first.headers["content-encoding"] == "gzip" && again.headers["content-encoding"] == "gzip")
            #expect(again.body == first.body)
            fake.setGzip(false)
            let plain = try await transport.get("/api/traces/\(trace.traceID)")
            #expect(plain.headers["content-encoding"] == nil && plain.headers["content-length"] == String(first.body.count))
            #expect(plain.body == first.body)
            fake.setGzip(true)
            trace.spans.removeLast()
            fake.add(trace)
            let changed = try jsonObject(try await transport.get("/api/traces/\(trace.traceID)"))
            let spans = ((changed["data"] as? [[String: Any]])?.first?["spans"] as? [Any])?.count
            #expect(spans == 2999)
        }
    }

    @Test func cannedRoutesReplayRecordedBodies() async throws {
        let recorded = Corpus.path("backend-responses/jaeger/jaegertracing+jaeger/cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/snapshots/GetServices.json")
        let body = FileManager.default.contents(atPath: recorded).map { [UInt8]($0) } ?? Array("{\"services\":[\"foo\"]}".utf8)
        try await withFake(.jaeger(.v2_20), traces: [sampleTrace()]) { fake, transport in
            fake.route("/api/v3/services", body: body)
            let response = try await transport.get("/api/v3/services")
            #expect(response.body == body)
            #expect(try jsonObject(response)["services"] as? [String] == ["foo"])
            fake.route("/api/v3/operations?service=foo", status: 500, headers: [("Content-Type", "text/plain")], body: Array("boom".utf8))
            #expect(try await transport.get("/api/v3/operations?service=foo").status == 500)
            #expect(try await transport.get("/api/v3/operations?service=bar").status == 200)
        }
    }

    @Test func faultsApplyByPathPrefixAndCount() async throws {
        try await withFake(.jaeger(.v2_20)) { fake, transport in
            fake.inject(.status(503), pathPrefix: "/api/v3/", times: 2)
            #expect(try await transport.get("/api/v3/services").status == 503)
            #expect(try await transport.get("/api/services").status == 200)
            #expect(try await transport.get("/api/v3/services").status == 503)
            #expect(try await transport.get("/api/v3/services").status == 200)
            fake.inject(.status(500))
            let envelope = try await transport.get("/api/services")
            #expect(envelope.status == 500)
            #expect(text(envelope).contains("\"errors\":[{\"code\":500"))
            fake.clearFaults()
            fake.inject(.status(403, body: "denied by policy", contentType: "text/plain"))
            let denied = try await transport.get("/api/services")
            #expect(denied.status == 403)
            #expect(text(denied) == "denied by policy")
        }
    }

    @Test func authKindsAreEnforced() async throws {
        try await withFake(.zipkin, options: { $0.headers = [.init("Authorization", "Bearer good")] }) { fake, transport in
            fake.require([.bearer("good")])
            #expect(try await transport.get("/api/v2/services").status == 200)
            fake.require([.bearer("better")])
            let refused = try await transport.get("/api/v2/services")
            #expect(refused.status == 401)
            #expect(refused.headers["www-authenticate"] == "Bearer")
            fake.require([.basic(user: "u", password: "p")])
            #expect(try await transport.get("/api/v2/services").status == 401)
            fake.require([])
            #expect(try await transport.get("/api/v2/services").status == 200)
        }
    }

    @Test func countsConnectionsAndInFlightRequests() async throws {
        try await withFake(.zipkin) { fake, transport in
            _ = try await transport.get("/api/v2/services")
            #expect(fake.connectionsAccepted == 1)
            #expect(fake.inFlight == 0)
            #expect(fake.maxInFlight == 1)
            fake.resetCounters()
            #expect(fake.totalRequests == 0)
            #expect(fake.connectionsAccepted == 0)
        }
    }

    @Test func stopClosesHangingConnections() async throws {
        let fake = try FakeBackend.start(.zipkin)
        var options = ConnectionOptions(url: fake.baseURL)
        options.timeout = 120
        let transport = try HTTPClientTransport(options: options, environment: [:])
        let (error, took) = try await endHangingRequest(fake, transport, path: "/api/v2/services") { _ in fake.stop() }
        #expect(error != nil)
        // The request's own timeout is 120 s: only the closed connection ends it this soon.
        #expect(took < .seconds(60))
        await transport.shutdown()
    }
}

@Suite struct FakeTraceGeneratorTests {
    @Test func sameSeedSameTrace() {
        #expect(FakeTrace.generated(seed: 42, spans: 300, start: 1_000) == FakeTrace.generated(seed: 42, spans: 300, start: 1_000))
        #expect(FakeTrace.generated(seed: 42, spans: 300, start: 1_000) != FakeTrace.generated(seed: 43, spans: 300, start: 1_000))
    }

    @Test func generatedTracesAreWellFormedAndRealistic() {
        let trace = FakeTrace.generated(seed: 7, spans: 20_000, services: 5, start: 1_700_000_000_000_000_000)
        #expect(trace.spans.count == 20_000)
        #expect(trace.traceID.count == 32)
        let byID = Dictionary(trace.spans.map { ($0.spanID, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byID.count == trace.spans.count)
        #expect(trace.spans.filter { $0.parentID == nil }.count == 1)
        var depth: [String: Int] = [:]
        var outside = 0
        for span in trace.spans {
            // Parents come before their children, so each depth is one look-up.
            guard let parentID = span.parentID, let parent = byID[parentID] else { depth[span.spanID] = 0; continue }
            if span.start < parent.start || span.end > parent.end { outside += 1 }
            depth[span.spanID] = (depth[parentID] ?? 0) + 1
        }
        let maxDepth = depth.values.max() ?? 0
        #expect(outside == 0)
        #expect(maxDepth > 8)
        #expect(trace.services.count == 5)
        let errorShare = Double(trace.errorCount) / Double(trace.spans.count)
        #expect(errorShare > 0.01 && errorShare < 0.06)
        #expect(trace.spans.contains { !$0.logs.isEmpty && $0.logs[0].contains(trace.traceID) })
        #expect(FakeTrace.generated(seed: 1, spans: 1).spans.count == 1)
    }
}
