import AsyncHTTPClient
import Backends
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The real transport: one AsyncHTTPClient per backend (connection reuse, HTTP/1.1 or HTTP/2 as
/// the server offers, gzip), with the credentials, TLS, proxy and limits of `ConnectionOptions`.
/// Call `shutdown()` when done; a transport dropped without it shuts its client down itself.
public final class HTTPClientTransport: HTTPTransport {
    public let displayURL: String
    public let authDescription: String
    /// The proxy requests go through, nil for direct.
    public let proxy: ProxySettings?

    private let client: HTTPClient
    private let base: BaseURL
    private let options: ConnectionOptions
    private let fixedHeaders: [(String, String)]
    private let limiter: RequestLimiter
    private let errors: TransportErrors
    private let isShutDown = Mutex(false)

    /// `maxConcurrent`: requests in flight at once; more wait for a free slot (the limiter,
    /// not the connection pool, bounds this: over HTTP/2 one connection carries many streams).
    public init(options: ConnectionOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                maxConcurrent: Int = 4) throws(BackendError) {
        let base: BaseURL
        switch BaseURL.parse(options.url) {
        case .success(let (parsed, _, _)): base = parsed
        case .failure(let error): throw error
        }
        var options = options
        if options.user == nil, case .success(let (_, _, user)) = BaseURL.parse(options.url) { options.user = user }
        let credentials = try Credentials.resolve(options, environment: environment)
        let proxy = try ProxySettings.choose(for: base, environment: environment)

        var configuration = HTTPClient.Configuration(
            tlsConfiguration: base.scheme == "https" ? try TLSSettings.make(options) : nil,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(Int64(options.connectTimeout * 1000)), read: .milliseconds(Int64(options.timeout * 1000))),
            proxy: proxy.map(Self.proxyConfiguration),
            decompression: .enabled(limit: .size(options.maxBody)))
        configuration.httpVersion = .automatic
        // A refused connection is an answer for the person (and the session backs off itself),
        // not something to retry silently until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false

        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.base = base
        self.options = options
        self.displayURL = base.display
        self.authDescription = credentials.description
        self.fixedHeaders = credentials.headers
        self.proxy = proxy
        self.limiter = RequestLimiter(limit: maxConcurrent)
        self.errors = TransportErrors(base: base, options: options)
    }

    deinit {
        let alreadyDown = isShutDown.withLock { down in
            defer { down = true }
            return down
        }
        if !alreadyDown { client.shutdown { _ in } }
    }

    /// Closes the connections; requests after this fail as unreachable.
    public func shutdown() async {
        let alreadyDown = isShutDown.withLock { down in
            defer { down = true }
            return down
        }
        if !alreadyDown { try? await client.shutdown().get() }
    }

    public func get(_ path: String, headers: [(String, String)], progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> HTTPResponse {
        let url = base.display + (path.hasPrefix("/") ? path : "/" + path)
        guard await limiter.acquire() else { throw BackendError(.cancelled, "\(url): cancelled") }
        defer { limiter.release() }
        if isShutDown.withLock({ $0 }) { throw BackendError(.unreachable, "\(url): the connection was closed") }

        var request = HTTPClientRequest(url: requestURL(path))
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        request.headers.add(name: "User-Agent", value: "spanscope")
        for (name, value) in fixedHeaders { request.headers.add(name: name, value: value) }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }

        let deadline = NIODeadline.now() + .milliseconds(Int64(options.timeout * 1000))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline)
        } catch {
            throw errors.beforeResponse(error, url: url)
        }
        return try await readBody(response, url: url, deadline: deadline, progress: progress)
    }

    /// Streams the body into one array reserved to Content-Length (the only copy), stopping at
    /// `maxBody`, reporting progress at most ten times a second.
    private func readBody(_ response: HTTPClientResponse, url: String, deadline: NIODeadline,
                          progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> HTTPResponse {
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        // Content-Length counts the compressed bytes when the body is encoded, and the
        // decompressed bytes are what arrive here.
        let encoded = headers["content-encoding"].map { $0.lowercased() != "identity" } ?? false
        let expected = encoded ? nil : headers["content-length"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let expected, expected > options.maxBody { throw errors.tooLarge(url: url) }

        var body: [UInt8] = []
        if let expected { body.reserveCapacity(expected) }
        var lastReport = ContinuousClock.now
        do {
            for try await chunk in response.body {
                if body.count + chunk.readableBytes > options.maxBody { throw errors.tooLarge(url: url) }
                chunk.withUnsafeReadableBytes { body.append(contentsOf: $0) }
                if NIODeadline.now() > deadline { throw errors.timedOut(url: url) }
                if let progress, ContinuousClock.now - lastReport >= .milliseconds(100) {
                    lastReport = .now
                    progress(body.count, expected)
                }
            }
        } catch let error as BackendError {
            throw error
        } catch {
            throw errors.duringBody(error, url: url, received: body.count, expected: expected)
        }
        if let expected, body.count < expected {
            throw errors.duringBody(HTTPClientError.remoteConnectionClosed, url: url, received: body.count, expected: expected)
        }
        progress?(body.count, expected)
        return HTTPResponse(status: Int(response.status.code), headers: headers, body: body)
    }

    /// Base URL (with its path prefix) + the client's path and query.
    private func requestURL(_ path: String) -> String {
        base.display + (path.hasPrefix("/") ? path : "/" + path)
    }

    private static func proxyConfiguration(_ proxy: ProxySettings) -> HTTPClient.Configuration.Proxy {
        switch proxy.proxyProtocol {
        case .socks5:
            return .socksServer(host: proxy.host, port: proxy.port)
        case .http:
            let authorization = proxy.user.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            return .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
    }
}
