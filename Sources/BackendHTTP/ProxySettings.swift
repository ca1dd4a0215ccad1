import Backends
import Foundation

/// The proxy a backend is reached through, chosen from the usual environment variables once
/// per transport (it talks to one host): `HTTPS_PROXY` for https, `HTTP_PROXY` for http (the
/// lower-case forms first, as curl reads them), `NO_PROXY` exemptions; loopback is never proxied.
public struct ProxySettings: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case http, socks5 }
    public var proxyProtocol: Kind
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    /// The variable it came from, for messages ("HTTPS_PROXY").
    public var variable: String

    /// "proxy.corp:3128 (from HTTPS_PROXY)": never the proxy's password.
    public var description: String {
        "\(proxyProtocol == .socks5 ? "socks5://" : "")\(host):\(port)\(user.map { " as \($0)" } ?? "") (from \(variable))"
    }

    /// nil when the base URL goes direct. Throws for a proxy variable that is not a URL
    /// (without repeating its value: it may hold a password).
    public static func choose(for base: BaseURL, environment: [String: String]) throws(BackendError) -> ProxySettings? {
        if base.isLoopback { return nil }
        if let exemptions = value(["no_proxy", "NO_PROXY"], in: environment), matches(noProxy: exemptions.1, host: base.host, port: base.port) {
            return nil
        }
        let names = base.scheme == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"]
        guard let (name, text) = value(names + ["all_proxy", "ALL_PROXY"], in: environment) else { return nil }
        guard let proxy = parse(proxy: text, variable: name) else {
            throw BackendError(.badRequest, "\(name) is not a proxy URL (expected http://host:port, optionally with user:password@)")
        }
        return proxy
    }

    private static func value(_ names: [String], in environment: [String: String]) -> (String, String)? {
        for name in names {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return (name, value) }
        }
        return nil
    }

    /// curl's rules: `*` exempts everything; an entry matches the host itself and its
    /// subdomains (a leading dot is ignored); `host:port` only that port; addresses compare exactly.
    public static func matches(noProxy list: String, host: String, port: Int) -> Bool {
        let host = host.lowercased()
        for rawEntry in list.split(separator: ",") {
            var entry = rawEntry.trimmingCharacters(in: .whitespaces).lowercased()
            if entry.isEmpty { continue }
            if entry == "*" { return true }
            if let colon = entry.lastIndex(of: ":"), !entry.hasSuffix("]"), entry.filter({ $0 == ":" }).count == 1 {
                guard Int(entry[entry.index(after: colon)...]) == port else { continue }
                entry = String(entry[..<colon])
            }
            if entry.hasPrefix("[") && entry.hasSuffix("]") { entry = String(entry.dropFirst().dropLast()) }
            while entry.hasPrefix(".") { entry.removeFirst() }
            if entry.hasPrefix("*.") { entry.removeFirst(2) }
            if host == entry || host.hasSuffix("." + entry) { return true }
        }
        return false
    }

    /// `http://user:pass@proxy:3128`, `proxy:3128`, `socks5://proxy:1080`.
    static func parse(proxy text: String, variable: String) -> ProxySettings? {
        var rest = Substring(text)
        var proxyProtocol = Kind.http
        if let range = text.range(of: "://") {
            switch text[..<range.lowerBound].lowercased() {
            case "http": proxyProtocol = .http
            case "socks5", "socks5h": proxyProtocol = .socks5
            default: return nil
            }
            rest = text[range.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...].allSatisfy({ $0 == "/" }) else { return nil }
            rest = rest[..<slash]
        }
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            if let colon = userinfo.firstIndex(of: ":") {
                user = String(userinfo[..<colon]).removingPercentEncoding
                password = String(userinfo[userinfo.index(after: colon)...]).removingPercentEncoding
            } else {
                user = String(userinfo).removingPercentEncoding
            }
            rest = rest[rest.index(after: at)...]
        }
        var host = rest
        var port = proxyProtocol == .socks5 ? 1080 : 80
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = rest[..<colon]
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty, !host.contains(where: { $0 == "@" || $0 == " " }) else { return nil }
        return ProxySettings(proxyProtocol: proxyProtocol, host: String(host), port: port, user: user, password: password, variable: variable)
    }
}
