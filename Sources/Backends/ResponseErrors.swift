import TraceModel
import TraceFormats

/// Turns what a backend answered into one line a person can act on. Backends disagree on error
/// bodies (Jaeger sends JSON envelopes as text/plain, api_v3 `{"error":{…}}`, Zipkin, Tempo
/// and Loki plain text, proxies HTML pages), so the body is sniffed, never trusted by type.
enum ResponseErrors {
    /// The longest piece of a body quoted in a message.
    static let quoteLimit = 200

    /// `displayURL` + the path without its query string (queries can be long; the backend's
    /// message says what was wrong with them).
    static func location(_ transport: any HTTPTransport, _ path: String) -> String {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        return trimmedBase(transport.displayURL) + bare
    }

    static func trimmedBase(_ url: String) -> String {
        var u = Substring(url)
        while u.hasSuffix("/") { u.removeLast() }
        return String(u)
    }

    /// The error for a response that is not a success (or a success whose body is a page).
    /// `tenantMissing`: the server reads a tenant header and none was configured; a 401 about
    /// a tenant or org id then says how to send one.
    static func failure(_ response: HTTPResponse, at path: String, transport: any HTTPTransport, tenantMissing: Bool = false) -> BackendError {
        let at = location(transport, path)
        let status = response.status
        var text = backendText(response)
        if text.isEmpty { text = reason(status) }
        switch status {
        case 401, 403:
            var line = "\(at): \(status) \(text) (sent \(transport.authDescription))"
            let lower = text.lowercased()
            if tenantMissing, lower.contains("org id") || lower.contains("tenant") { line += "; no tenant was sent (--tenant)" }
            return BackendError(.unauthorized, line, status: status)
        case 404: return BackendError(.notFound, "\(at): 404 \(text)", status: status)
        case 408: return BackendError(.timeout, "\(at): 408 \(text)", status: status)
        case 429, 500...599: return BackendError(.unavailable, "\(at): \(status) \(text)", status: status)
        case 300...399:
            let target = response.headers["location"].map { " to " + sanitized(location(transportless: $0)) } ?? ""
            return BackendError(.badResponse, "\(at): \(status) redirect\(target) (use the final URL)", status: status)
        case 400...499: return BackendError(.badRequest, "\(at): \(status) \(text)", status: status)
        default: return BackendError(.badResponse, "\(at): \(status) \(text)", status: status)
        }
    }

    /// A redirect target without its query (it could carry a token).
    private static func location(transportless url: String) -> String {
        String(url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// A 200 whose body cannot be what the endpoint returns.
    static func badBody(_ response: HTTPResponse, at path: String, transport: any HTTPTransport, _ error: JSONError) -> BackendError {
        let at = location(transport, path)
        if isHTML(response) { return BackendError(.badResponse, "\(at): \(response.status) \(htmlText(response.body))", status: response.status) }
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return BackendError(.badResponse, "\(at): \(response.status) with an empty body", status: response.status)
        }
        let what = looksTruncated(error.offset, error.message, response.body.count) ? "the body ends early at byte \(response.body.count) (truncated?)" : "not the JSON expected: byte \(error.offset): \(sanitized(error.message))"
        return BackendError(.badResponse, "\(at): \(what)", status: response.status)
    }

    /// A JSON failure at the very end of the body: the transfer was probably cut short.
    static func looksTruncated(_ offset: Int?, _ message: String, _ count: Int) -> Bool {
        (offset ?? 0) >= count || message.hasPrefix("unexpected end of input") || message.hasPrefix("unterminated")
    }

    static func isHTML(_ response: HTTPResponse) -> Bool {
        if let type = response.contentType?.lowercased(), type.contains("text/html") { return true }
        var i = 0
        let b = response.body
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: "<") else { return false }
        let head = String(decoding: b[i..<min(b.count, i + 15)], as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<head") || head.hasPrefix("<body")
    }

    /// What the backend said, as one short printable line: the messages of a Jaeger envelope,
    /// api_v3's `error.message`, a `message`/`error` field, a page's title, or the first line.
    static func backendText(_ response: HTTPResponse) -> String {
        if isHTML(response) { return htmlText(response.body) }
        let body = response.body
        if let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == UInt8(ascii: "{"),
           let json = try? SmallJSON.parse(body), let message = jsonMessage(json) {
            return sanitized(message)
        }
        return firstLine(body)
    }

    static func jsonMessage(_ json: SmallJSON) -> String? {
        if let errors = json["errors"]?.array {
            let messages = errors.compactMap { $0["msg"]?.string ?? $0["message"]?.string }
            if !messages.isEmpty { return messages.joined(separator: "; ") }
        }
        if let error = json["error"] {
            if let m = error["message"]?.string { return m }
            if let s = error.string { return s }
        }
        return json["message"]?.string ?? json["msg"]?.string
    }

    static func htmlText(_ body: [UInt8]) -> String {
        let base = "an HTML page (a proxy or login page?)"
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        guard let open = text.firstRange(of: "<title>") ?? text.firstRange(of: "<TITLE>"),
              let close = text[open.upperBound...].firstRange(of: "</title>") ?? text[open.upperBound...].firstRange(of: "</TITLE>") else {
            return base
        }
        let title = sanitized(String(text[open.upperBound..<close.lowerBound]))
        return title.isEmpty ? base : "\(base): \"\(title)\""
    }

    /// The first non-empty line, printable and at most `quoteLimit` characters.
    static func firstLine(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(4 * quoteLimit + 64), as: UTF8.self)
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return sanitized(String(line))
    }

    /// Control characters removed, whitespace runs folded, at most `quoteLimit` characters.
    static func sanitized(_ text: String) -> String { oneLine(text, limit: quoteLimit) }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 408: return "Request Timeout"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "(empty body)"
        }
    }
}
