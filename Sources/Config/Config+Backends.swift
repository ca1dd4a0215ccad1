import Foundation
import Backends
import TOMLKit

/// A `[backends.NAME]` table: how to reach one backend, and how the explorer starts on it.
public struct BackendProfile: Sendable, Equatable {
    public var name: String
    public var connection: ConnectionOptions
    /// Seconds between searches in the explorer (0: no polling); nil = the default.
    public var poll: Double?
    /// The search to start with, in the query-line language.
    public var query: String?
    /// Grafana Loki for the opened traces' logs (same auth options as the backend).
    public var loki: String?
    public var lokiSelector: String?

    public init(name: String, connection: ConnectionOptions) {
        self.name = name
        self.connection = connection
    }
}

extension Config {
    public func backend(named name: String) -> BackendProfile? { backends.first { $0.name == name } }

    static let backendKeys = ["url", "kind", "tenant", "headers", "token_env", "token_file", "user", "password_env", "password_file",
                              "ca_file", "client_cert", "client_key", "insecure", "timeout", "poll", "query", "loki", "loki_selector"]

    mutating func applyBackends(_ t: TOMLTable, _ lines: SourceLines, _ name: String) {
        for (backend, value) in t {
            let section = "backends.\(backend)"
            guard let table = value.table else {
                problems.append("\(name):\(lines.line(ofKey: backend, in: "backends")): backends.\(backend) wants a table ([backends.\(backend)])")
                continue
            }
            let at = { (key: String) in "\(name):\(lines.line(ofKey: key, in: section))" }
            guard let url = table["url"]?.string else {
                problems.append("\(name):\(lines.line(ofKey: backend, in: "backends")): [\(section)] needs url = \"http://…\"")
                continue
            }
            var c = ConnectionOptions(url: url)
            var profile = BackendProfile(name: backend, connection: c)
            var bad = false
            for (key, v) in table {
                let text = v.string
                switch key {
                case "url": break
                case "kind":
                    if let k = text.flatMap(BackendKind.init(rawValue:)) { c.kind = k } else {
                        problems.append("\(at(key)): kind wants \"jaeger\", \"zipkin\" or \"tempo\"")
                        bad = true
                    }
                case "tenant": c.tenant = text
                case "headers":
                    for h in v.array?.compactMap({ $0.string }) ?? [] {
                        guard let colon = h.firstIndex(of: ":") else {
                            problems.append("\(at(key)): header \"\(h)\" wants \"Name: value\"")
                            bad = true
                            continue
                        }
                        c.headers.append(.init(String(h[..<colon]).trimmed, String(h[h.index(after: colon)...]).trimmed))
                    }
                case "token_env": c.tokenEnv = text
                case "token_file": c.tokenFile = text
                case "user": c.user = text
                case "password_env": c.passwordEnv = text
                case "password_file": c.passwordFile = text
                case "ca_file": c.caFile = text
                case "client_cert": c.clientCert = text
                case "client_key": c.clientKey = text
                case "insecure": c.insecure = v.bool ?? false
                case "timeout":
                    if let d = v.double ?? v.int.map(Double.init), d > 0 { c.timeout = d } else {
                        problems.append("\(at(key)): timeout wants seconds")
                    }
                case "poll":
                    if let d = v.double ?? v.int.map(Double.init), d >= 0 { profile.poll = d } else {
                        problems.append("\(at(key)): poll wants seconds (0: no polling)")
                    }
                case "query": profile.query = text
                case "loki": profile.loki = text
                case "loki_selector": profile.lokiSelector = text
                default:
                    problems.append("\(at(key)): unknown key \(key) in [\(section)] (known: \(Self.backendKeys.joined(separator: ", ")))")
                }
                if text == nil, ["kind", "tenant", "token_env", "token_file", "user", "password_env", "password_file", "ca_file",
                                 "client_cert", "client_key", "query", "loki", "loki_selector"].contains(key) {
                    problems.append("\(at(key)): \(key) wants a string")
                }
            }
            if c.tokenEnv != nil && c.tokenFile != nil { problems.append("\(at("token_file")): give token_env or token_file, not both") }
            if c.passwordEnv != nil && c.passwordFile != nil { problems.append("\(at("password_file")): give password_env or password_file, not both") }
            if bad { continue }
            profile.connection = c
            backends.append(profile)
        }
        backends.sort { lines.line(ofKey: $0.name, in: "backends") < lines.line(ofKey: $1.name, in: "backends") }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
