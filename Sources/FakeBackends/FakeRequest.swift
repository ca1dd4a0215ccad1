/// One request as the fake saw it (tests assert on the headers and parameters sent).
public struct FakeRequest: Sendable {
    public var method: String
    /// Path without the query, as sent (with the backend's path prefix).
    public var path: String
    /// Decoded query parameters in order (repeatable ones appear several times).
    public var query: [(name: String, value: String)]
    /// Header names as sent.
    public var headers: [(name: String, value: String)]

    public init(method: String, uri: String, headers: [(name: String, value: String)]) {
        self.method = method
        self.headers = headers
        if let mark = uri.firstIndex(of: "?") {
            path = String(uri[..<mark])
            query = uri[uri.index(after: mark)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (percentDecoded(parts[0]), parts.count > 1 ? percentDecoded(parts[1]) : "")
            }
        } else {
            path = uri
            query = []
        }
    }

    /// The first value of a header, case-insensitive name.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    public func parameter(_ name: String) -> String? { query.first { $0.name == name }?.value }
    public func parameters(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
    /// The first parameter present among `names` (api_v3 camelCase names and their snake_case aliases).
    func parameter(anyOf names: [String]) -> String? { names.lazy.compactMap { parameter($0) }.first }
}

/// `%2F` → `/`, `+` → space (query strings as browsers and Go send them).
func percentDecoded(_ text: Substring) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = Array(text.utf8)[...]
    while let c = iterator.popFirst() {
        if c == UInt8(ascii: "+") {
            bytes.append(UInt8(ascii: " "))
        } else if c == UInt8(ascii: "%"), iterator.count >= 2,
                  let high = hexValue(iterator[iterator.startIndex]), let low = hexValue(iterator[iterator.startIndex + 1]) {
            bytes.append(high << 4 | low)
            iterator = iterator.dropFirst(2)
        } else {
            bytes.append(c)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// What a route answers.
struct FakeResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// false: never gzip (an empty Tempo 404 keeps Content-Length 0).
    var compressible = true
    /// Set on large bodies kept between requests (`PreparedBody`).
    var prepared: PreparedBody?

    init(status: Int, headers: [(String, String)] = [], body: [UInt8], compressible: Bool = true) {
        self.status = status
        self.headers = headers
        self.body = body
        self.compressible = compressible
    }

    static func json(_ out: JSONOut, status: Int = 200) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "application/json")], body: out.bytes)
    }

    static func text(_ text: String, status: Int, contentType: String = "text/plain; charset=utf-8") -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// Go's `http.NotFound`: what a Go server (Jaeger, Tempo, Loki) answers for a route it does not have.
    static let goNotFound = FakeResponse.text("404 page not found\n", status: 404)
}

/// The value of the `*` component ("" without one) when `parts` has the pattern's shape.
func matchPath(_ parts: [String], _ pattern: [String]) -> String? {
    guard pattern.count == parts.count else { return nil }
    var captured = ""
    for (want, have) in zip(pattern, parts) {
        if want == "*" { captured = have } else if want != have { return nil }
    }
    return captured
}
