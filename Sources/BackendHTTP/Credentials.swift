import Backends
import Foundation

/// The headers a transport sends with every request (auth, tenant, `--header`), read from the
/// environment and files once at start-up, and the description of the credentials for error
/// lines. Secrets go into headers only; no message here ever holds one.
struct Credentials: Sendable {
    var headers: [(String, String)]
    var description: String

    static func resolve(_ options: ConnectionOptions, environment: [String: String]) throws(BackendError) -> Credentials {
        var headers: [(String, String)] = []
        var parts: [String] = []
        let token = try secret(env: options.tokenEnv, file: options.tokenFile, flag: "token", environment: environment)
        if let token {
            if options.user != nil {
                throw BackendError(.badRequest, "give either a bearer token (--token-env/--token-file) or basic auth (--user), not both")
            }
            headers.append(("Authorization", "Bearer \(token.value)"))
            parts.append("bearer token from \(token.source)")
        }
        let password = try secret(env: options.passwordEnv, file: options.passwordFile, flag: "password", environment: environment)
        if let user = options.user {
            guard let password else {
                throw BackendError(.badRequest, "--user \(user) needs --password-env VAR or --password-file FILE for the password")
            }
            let encoded = Data("\(user):\(password.value)".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic \(encoded)"))
            parts.append("basic auth as \(user) (password from \(password.source))")
        } else if password != nil {
            throw BackendError(.badRequest, "a password was given without --user NAME")
        }
        if let tenant = options.tenant {
            try check(header: "tenant", value: tenant)
            // The kind may not be known before probing; each backend ignores the other's header.
            if options.kind != .jaeger && options.kind != .zipkin { headers.append(("X-Scope-OrgID", tenant)) }
            if options.kind != .tempo && options.kind != .zipkin { headers.append(("x-tenant", tenant)) }
            parts.append("tenant \(tenant)")
        }
        for header in options.headers {
            try check(header: header.name, value: header.value)
            headers.append((header.name, header.value))
            if header.name.lowercased() == "authorization" && token == nil && options.user == nil {
                parts.insert("Authorization header from --header", at: 0)
            }
        }
        if token == nil && options.user == nil && !parts.contains(where: { $0.hasPrefix("Authorization") }) {
            parts.insert("no credentials", at: 0)
        }
        return Credentials(headers: headers, description: parts.joined(separator: ", "))
    }

    private struct Secret {
        var value: String
        /// "$TEMPO_TOKEN" or the file's path.
        var source: String
    }

    private static func secret(env: String?, file: String?, flag: String, environment: [String: String]) throws(BackendError) -> Secret? {
        if env != nil && file != nil {
            throw BackendError(.badRequest, "give --\(flag)-env or --\(flag)-file, not both")
        }
        if let env {
            guard let value = environment[env] else {
                throw BackendError(.badRequest, "--\(flag)-env \(env): the variable is not set")
            }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { throw BackendError(.badRequest, "--\(flag)-env \(env): the variable is empty") }
            try checkSecret(trimmed, flag: "--\(flag)-env \(env)")
            return Secret(value: trimmed, source: "$\(env)")
        }
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw BackendError(.badRequest, "--\(flag)-file \(file): cannot read the file (\(readProblem(file)))")
            }
            let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let trimmed = firstLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { throw BackendError(.badRequest, "--\(flag)-file \(file): the first line is empty") }
            try checkSecret(trimmed, flag: "--\(flag)-file \(file)")
            return Secret(value: trimmed, source: file)
        }
        return nil
    }

    /// Why a file cannot be read, in words (the secret-free part of the error).
    static func readProblem(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return "cannot open it"
    }

    private static func checkSecret(_ value: String, flag: String) throws(BackendError) {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw BackendError(.badRequest, "\(flag): the value contains control characters")
        }
    }

    /// Header names are tokens and values hold no line breaks (a CR/LF would inject headers).
    private static func check(header name: String, value: String) throws(BackendError) {
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if name.isEmpty || !name.allSatisfy(tokenCharacters.contains) {
            throw BackendError(.badRequest, "header name \(name.debugDescription) is not a valid HTTP header name")
        }
        if value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
            throw BackendError(.badRequest, "header \(name): the value contains control characters")
        }
    }
}
