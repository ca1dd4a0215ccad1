import Testing
@testable import Backends

/// Which backend and API `connect` finds, from what each server version answers.
@Suite struct ClientProbeTests {
    static let v3Services = ReplayTransport.Reply.json(#"{"services":["foo"]}"#)
    static let classicServices = ReplayTransport.Reply.json(#"{"data":["foo"],"total":1,"limit":0,"offset":0,"errors":null}"#)
    static let classicSearchRefused = ReplayTransport.Reply.text(#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"parameter 'service' is required"}]}"#, status: 400)
    static let summariesRefused = ReplayTransport.Reply.text(#"{"error":{"httpCode":400,"message":"query.startTimeMin and query.startTimeMax are required"}}"#, status: 400)
    static let uiPage = ReplayTransport.Reply.html("<!doctype html><html><head><title>Jaeger UI</title></head></html>")

    @Test func jaegerBeforeApiV3UsesTheClassicAPI() async throws {
        let t = ReplayTransport([("/api/services", Self.classicServices), ("/api/traces", Self.classicSearchRefused), ("/", Self.uiPage)])
        let client = try await BackendClient.connect(transport: t)
        #expect(client.api == .jaegerClassic)
        #expect(client.version == nil)
        #expect(t.paths.prefix(3) == ["/api/echo", "/api/v3/services", "/api/services"])
    }

    @Test func jaegerWithApiV3ButNoSummariesKeepsClassicSearch() async throws {
        // v1.53 – v2.18: api_v3 without attribute filters; classic search filters tags.
        let t = ReplayTransport([("/api/v3/services", Self.v3Services), ("/api/services", Self.classicServices), ("/api/traces", Self.classicSearchRefused)])
        let client = try await BackendClient.connect(transport: t)
        #expect(client.api == .jaegerClassic)
        #expect(t.paths.contains("/api/v3/trace-summaries"))
    }

    @Test func jaegerWithSummariesUsesApiV3() async throws {
        let t = ReplayTransport([("/api/v3/services", Self.v3Services), ("/api/v3/trace-summaries", Self.summariesRefused),
                                 ("/api/services", Self.classicServices), ("/api/traces", Self.classicSearchRefused)])
        let client = try await BackendClient.connect(transport: t)
        #expect(client.api == .jaegerV3(summaries: true, classicSearch: true))
    }

    @Test func jaegerMainWithoutClassicSearch() async throws {
        // Classic search removed: `/api/traces` falls to the UI's catch-all page.
        let t = ReplayTransport([("/api/v3/services", Self.v3Services), ("/api/v3/trace-summaries", Self.summariesRefused), ("/", Self.uiPage)])
        let client = try await BackendClient.connect(transport: t)
        #expect(client.api == .jaegerV3(summaries: true, classicSearch: false))
    }

    @Test func apiV3WithoutSummariesOrClassicSearch() async throws {
        let t = ReplayTransport([("/api/v3/services", Self.v3Services)])
        let client = try await BackendClient.connect(transport: t)
        #expect(client.api == .jaegerV3(summaries: false, classicSearch: false))
    }

    @Test func zipkin() async throws {
        let t = ReplayTransport([("/api/v2/services", .json(#"["bar","foo"]"#))], displayURL: "http://localhost:9411")
        let client = try await BackendClient.connect(transport: t)
        #expect(client.api == .zipkinV2)
        #expect(t.paths == ["/api/echo", "/api/v3/services", "/api/services", "/api/v2/services"])
    }

    @Test func tempoV2WithVersion() async throws {
        let t = ReplayTransport([("/api/echo", .text("echo", status: 200)),
                                 ("/api/status/buildinfo", .json(#"{"version":"2.6.1","revision":"abc","branch":"HEAD"}"#)),
                                 ("/api/v2/traces/", .json(#"{"trace":{},"metrics":{}}"#))], displayURL: "http://localhost:3200")
        let client = try await BackendClient.connect(transport: t, tenant: "team-a")
        #expect(client.api == .tempo(v2Traces: true))
        #expect(client.version == "2.6.1")
        // Every probe of Tempo carries its tenant header.
        #expect(t.requests.allSatisfy { $0.headers.contains { $0 == ("X-Scope-OrgID", "team-a") } })
    }

    @Test func tempoWithoutTheV2TraceRoute() async throws {
        let t = ReplayTransport([("/api/echo", .text("echo", status: 200))], displayURL: "http://localhost:3200")
        let client = try await BackendClient.connect(transport: t)
        #expect(client.api == .tempo(v2Traces: false))
        #expect(client.version == nil)
    }

    @Test func aForcedKindProbesOnlyItsOwnAPIs() async throws {
        let t = ReplayTransport([("/api/echo", .text("echo", status: 200)), ("/api/v2/services", .json("[]"))])
        let client = try await BackendClient.connect(transport: t, kind: .zipkin)
        #expect(client.api == .zipkinV2)
        #expect(t.paths == ["/api/v2/services"])
        await #expect(throws: BackendError.self) { try await BackendClient.connect(transport: ReplayTransport([]), kind: .jaeger) }
    }

    @Test func nothingAnsweringLikeABackendIsOneLine() async {
        let t = ReplayTransport([("/", .html("<html><title>nginx</title></html>"))], displayURL: "http://host:1234")
        let error = await #expect(throws: BackendError.self) { try await BackendClient.connect(transport: t) }
        #expect(error == BackendError(.badResponse, "http://host:1234 does not answer like Jaeger, Zipkin or Tempo (tried /api/echo, /api/v3/services, /api/services, /api/v2/services)"))
        let tempo = await #expect(throws: BackendError.self) {
            try await BackendClient.connect(transport: ReplayTransport([], displayURL: "http://host:1234/"), kind: .tempo)
        }
        #expect(tempo?.message == "http://host:1234 does not answer like Tempo (tried /api/echo)")
    }

    @Test func anAuthFailureExplainsBetterThanNoMatch() async {
        let t = ReplayTransport([("/", .text("Unauthorized", status: 401))], auth: "bearer token from $TOKEN")
        let error = await #expect(throws: BackendError.self) { try await BackendClient.connect(transport: t) }
        #expect(error == BackendError(.unauthorized, "http://localhost:16686/api/echo: 401 Unauthorized (sent bearer token from $TOKEN)", status: 401))
    }

    @Test func aMultiTenantTempoWithoutTenantSaysHowToSendOne() async {
        // `/api/echo` skips the tenant check; the next probe does not.
        let t = ReplayTransport([("/api/echo", .text("echo", status: 200)), ("/api/", .text("no org id", status: 401))], displayURL: "http://t:3200")
        let error = await #expect(throws: BackendError.self) { try await BackendClient.connect(transport: t) }
        #expect(error?.kind == .unauthorized && error?.message.hasSuffix("401 no org id (sent no credentials); no tenant was sent (--tenant)") == true)
        let withTenant = ReplayTransport([("/api/echo", .text("echo", status: 200)), ("/api/", .text("no org id", status: 401))], displayURL: "http://t:3200")
        let other = await #expect(throws: BackendError.self) { try await BackendClient.connect(transport: withTenant, tenant: "t") }
        #expect(other?.message.hasSuffix("(sent no credentials)") == true)
    }

    @Test func transportFailuresEndTheProbeAtOnce() async {
        let refused = BackendError(.unreachable, "http://localhost:16686: connection refused")
        let t = ReplayTransport([("/", .failure(refused))])
        await #expect(throws: refused) { try await BackendClient.connect(transport: t) }
        #expect(t.paths.count == 1)
    }

    @Test func checkReportsTheFacts() async {
        let ok = ReplayTransport([("/api/echo", .text("echo", status: 200)), ("/api/status/buildinfo", .json(#"{"version":"v2.6.1"}"#)),
                                  ("/api/v2/search/tag/resource.service.name/values", .json(#"{"tagValues":[{"type":"string","value":"cart"}]}"#))],
                                 displayURL: "http://tempo:3200")
        let good = await BackendClient.check(transport: ok)
        #expect(good.reachable && good.authOK == true && good.error == nil)
        #expect(good.line == "tempo v1  http://tempo:3200  v2.6.1  ok")
        let client = BackendClient(api: .zipkinV2, transport: ReplayTransport([("/", .text("no", status: 403))]))
        let bad = await client.check()
        #expect(bad.reachable && bad.authOK == false)
        #expect(bad.line.hasPrefix("zipkin /api/v2  http://localhost:16686  -  http://localhost:16686/api/v2/services: 403 no"))
        let down = await BackendClient.check(transport: ReplayTransport([("/", .failure(BackendError(.unreachable, "refused")))]))
        #expect(!down.reachable && down.authOK == nil && down.api == nil && down.error == "refused")
    }
}
