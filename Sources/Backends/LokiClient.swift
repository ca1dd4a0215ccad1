import TraceFormats
import TraceModel

/// The log lines of one trace from Grafana Loki: a LogQL line filter for the trace id within the
/// trace's time range, each line read by the logs-file decoders (JSON, logfmt, else text).
public struct LokiClient: Sendable {
    public let transport: any HTTPTransport
    /// The stream selector, e.g. `{namespace="shop"}`.
    public let selector: String
    /// Sent as `X-Scope-OrgID`.
    public let tenant: String?
    /// Any stream with a job label: Loki refuses a selector that can match the empty set.
    public static let defaultSelector = #"{job=~".+"}"#

    public init(transport: any HTTPTransport, selector: String, tenant: String? = nil) {
        self.transport = transport
        self.selector = selector
        self.tenant = tenant
    }

    /// Lines carrying the trace id between `start` and `end` (Unix ns), oldest first. Lines
    /// without their own time take Loki's; lines without trace context are linked to the trace.
    public func logs(traceID: TraceID, start: Int64, end: Int64, limit: Int = 5000) async throws(BackendError) -> (records: [LogRecord], warnings: [String]) {
        guard selector.trimmingWhitespace.hasPrefix("{") else {
            throw BackendError(.badRequest, "Loki needs a stream selector such as {app=\"shop\"} (got \"\(ResponseErrors.sanitized(selector))\")")
        }
        let path = LokiClient.path(selector: selector, traceID: traceID, start: start, end: end, limit: max(1, limit))
        let response = try await transport.get(path, headers: tenant.map { [("X-Scope-OrgID", $0)] } ?? [], progress: nil)
        guard (200..<300).contains(response.status), !ResponseErrors.isHTML(response) else {
            throw ResponseErrors.failure(response, at: path, transport: transport, tenantMissing: tenant == nil)
        }
        let json: SmallJSON
        do {
            json = try SmallJSON.parse(response.body)
        } catch {
            throw ResponseErrors.badBody(response, at: path, transport: transport, error)
        }
        return try LokiClient.records(json, traceID: traceID, limit: limit, at: ResponseErrors.location(transport, path))
    }

    /// The query_range request: `query=<selector> |= "<id>"`, times in ns, oldest first.
    static func path(selector: String, traceID: TraceID, start: Int64, end: Int64, limit: Int) -> String {
        var q = QueryString()
        q.add("query", "\(selector.trimmingWhitespace) |= \"\(traceID.hex)\"")
        q.add("start", String(start))
        // Loki's end is exclusive: the last span's end must be inside.
        q.add("end", String(end + 1))
        q.add("limit", String(limit))
        q.add("direction", "forward")
        return q.appended(to: "/loki/api/v1/query_range")
    }

    /// `{"status":"success","data":{"resultType":"streams","result":[{"stream":{…},"values":[["<ns>","<line>"],…]}]}}`.
    static func records(_ json: SmallJSON, traceID: TraceID, limit: Int, at location: String) throws(BackendError) -> (records: [LogRecord], warnings: [String]) {
        if let status = json["status"]?.string, status != "success" {
            let text = json["error"]?.string ?? status
            throw BackendError(.badResponse, "\(location): Loki answered \(ResponseErrors.sanitized(text))")
        }
        guard let data = json["data"], let type = data["resultType"]?.string else {
            throw BackendError(.badResponse, "\(location): not a Loki query result (no data.resultType)")
        }
        guard type == "streams" else {
            throw BackendError(.badResponse, "\(location): Loki returned \(ResponseErrors.sanitized(type)), not log lines (is the selector a log query?)")
        }
        var records: [LogRecord] = []
        var badEntries = 0
        for stream in data["result"]?.array ?? [] {
            let labels = stream["stream"]?.members.compactMap { key, value in value.string.map { Attribute(key, .string($0)) } } ?? []
            for entry in stream["values"]?.array ?? [] {
                guard let pair = entry.array, pair.count >= 2, let ns = pair[0].int64, let line = pair[1].string else {
                    badEntries += 1
                    continue
                }
                var bytes = Array(line.utf8)
                var (record, _) = bytes.withUnsafeMutableBufferPointer { LogLine.record(UnsafeBufferPointer($0)) }
                bytes.removeAll()
                if record.time == 0 { record.time = ns }
                if record.traceID.isZero { record.traceID = traceID }
                for label in labels where !record.attributes.contains(where: { $0.key == label.key }) { record.attributes.append(label) }
                records.append(record)
            }
        }
        // Streams come one after another; the trace reads in time order.
        records.sort { $0.time < $1.time }
        var warnings: [String] = []
        if badEntries > 0 { warnings.append("Loki: \(Plural.counted(badEntries, "entry was", "entries were")) not [time, line] pairs; skipped") }
        if records.count >= limit { warnings.append("Loki: the first \(limit) lines only (the limit)") }
        return (records, warnings)
    }
}
