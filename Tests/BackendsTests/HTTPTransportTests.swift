import BackendHTTP
import ChildProcess
import Backends
import FakeBackends
import Foundation
import Synchronization
import Testing

@Suite(.onBackendExecutor) struct HTTPTransportTests {
    @Test func sendsConfiguredHeadersTokenAndTenant() async throws {
        try await withFake(.tempo(v2Traces: true), traces: [sampleTrace()], options: {
            $0.kind = .tempo
            $0.tokenEnv = "TEMPO_TOKEN"
            $0.tenant = "acme"
            $0.headers = [.init("X-Team", "tracing")]
        }, environment: ["TEMPO_TOKEN": "tok-7f3a"]) { fake, transport in
            fake.require([.bearer("tok-7f3a"), .tenant("acme")])
            let response = try await transport.get("/api/search?q=%7B%7D", headers: [("X-Request", "42")], progress: nil)
            #expect(response.status == 200)
            #expect(try jsonObject(response)["traces"] as? [Any] != nil)
            let sent = try #require(fake.requests.last)
            #expect(sent.header("Authorization") == "Bearer tok-7f3a")
            #expect(sent.header("X-Scope-OrgID") == "acme")
            #expect(sent.header("x-tenant") == nil)
            #expect(sent.header("X-Team") == "tracing")
            #expect(sent.header("X-Request") == "42")
            #expect(sent.header("Accept-Encoding")?.contains("gzip") == true)
            #expect(sent.parameter("q") == "{}")
        }
    }

    @Test func basicAuthFromAPasswordFile() async throws {
        let directory = try temporaryDirectory()
        try "pa:ss word\n".write(toFile: directory + "/pw", atomically: true, encoding: .utf8)
        try await withFake(.zipkin, options: {
            $0.user = "admin"
            $0.passwordFile = directory + "/pw"
        }) { fake, transport in
            fake.require([.basic(user: "admin", password: "pa:ss word")])
            let status = try await transport.get("/api/v2/services").status
            #expect(status == 200)
        }
    }

    @Test func aRefusedTokenIsA401ResponseAndNoErrorTextHoldsTheSecret() async throws {
        let secret = "wrong-but-secret-7c1e"
        try await withFake(.jaeger(.v2_20), options: { $0.tokenEnv = "JAEGER_TOKEN" }, environment: ["JAEGER_TOKEN": secret]) { fake, transport in
            fake.require([.bearer("the-right-one")])
            let refused = try await transport.get("/api/services")
            #expect(refused.status == 401)
            #expect(text(refused) == "Unauthorized\n")
            #expect(transport.authDescription == "bearer token from $JAEGER_TOKEN")
            #expect(!transport.authDescription.contains(secret))
            #expect(!transport.displayURL.contains(secret))
            // An error line with the same credentials configured.
            var options = ConnectionOptions(url: fake.baseURL)
            options.tokenEnv = "JAEGER_TOKEN"
            options.timeout = 0.5
            let quick = try HTTPClientTransport(options: options, environment: ["JAEGER_TOKEN": secret])
            fake.inject(.hang)
            let error = try #require(await transportError { () async throws(BackendError) in try await quick.get("/api/services") })
            await quick.shutdown()
            #expect(error.kind == .timeout)
            #expect(!error.message.contains(secret))
        }
    }

    @Test func keepsThePathPrefixOfTheBaseURL() async throws {
        try await withFake(.tempo(v2Traces: true), pathPrefix: "/tempo") { fake, transport in
            #expect(transport.displayURL == "http://127.0.0.1:\(fake.port)/tempo")
            let echo = try await transport.get("/api/echo")
            #expect(text(echo) == "echo\n")
            #expect(fake.requestCount("/tempo/api/echo") == 1)
            #expect(try await transport.get("api/echo").status == 200)
        }
    }

    @Test func gzipResponsesArriveDecoded() async throws {
        let traces = (0..<5).map { FakeTrace.generated(seed: UInt64($0), spans: 200) }
        try await withFake(.jaeger(.v2_20), traces: traces) { fake, transport in
            let zipped = try await transport.get("/api/traces?service=frontend&limit=10")
            #expect(zipped.headers["content-encoding"] == "gzip")
            fake.setGzip(false)
            let plain = try await transport.get("/api/traces?service=frontend&limit=10")
            #expect(plain.headers["content-encoding"] == nil)
            #expect(zipped.body == plain.body)
            #expect(try (jsonObject(zipped)["data"] as? [Any])?.count == 5)
        }
    }

    @Test func aBodyOverTheLimitStopsWithAClearLine() async throws {
        try await withFake(.jaeger(.v2_20), options: { $0.maxBody = 1 << 20 }) { fake, transport in
            for chunked in [true, false] {
                fake.inject(.huge(bytes: 8 << 20, chunked: chunked), pathPrefix: "/api/traces/", times: 1)
                let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/traces/abc") })
                #expect(error.kind == .badResponse)
                #expect(error.message == "\(transport.displayURL)/api/traces/abc: response larger than 1 MiB (the largest accepted)")
            }
            // The connection pool is still usable afterwards.
            #expect(try await transport.get("/api/services").status == 200)
        }
    }

    @Test func aGzipBombIsCutAtTheLimitToo() async throws {
        // 4 MB of one repeated trace compresses very well; the limit applies to the decoded bytes.
        let trace = FakeTrace.generated(seed: 3, spans: 8000)
        try await withFake(.jaeger(.v2_20), traces: [trace], options: { $0.maxBody = 1 << 20 }) { _, transport in
            let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/traces/\(trace.traceID)") })
            #expect(error.kind == .badResponse)
            #expect(error.message.contains("response larger than 1 MiB"))
        }
    }

    @Test func aHangingServerTimesOut() async throws {
        try await withFake(.zipkin, options: { $0.timeout = 0.5 }) { fake, transport in
            fake.inject(.hang)
            let started = ContinuousClock.now
            let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/v2/services") })
            #expect(error.kind == .timeout)
            #expect(error.message == "\(transport.displayURL)/api/v2/services: no answer within 0.5 s")
            // Well before forever; generous for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(error.retryable)
        }
    }

    @Test func aBodyTrickleIsBoundByTheWholeRequestTimeout() async throws {
        let trace = sampleTrace()
        try await withFake(.jaeger(.v2_20), traces: [trace], options: { $0.timeout = 1 }) { fake, transport in
            // About 1 KB at 64 bytes every 0.25 s: each read is quick, the whole takes 4 s.
            fake.inject(.slow(chunkBytes: 64, chunkDelay: 0.25))
            let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/traces/\(trace.traceID)") })
            // Each chunk comes well within the idle timeout: only the whole-request deadline
            // can stop this one.
            #expect(error.kind == .timeout)
        }
    }

    @Test func connectionRefused() async throws {
        let transport = try HTTPClientTransport(options: ConnectionOptions(url: "http://127.0.0.1:1"), environment: [:])
        defer { Task { await transport.shutdown() } }
        let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/services") })
        #expect(error.kind == .unreachable)
        #expect(error.message == "cannot connect to 127.0.0.1:1: connection refused")
        #expect(error.status == nil)
    }

    @Test func unknownHost() async throws {
        var options = ConnectionOptions(url: "http://spanscope-no-such-host.invalid:16686")
        options.connectTimeout = 5
        options.timeout = 120
        let transport = try HTTPClientTransport(options: options, environment: [:])
        defer { Task { await transport.shutdown() } }
        let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/services") })
        #expect(error.kind == .unreachable)
        #expect(error.message == "cannot resolve host spanscope-no-such-host.invalid (DNS lookup failed)")
    }

    @Test func aTruncatedBodySaysHowMuchArrived() async throws {
        let trace = sampleTrace()
        try await withFake(.jaeger(.v2_20), traces: [trace]) { fake, transport in
            let whole = try await transport.get("/api/traces/\(trace.traceID)")
            fake.inject(.truncate(afterBytes: 100))
            let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/traces/\(trace.traceID)") })
            #expect(error.kind == .badResponse)
            #expect(error.message.hasSuffix(": connection closed after 100 of \(grouped(whole.body.count)) bytes"))
        }
    }

    @Test func aResetBeforeTheAnswerIsUnreachable() async throws {
        try await withFake(.zipkin) { fake, transport in
            fake.inject(.reset)
            let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/v2/services") })
            #expect(error.kind == .unreachable)
            #expect(error.message.contains("/api/v2/services"))
        }
    }

    @Test func atMostFourRequestsInFlight() async throws {
        try await withFake(.zipkin, maxConcurrent: 4) { fake, transport in
            fake.inject(.delay(seconds: 0.3))
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await transport.get("/api/v2/services").status }
                }
                for try await status in group { #expect(status == 200) }
            }
            #expect(fake.maxInFlight <= 4)
            #expect(fake.maxInFlight >= 2)
            #expect(fake.connectionsAccepted <= 4)
        }
    }

    @Test func connectionsAreReused() async throws {
        try await withFake(.zipkin) { fake, transport in
            for _ in 0..<30 { _ = try await transport.get("/api/v2/services") }
            #expect(fake.totalRequests == 30)
            #expect(fake.connectionsAccepted == 1)
            // A server that closes after each answer costs a connection per request.
            fake.setKeepAlive(false)
            for _ in 0..<5 { _ = try await transport.get("/api/v2/services") }
            #expect(fake.connectionsAccepted >= 5)
        }
    }

    @Test func progressIsReportedAtMostTenTimesASecond() async throws {
        let trace = FakeTrace.generated(seed: 9, spans: 3000)
        try await withFake(.jaeger(.v2_20), traces: [trace]) { fake, transport in
            fake.inject(.slow(chunkBytes: 32 * 1024, chunkDelay: 0.02))
            let calls = Mutex<[(Int, Int?)]>([])
            let started = ContinuousClock.now
            let response = try await transport.get("/api/traces/\(trace.traceID)", headers: [], progress: { received, expected in
                calls.withLock { $0.append((received, expected)) }
            })
            let elapsed = (ContinuousClock.now - started) / .seconds(1)
            let seen = calls.withLock { $0 }
            #expect(response.body.count > 500_000)
            #expect(!seen.isEmpty)
            #expect(Double(seen.count) <= elapsed * 10 + 2)
            #expect(seen.last?.0 == response.body.count)
            #expect(seen.last?.1 == response.body.count)
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        }
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        try await withFake(.zipkin) { fake, transport in
            let (error, took) = try await endHangingRequest(fake, transport, path: "/api/v2/services") { $0.cancel() }
            // The request's own timeout is 120 s: only cancellation ends it this soon.
            #expect(error?.kind == .cancelled)
            #expect(took < .seconds(30))
        }
    }

    @Test func cancellingAWaiterFreesItsPlace() async throws {
        try await withFake(.zipkin, maxConcurrent: 1) { fake, transport in
            // Long enough that a loaded machine's late wake-ups cannot miss it (it does not make
            // the test slower by as much: the first request is awaited only at the end).
            fake.inject(.delay(seconds: 5), times: 1)
            let first = Task(executorPreference: BackendExecutor.shared) { try await transport.get("/api/v2/services") }
            // Only once the first holds the one place (its request is at the fake) does the second
            // wait. Waits for the request's arrival, which stays counted (in flight is a window).
            let deadline = ContinuousClock.now + .seconds(60)
            while fake.requestCount("/api/v2/services") == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(fake.inFlight == 1)
            let waiting = Task(executorPreference: BackendExecutor.shared) { () async throws(BackendError) -> HTTPResponse in try await transport.get("/api/v2/spans?serviceName=x") }
            waiting.cancel()
            if case .failure(let error) = await waiting.result { #expect((error as? BackendError)?.kind == .cancelled) } else { Issue.record("not cancelled") }
            #expect(try await first.value.status == 200)
            #expect(try await transport.get("/api/v2/services").status == 200)
            #expect(fake.requestCount("/api/v2/spans") == 0)
        }
    }

    @Test func afterShutdownRequestsFailCleanly() async throws {
        let fake = try FakeBackend.start(.zipkin)
        defer { fake.stop() }
        var options = ConnectionOptions(url: fake.baseURL)
        options.timeout = 120
        let transport = try HTTPClientTransport(options: options, environment: [:])
        #expect(try await transport.get("/api/v2/services").status == 200)
        await transport.shutdown()
        await transport.shutdown()
        let error = try #require(await transportError { () async throws(BackendError) in try await transport.get("/api/v2/services") })
        #expect(error.kind == .unreachable)
    }

    @Test func errorStatusesAreResponsesWithTheirBodies() async throws {
        try await withFake(.tempo(v2Traces: true)) { fake, transport in
            fake.inject(.status(502), pathPrefix: "/api/search", times: 1)
            let page = try await transport.get("/api/search?q=%7B%7D")
            #expect(page.status == 502)
            #expect(page.contentType == "text/html")
            #expect(text(page).contains("<h1>502 Bad Gateway</h1>"))
            fake.inject(.status(429), pathPrefix: "/api/search", times: 1)
            let busy = try await transport.get("/api/search?q=%7B%7D")
            #expect(busy.status == 429)
            #expect(text(busy) == "too many outstanding requests\n")
            #expect(try await transport.get("/api/search?q=%7B%7D").status == 200)
        }
    }
}

/// NIO ignores SIGPIPE process-wide once it opens a socket; programs the tests run must not
/// inherit that (a pipeline writer would print "Broken pipe" instead of ending quietly).
@Suite struct HTTPChildSignalTests {
    @Test func childrenGetTheDefaultSIGPIPE() async throws {
        try await withFake(.zipkin) { _, transport in
            _ = try await transport.get("/api/v2/services")
            let result = try ChildProcess.run("/bin/sh", ["-c", "yes | head -c 1 >/dev/null"], timeout: 30)
            #expect(result.status == 0)
            #expect(result.stderrText == "")
        }
    }
}
