/// A backend's base URL taken apart: what the transport connects to and what people are shown.
public struct BaseURL: Sendable, Equatable {
    /// "http" or "https".
    public var scheme: String
    /// Host name or address, IPv6 without brackets.
    public var host: String
    public var port: Int
    /// Path prefix without a trailing slash ("" or "/tempo").
    public var path: String

    public init(scheme: String, host: String, port: Int, path: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
    }

    /// "https://host/tempo", the default port left out.
    public var display: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)\(port == defaultPort ? "" : ":\(port)")\(path)"
    }

    /// `localhost` (and `*.localhost`), 127.0.0.0/8, ::1: never sent through a proxy.
    public var isLoopback: Bool {
        let h = host.lowercased()
        if h == "localhost" || h.hasSuffix(".localhost") || h == "::1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

extension ConnectionOptions {
    /// Reads a source given as a URL: `http://…`, `https://…`, a kind-forcing scheme
    /// (`jaeger+https://…`, `tempo+http://…`, `zipkin+http://…`) or a bare `host:port[/prefix]`
    /// (plain http). A password in the URL is refused: it would end up in shell history and
    /// process lists, so it must come from `--password-env`/`--password-file`.
    public static func parse(url text: String) -> Result<ConnectionOptions, BackendError> {
        switch BaseURL.parse(text) {
        case .failure(let error):
            return .failure(error)
        case .success(let (base, kind, user)):
            var options = ConnectionOptions(url: base.display, kind: kind)
            options.user = user
            return .success(options)
        }
    }

    /// The host of `url` is this machine.
    public var isLoopback: Bool {
        guard case .success(let (base, _, _)) = BaseURL.parse(url) else { return false }
        return base.isLoopback
    }
}

extension BaseURL {
    /// Splits a backend URL; also gives the kind a `jaeger+` style scheme forces and the user
    /// name of a `user@host` authority.
    public static func parse(_ input: String) -> Result<(BaseURL, BackendKind?, String?), BackendError> {
        func fail(_ why: String) -> Result<(BaseURL, BackendKind?, String?), BackendError> {
            .failure(BackendError(.badRequest, "\(redacted(input).debugDescription): \(why)"))
        }
        let text = input.trimmingWhitespace
        if text.isEmpty { return .failure(BackendError(.badRequest, "empty backend URL")) }
        if text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            return fail("a URL cannot contain spaces or control characters")
        }
        var kind: BackendKind?
        var scheme = "http"
        var rest = Substring(text)
        if let range = text.firstRange(of: "://") {
            var schemeText = text[..<range.lowerBound].lowercased()
            rest = text[range.upperBound...]
            if let plus = schemeText.firstIndex(of: "+") {
                let kindName = String(schemeText[..<plus])
                guard let forced = BackendKind(rawValue: kindName) else {
                    return fail("unknown backend \(kindName.debugDescription) (use jaeger+, zipkin+ or tempo+)")
                }
                kind = forced
                schemeText = String(schemeText[schemeText.index(after: plus)...])
            }
            guard schemeText == "http" || schemeText == "https" else {
                return fail("unsupported scheme \(schemeText.debugDescription) (use http:// or https://, optionally jaeger+, zipkin+ or tempo+)")
            }
            scheme = schemeText
        } else if !looksLikeHostAndPort(text) {
            return fail("not a backend URL (expected http://host:port, https://host/prefix or host:port)")
        }
        if rest.contains("?") || rest.contains("#") {
            return fail("a backend URL cannot have a query or a fragment; give only the base, e.g. https://tempo.example.com/tempo")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        var path = String(rest[slash...])
        while path.hasSuffix("/") { path.removeLast() }
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            if userinfo.contains(":") {
                return fail("the URL holds a password; give the user with --user NAME and the password with --password-env VAR or --password-file FILE")
            }
            user = userinfo.isEmpty ? nil : String(userinfo)
            authority = authority[authority.index(after: at)...]
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return fail("unclosed [ in the host") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return fail("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        if host.isEmpty { return fail("no host") }
        var port = scheme == "https" ? 443 : 80
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                return fail("port \(String(portText).debugDescription) is not a number from 1 to 65535")
            }
            port = number
        }
        return .success((BaseURL(scheme: scheme, host: host.lowercased(), port: port, path: path), kind, user))
    }

    /// The input for messages, its userinfo (which may hold a password) replaced by `***`.
    private static func redacted(_ input: String) -> String {
        let afterScheme = input.firstRange(of: "://")?.upperBound ?? input.startIndex
        let authorityEnd = input[afterScheme...].firstIndex(of: "/") ?? input.endIndex
        guard let at = input[afterScheme..<authorityEnd].lastIndex(of: "@") else { return input }
        return String(input[..<afterScheme]) + "***" + String(input[at...])
    }

    /// `localhost:16686`, `10.0.0.5:3200/tempo`: a host with an explicit port (so `trace.json` stays a file name).
    private static func looksLikeHostAndPort(_ text: String) -> Bool {
        let authority = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let colon = authority.lastIndex(of: ":"), colon != authority.startIndex else { return false }
        let port = authority[authority.index(after: colon)...]
        return !port.isEmpty && port.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

