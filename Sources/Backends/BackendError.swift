/// Why a request to a backend failed, as one line a person can act on. `description` never
/// holds a secret (an auth failure names the kind of credential sent, not its value).
public struct BackendError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Connection refused, DNS failure, reset: the server could not be reached.
        case unreachable
        case tls
        case timeout
        /// 401/403.
        case unauthorized
        /// 404 of a trace id (or "No traces found" where a backend says so for an empty search).
        case notFound
        /// 400: the backend's own message about the request.
        case badRequest
        /// 429/5xx: worth retrying after a back-off.
        case unavailable
        /// A body that is not what the endpoint returns (HTML from a proxy, truncated, not JSON, too large).
        case badResponse
        case cancelled
    }
    public var kind: Kind
    /// E.g. "http://localhost:16686/api/traces/abc: 404 trace not found".
    public var message: String
    /// The HTTP status, when there was a response.
    public var status: Int?

    public init(_ kind: Kind, _ message: String, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
    }

    public var description: String { message }
    /// 429/5xx, timeouts and unreachable servers are retried with back-off when polling.
    public var retryable: Bool { kind == .unavailable || kind == .timeout || kind == .unreachable }
}
