import TraceFormats
import TraceModel

/// Which protocol a listening socket speaks.
enum Role: Sendable {
    case otlpHTTP, zipkin
}

/// One answer: status, headers, body.
struct Reply: Sendable {
    var status: Int
    var contentType: String?
    var headers: [(String, String)] = []
    var body: [UInt8] = []

    static func text(_ status: Int, _ message: String, headers: [(String, String)] = []) -> Reply {
        Reply(status: status, contentType: "text/plain; charset=utf-8", headers: headers, body: Array((message + "\n").utf8))
    }
}

/// A request whose head was accepted: where it goes and how its body is encoded.
struct Incoming: Sendable {
    var format: ReceivedFormat
    var gzip: Bool
    var path: String

    var protobuf: Bool { format == .otlpTracesProtobuf || format == .otlpLogsProtobuf }
    var isOTLP: Bool { format != .zipkinV2JSON && format != .zipkinV1JSON }
}

/// The head decides: a body to read, or an answer without reading it (wrong path, method,
/// content type or encoding).
enum Routing: Sendable {
    case accept(Incoming)
    case refuse(Reply)
}

/// The protocol logic of the receivers, apart from the connection handling: routes a request
/// head, then decodes a body, hands it to the sink and makes the answer the protocol asks for.
struct Ingest: Sendable {
    let role: Role
    let sink: any SpanSink
    let maxRequestSize: Int
    let stats: StatsCounters

    func route(method: String, uri: String, contentType: String?, contentEncoding: String?) -> Routing {
        let path = String(uri.prefix { $0 != "?" })
        let media = contentType.map { $0.prefix { $0 != ";" }.trimmingSpaces.lowercased() }
        let known: Set<String> = role == .otlpHTTP ? ["/v1/traces", "/v1/logs"] : ["/api/v2/spans", "/api/v1/spans"]
        guard known.contains(path) else { return .refuse(.text(404, "no such path: \(path)")) }
        guard method == "POST" else {
            return .refuse(.text(405, "\(method) is not allowed on \(path); use POST", headers: [("Allow", "POST")]))
        }
        let format: ReceivedFormat
        switch (path, media) {
        case ("/v1/traces", "application/x-protobuf"): format = .otlpTracesProtobuf
        case ("/v1/traces", "application/json"): format = .otlpTracesJSON
        case ("/v1/logs", "application/x-protobuf"): format = .otlpLogsProtobuf
        case ("/v1/logs", "application/json"): format = .otlpLogsJSON
        // Zipkin reads a request without a Content-Type as JSON.
        case ("/api/v2/spans", nil), ("/api/v2/spans", "application/json"): format = .zipkinV2JSON
        case ("/api/v1/spans", nil), ("/api/v1/spans", "application/json"): format = .zipkinV1JSON
        default:
            let takes = role == .otlpHTTP ? "OTLP/HTTP takes application/x-protobuf or application/json" : "this Zipkin receiver takes application/json"
            return .refuse(.text(415, "unsupported Content-Type '\(contentType ?? "")': \(takes)"))
        }
        let encoding = contentEncoding?.trimmingSpaces.lowercased() ?? ""
        guard encoding.isEmpty || encoding == "identity" || encoding == "gzip" else {
            return .refuse(.text(415, "unsupported Content-Encoding '\(contentEncoding ?? "")': gzip or none"))
        }
        return .accept(Incoming(format: format, gzip: encoding == "gzip", path: path))
    }

    /// 413, in the request's encoding where it has one.
    func tooLarge(_ request: Incoming, what: String) -> Reply {
        failure(request, 413, code: 8, "\(what) is larger than the limit of \(maxRequestSize) bytes")
    }

    func process(_ request: Incoming, body raw: [UInt8]) async -> Reply {
        let name = "POST \(request.path)"
        var body = raw
        if request.gzip {
            do throws(GzipBody.Failure) {
                body = try GzipBody.inflate(raw, name: name, limit: maxRequestSize)
            } catch {
                switch error {
                case .tooLarge: return tooLarge(request, what: "the inflated body")
                case .corrupt(let e): return failure(request, 400, code: 3, e.description)
                }
            }
        }
        switch await BatchIntake(sink: sink, stats: stats).take(body, format: request.format, name: name) {
        case .accepted(let rejected, let message):
            return success(request, rejected: rejected, message: message)
        case .undecodable(let why):
            return failure(request, 400, code: 3, why)
        case .busy:
            var reply = failure(request, 503, code: 14, "the store cannot keep up; retry later")
            reply.headers.append(("Retry-After", "1"))
            return reply
        case .failed(let why):
            return failure(request, 500, code: 13, why)
        }
    }

    private func success(_ request: Incoming, rejected: Int, message: String) -> Reply {
        guard request.isOTLP else { return Reply(status: 202, contentType: nil) }
        let logs = request.format.isLogs
        if request.protobuf {
            return Reply(status: 200, contentType: "application/x-protobuf",
                         body: BatchIntake.protobufResponse(logs: logs, rejected: rejected, message: message))
        }
        guard rejected != 0 || !message.isEmpty else { return Reply(status: 200, contentType: "application/json", body: Array("{}".utf8)) }
        var fields: [String] = []
        if rejected != 0 { fields.append("\"\(logs ? "rejectedLogRecords" : "rejectedSpans")\":\"\(rejected)\"") }
        if !message.isEmpty { fields.append("\"errorMessage\":\(jsonString(message))") }
        return Reply(status: 200, contentType: "application/json", body: Array("{\"partialSuccess\":{\(fields.joined(separator: ","))}}".utf8))
    }

    /// An error answer: OTLP's `google.rpc.Status` in the request's encoding (`code` is the
    /// gRPC code that matches the HTTP status), Zipkin's plain text.
    private func failure(_ request: Incoming, _ status: Int, code: Int32, _ message: String) -> Reply {
        guard request.isOTLP else { return .text(status, message) }
        if request.protobuf {
            return Reply(status: status, contentType: "application/x-protobuf", body: OTLPProtobuf.status(code: code, message: message))
        }
        return Reply(status: status, contentType: "application/json", body: Array("{\"code\":\(code),\"message\":\(jsonString(message))}".utf8))
    }
}

/// A JSON string literal.
func jsonString(_ s: String) -> String {
    var out: [UInt8] = []
    JSONText.quote(s, into: &out)
    return String(decoding: out, as: UTF8.self)
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    var trimmingSpaces: String { self[...].trimmingSpaces }
}
