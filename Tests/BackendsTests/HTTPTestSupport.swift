import BackendHTTP
import Backends
import ChildProcess
import FakeBackends
import Foundation
import Testing

/// Runs `body` with a fake backend and a transport to it, and shuts both down after.
func withFake<T>(_ flavor: FakeBackend.Flavor, pathPrefix: String = "", traces: [FakeTrace] = [],
                 options configure: (inout ConnectionOptions) -> Void = { _ in }, environment: [String: String] = [:],
                 maxConcurrent: Int = 4,
                 _ body: (FakeBackend, HTTPClientTransport) async throws -> T) async throws -> T {
    let fake = try FakeBackend.start(flavor, pathPrefix: pathPrefix)
    defer { fake.stop() }
    fake.add(traces)
    var options = ConnectionOptions(url: fake.baseURL)
    // Generous: a loaded machine may not run the test's task for seconds (timeouts under
    // test set their own).
    options.timeout = 120
    configure(&options)
    let transport = try HTTPClientTransport(options: options, environment: environment, maxConcurrent: maxConcurrent)
    do {
        let result = try await body(fake, transport)
        await transport.shutdown()
        return result
    } catch {
        await transport.shutdown()
        throw error
    }
}

/// The error a transport call threw (fails the test when it succeeded).
func transportError(_ operation: () async throws(BackendError) -> HTTPResponse,
                    sourceLocation: SourceLocation = #_sourceLocation) async -> BackendError? {
    do {
        let response = try await operation()
        Issue.record("expected an error, got status \(response.status)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

func jsonObject(_ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(response.body))
    return try #require(object as? [String: Any], sourceLocation: sourceLocation)
}

func jsonArray(_ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Any] {
    let object = try JSONSerialization.jsonObject(with: Data(response.body))
    return try #require(object as? [Any], sourceLocation: sourceLocation)
}

func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

/// A fresh directory under the system's temporary one.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "spanscope-http-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Unix ns now.
func nowNanos() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

/// A two-service trace with known ids, names and times (µs-exact, so every backend's units
/// round-trip), starting `ago` ns before now.
func sampleTrace(id: String = "0af7651916cd43dd8448eb211c80319c", ago: Int64 = 60_000_000_000, error: Bool = false) -> FakeTrace {
    let start = (nowNanos() - ago) / 1000 * 1000
    return FakeTrace(traceID: id, spans: [
        FakeSpan(spanID: "b7ad6b7169203331", service: "frontend", name: "GET /cart", kind: .server, start: start,
                 duration: 250_000_000, attributes: [("http.method", "GET")],
                 logs: ["level=info msg=\"cart\" trace_id=\(id)"]),
        FakeSpan(spanID: "00f067aa0ba902b7", parentID: "b7ad6b7169203331", service: "cart", name: "SELECT items", kind: .client,
                 start: start + 10_000_000, duration: 100_000_000, error: error, attributes: [("db.system", "postgresql")]),
    ])
}

/// A throwaway CA, a server certificate for 127.0.0.1/localhost signed by it, and a client
/// certificate signed by it, made with the `openssl` command.
struct TestCertificates {
    let directory: String
    var caCert: String { directory + "/ca.pem" }
    var serverCert: String { directory + "/server.pem" }
    var serverKey: String { directory + "/server.key" }
    var clientCert: String { directory + "/client.pem" }
    var clientKey: String { directory + "/client.key" }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// One set per test process: RSA key generation is slow, and it blocks a thread.
    static func make() throws -> TestCertificates { try shared.get() }

    private static let shared: Result<TestCertificates, any Error> = Result { try generate() }

    private static func generate() throws -> TestCertificates {
        let directory = try temporaryDirectory()
        let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let tool = try #require(openssl, "the TLS tests need the openssl command (apt-get install openssl)")
        func run(_ arguments: [String]) throws {
            let result = try ChildProcess.run(tool, arguments, directory: directory, timeout: 60)
            try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.stderrText)")
        }
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".utf8).write(to: URL(fileURLWithPath: directory + "/server.ext"))
        try Data("extendedKeyUsage=clientAuth\n".utf8).write(to: URL(fileURLWithPath: directory + "/client.ext"))
        try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=spanscope test CA"])
        for name in ["server", "client"] {
            try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name == "server" ? "localhost" : "spanscope client")"])
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
        }
        return TestCertificates(directory: directory)
    }
}

/// "1,234" (what the transport's messages write).
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    return String(digits.enumerated().flatMap { i, c in (i > 0 && (digits.count - i) % 3 == 0) ? [",", c] : [c] })
}

/// Starts a request to a fake that will never answer it, once the fake has it; `end` ends it
/// some other way (cancel, stop). Returns the request's error and how long `end` took to bring it.
func endHangingRequest(_ fake: FakeBackend, _ transport: HTTPClientTransport, path: String,
                       end: (Task<HTTPResponse, any Error>) -> Void) async throws -> (error: BackendError?, took: Duration) {
    fake.inject(.hang)
    let task = Task { () async throws(BackendError) -> HTTPResponse in try await transport.get(path) }
    while fake.requestCount(path) == 0 { try await Task.sleep(for: .milliseconds(20)) }
    let started = ContinuousClock.now
    end(task)
    let result = await task.result
    let took = ContinuousClock.now - started
    switch result {
    case .success(let response):
        Issue.record("a hanging request got status \(response.status)")
        return (nil, took)
    case .failure(let error):
        return (error as? BackendError, took)
    }
}
