/// One HTTP response, body complete (already gunzipped by the transport).
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Lower-cased header names.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var contentType: String? { headers["content-type"] }
}

/// How the backend client reaches a server: the real one is `BackendHTTP.HTTPClientTransport`
/// (AsyncHTTPClient; auth, TLS, proxies, limits); tests may replay recorded responses.
/// `path` is relative to the backend's base URL and already holds its query string; the
/// transport adds the base (with its path prefix) and the configured headers and auth.
public protocol HTTPTransport: Sendable {
    /// `progress(received, expected)` is called as the body arrives (expected = Content-Length
    /// when known). Throws `BackendError` for transport failures only: any HTTP status is a
    /// response. Cancelling the calling task cancels the request.
    func get(_ path: String, headers: [(String, String)], progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> HTTPResponse
    /// The base URL as shown to people (no credentials), e.g. "http://localhost:16686".
    var displayURL: String { get }
    /// What credentials the transport sends, for error lines, never the secret itself:
    /// "bearer token from $TEMPO_TOKEN", "basic auth as admin (password from /run/pw)", "no credentials".
    var authDescription: String { get }
}

extension HTTPTransport {
    public func get(_ path: String) async throws(BackendError) -> HTTPResponse {
        try await get(path, headers: [], progress: nil)
    }
}
