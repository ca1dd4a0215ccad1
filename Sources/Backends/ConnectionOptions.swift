/// How to reach one backend: from the command line (`--header`, `--tenant`, `--token-env` …) or a
/// `[backends.NAME]` table of the config file. Secrets are never held here, only where to read
/// them (an environment variable or a file); `Credentials.resolve` reads them at connect time.
public struct ConnectionOptions: Sendable, Equatable {
    public var url: String
    /// nil = detect by probing.
    public var kind: BackendKind?
    /// `X-Scope-OrgID` for Tempo, `x-tenant` for Jaeger.
    public var tenant: String?
    /// `Name: value` headers, in order.
    public var headers: [Header] = []
    /// Bearer token from this environment variable, or this file (first line, trimmed).
    public var tokenEnv: String?
    public var tokenFile: String?
    /// Basic auth: user name, password from an environment variable or a file.
    public var user: String?
    public var passwordEnv: String?
    public var passwordFile: String?
    public var caFile: String?
    public var clientCert: String?
    public var clientKey: String?
    /// Skip TLS verification (a warning is shown).
    public var insecure = false
    /// Seconds for one request (connect + whole response).
    public var timeout: Double = 30
    public var connectTimeout: Double = 5
    /// Largest response body accepted (bytes).
    public var maxBody: Int = 1 << 30

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(url: String, kind: BackendKind? = nil) {
        self.url = url
        self.kind = kind
    }
}
