import Foundation
import Synchronization
import TestSupport
@testable import Backends

/// An in-memory backend: answers by the longest matching path prefix (query string included),
/// 404 `404 page not found` (Go's router) for anything else, and records every request.
final class ReplayTransport: HTTPTransport {
    enum Reply: Sendable {
        case response(HTTPResponse)
        case failure(BackendError)
    }

    struct Request: Sendable {
        var path: String
        var headers: [(String, String)]
    }

    let routes: [(prefix: String, reply: Reply)]
    let displayURL: String
    let authDescription: String
    private let log = Mutex<[Request]>([])

    init(_ routes: [(String, Reply)], displayURL: String = "http://localhost:16686", auth: String = "no credentials") {
        self.routes = routes.map { (prefix: $0.0, reply: $0.1) }
        self.displayURL = displayURL
        self.authDescription = auth
    }

    func get(_ path: String, headers: [(String, String)], progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> HTTPResponse {
        log.withLock { $0.append(Request(path: path, headers: headers)) }
        let match = routes.filter { path.hasPrefix($0.prefix) }.max { $0.prefix.count < $1.prefix.count }
        switch match?.reply {
        case .response(let r)?:
            progress?(r.body.count, r.body.count)
            return r
        case .failure(let e)?: throw e
        case nil: return HTTPResponse(status: 404, headers: ["content-type": "text/plain; charset=utf-8"], body: Array("404 page not found\n".utf8))
        }
    }

    var requests: [Request] { log.withLock { $0 } }
    var paths: [String] { requests.map(\.path) }

    /// The one recorded request whose path starts with `prefix`.
    func query(_ prefix: String) -> [String: String] {
        guard let path = paths.last(where: { $0.hasPrefix(prefix) }), let q = path.split(separator: "?", maxSplits: 1).dropFirst().first else { return [:] }
        var out: [String: String] = [:]
        for pair in q.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(parts[0]).removingPercentEncoding ?? ""] = parts.count > 1 ? String(parts[1]).removingPercentEncoding : ""
        }
        return out
    }
}

extension ReplayTransport.Reply {
    static func json(_ text: String, status: Int = 200) -> Self {
        .response(HTTPResponse(status: status, headers: ["content-type": "application/json"], body: Array(text.utf8)))
    }

    /// Go's `http.Error`: any body, as text/plain with a trailing newline.
    static func text(_ text: String, status: Int) -> Self {
        .response(HTTPResponse(status: status, headers: ["content-type": "text/plain; charset=utf-8"], body: Array((text + "\n").utf8)))
    }

    static func html(_ text: String, status: Int = 200) -> Self {
        .response(HTTPResponse(status: status, headers: ["content-type": "text/html; charset=utf-8"], body: Array(text.utf8)))
    }

    static func empty(_ status: Int) -> Self { .response(HTTPResponse(status: status, body: [])) }

    static func bytes(_ body: [UInt8], status: Int = 200, type: String? = "application/json") -> Self {
        .response(HTTPResponse(status: status, headers: type.map { ["content-type": $0] } ?? [:], body: body))
    }
}

/// Recorded responses of the corpus (backend-responses/), nil without it.
enum Recorded {
    static func file(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: Corpus.path("backend-responses/" + relative)).map { Array($0) }
    }

    struct Interaction {
        var uri: String
        var status: Int
        var contentType: String?
        var body: [UInt8]
        var reply: ReplayTransport.Reply { .bytes(body, status: status, type: contentType) }
    }

    /// The interactions of a vcrpy cassette. Bodies are YAML single-quoted scalars: `''` is a
    /// quote, a line break folds to a space, an empty line between lines is a newline,
    /// indentation is dropped.
    static func cassette(_ relative: String) -> [Interaction]? {
        guard let data = file(relative) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [Interaction] = []
        var uri = ""
        var contentType: String?
        var body: [UInt8] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("uri: ") {
                uri = String(trimmed.dropFirst(5))
                contentType = nil
            } else if trimmed.hasPrefix("string: '") {
                var text = String(trimmed.dropFirst(9))
                var pieces: [String] = []
                while true {
                    if let end = closingQuote(text) {
                        pieces.append(String(text[..<end]))
                        break
                    }
                    pieces.append(text)
                    i += 1
                    text = lines[i].trimmingCharacters(in: .whitespaces)
                }
                body = Array(fold(pieces).replacingOccurrences(of: "''", with: "'").utf8)
            } else if trimmed == "Content-Type:", i + 1 < lines.count {
                contentType = lines[i + 1].trimmingCharacters(in: .whitespaces).dropFirst(2).description
            } else if trimmed.hasPrefix("code: "), let code = Int(trimmed.dropFirst(6)) {
                out.append(Interaction(uri: uri, status: code, contentType: contentType, body: body))
            }
            i += 1
        }
        return out
    }

    /// The index of the closing quote: a `'` not doubled.
    private static func closingQuote(_ text: String) -> String.Index? {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "'" {
                let next = text.index(after: i)
                if next < text.endIndex, text[next] == "'" {
                    i = text.index(after: next)
                    continue
                }
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }

    private static func fold(_ pieces: [String]) -> String {
        var out = ""
        var pendingSpace = false
        for (n, piece) in pieces.enumerated() {
            if n > 0 && n < pieces.count - 1 && piece.isEmpty {
                out += "\n"
                pendingSpace = false
                continue
            }
            if pendingSpace { out += " " }
            out += piece
            pendingSpace = true
        }
        return out
    }
}
