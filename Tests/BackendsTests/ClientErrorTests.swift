import Testing
import TraceModel
@testable import Backends

/// Every error shape of the backends (and of proxies in front of them) becomes one short,
/// printable line of the right kind.
@Suite struct ClientErrorTests {
    static func error(_ reply: ReplayTransport.Reply, api: BackendAPI = .jaegerClassic, tenant: String? = nil, auth: String = "no credentials",
                      _ call: (BackendClient) async throws(BackendError) -> Void = { client throws(BackendError) in _ = try await client.services() }) async -> BackendError? {
        let client = BackendClient(api: api, transport: ReplayTransport([("/", reply)], displayURL: "http://h:1", auth: auth), tenant: tenant)
        do {
            try await call(client)
            return nil
        } catch {
            return error
        }
    }

    @Test func jaegerEnvelopeSentAsPlainText() async {
        let e = await Self.error(.text(#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":500,"msg":"storage: connection reset"}]}"#, status: 500))
        #expect(e == BackendError(.unavailable, "http://h:1/api/services: 500 storage: connection reset", status: 500))
        #expect(e?.retryable == true)
    }

    @Test func apiV3ErrorShape() async {
        let e = await Self.error(.text(#"{"error":{"httpCode":400,"message":"malformed parameter trace_id: x"}}"#, status: 400),
                                 api: .jaegerV3(summaries: true, classicSearch: false))
        #expect(e == BackendError(.badRequest, "http://h:1/api/v3/services: 400 malformed parameter trace_id: x", status: 400))
    }

    @Test func plainTextOfZipkinAndTempo() async {
        let zipkin = await Self.error(.text("maxDuration is only valid with minDuration", status: 400), api: .zipkinV2)
        #expect(zipkin == BackendError(.badRequest, "http://h:1/api/v2/services: 400 maxDuration is only valid with minDuration", status: 400))
        let tempo = await Self.error(.text("too many outstanding requests", status: 429), api: .tempo(v2Traces: true))
        #expect(tempo?.kind == .unavailable && tempo?.message.hasSuffix(": 429 too many outstanding requests") == true)
        // The query string is not part of the line; the path is.
        let search = await Self.error(.text(#"invalid start: strconv.ParseUint: parsing "1700000000000": value out of range"#, status: 400), api: .tempo(v2Traces: true)) { c throws(BackendError) in
            _ = try await c.search(SearchQuery(), now: 1_796_119_200_000_000_000)
        }
        #expect(search?.message == #"http://h:1/api/search: 400 invalid start: strconv.ParseUint: parsing "1700000000000": value out of range"#)
    }

    @Test func htmlFromAProxy() async {
        let gateway = await Self.error(.html("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", status: 502))
        #expect(gateway == BackendError(.unavailable, #"http://h:1/api/services: 502 an HTML page (a proxy or login page?): "502 Bad Gateway""#, status: 502))
        // A login page answering 200 is not a list of services.
        let login = await Self.error(.bytes(Array("\n<!DOCTYPE html><html><body>Sign in</body></html>".utf8), type: "text/plain"))
        #expect(login == BackendError(.badResponse, "http://h:1/api/services: 200 an HTML page (a proxy or login page?)", status: 200))
    }

    @Test func unauthorizedNamesTheCredentialsNotTheSecret() async {
        let e = await Self.error(.text("no org id", status: 401), api: .tempo(v2Traces: true), auth: "bearer token from $TEMPO_TOKEN")
        #expect(e == BackendError(.unauthorized, "http://h:1/api/v2/search/tag/resource.service.name/values: 401 no org id (sent bearer token from $TEMPO_TOKEN); no tenant was sent (--tenant)", status: 401))
        let jaeger = await Self.error(.text("unknown tenant", status: 401), tenant: "x")
        #expect(jaeger?.message == "http://h:1/api/services: 401 unknown tenant (sent no credentials)")
        let forbidden = await Self.error(.empty(403), api: .zipkinV2)
        #expect(forbidden?.message == "http://h:1/api/v2/services: 403 Forbidden (sent no credentials)")
    }

    @Test func emptyTruncatedAndNonJSONBodies() async {
        let empty = await Self.error(.bytes([]))
        #expect(empty == BackendError(.badResponse, "http://h:1/api/services: 200 with an empty body", status: 200))
        let truncated = await Self.error(.json(#"{"data":["a","b"#))
        #expect(truncated?.kind == .badResponse)
        #expect(truncated?.message == "http://h:1/api/services: the body ends early at byte 15 (truncated?)")
        let text = await Self.error(.bytes(Array("OK".utf8), type: "text/plain"))
        #expect(text?.message == "http://h:1/api/services: not the JSON expected: byte 0: expected a JSON value, found 'O'")
        let trailing = await Self.error(.json(#"{"data":[]} x"#))
        #expect(trailing?.message == "http://h:1/api/services: not the JSON expected: byte 12: more data after the JSON value")
    }

    @Test func truncatedTraceBodiesNameTheOffset() async {
        let body = Bodies.jaegerEnvelope(Array(Bodies.spans.prefix(3)))
        let cut = Array(body.utf8.prefix(300))
        let e = await Self.error(.bytes(cut)) { c throws(BackendError) in _ = try await c.trace(TraceID("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01")!) }
        #expect(e?.kind == .badResponse)
        #expect(e?.message.hasPrefix("http://h:1/api/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01: byte ") == true)
        #expect(e?.message.hasSuffix("(truncated?)") == true, "\(e?.message ?? "")")
        let empty = await Self.error(.bytes([])) { c throws(BackendError) in _ = try await c.trace(TraceID("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01")!) }
        #expect(empty?.message == "http://h:1/api/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01: 200 with an empty body")
        let garbage = await Self.error(.bytes(Array("<xml/>".utf8), type: "application/xml")) { c throws(BackendError) in
            _ = try await c.trace(TraceID("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01")!)
        }
        #expect(garbage?.message.contains("byte 0") == true)
    }

    @Test func longAndHostileBodiesAreShortenedAndCleaned() async {
        let long = String(repeating: "x", count: 500)
        let e = await Self.error(.text("\u{1b}[31mboom\u{7}\t\(long)\nsecond line", status: 500))
        let message = e?.message ?? ""
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(message.hasPrefix("http://h:1/api/services: 500 [31mboom x"))
        #expect(!message.contains("second line"))
        #expect(message.hasSuffix("…") && message.count == "http://h:1/api/services: 500 ".count + 200)
    }

    @Test func otherStatuses() async {
        #expect(await Self.error(.text("slow", status: 504))?.kind == .unavailable)
        #expect(await Self.error(.empty(408))?.kind == .timeout)
        let redirect = await Self.error(.response(HTTPResponse(status: 302, headers: ["location": "https://sso.example.com/login?token=secret"], body: [])))
        #expect(redirect == BackendError(.badResponse, "http://h:1/api/services: 302 redirect to https://sso.example.com/login (use the final URL)", status: 302))
        let notFound = await Self.error(.text("404 page not found", status: 404))
        #expect(notFound == BackendError(.notFound, "http://h:1/api/services: 404 404 page not found", status: 404))
    }

    @Test func transportErrorsPassThrough() async {
        let timeout = BackendError(.timeout, "http://h:1: no answer within 30 s")
        #expect(await Self.error(.failure(timeout)) == timeout)
    }
}
