/// The backend a report's traces were fetched from, and the search that found them
/// (`analyze URL …`): the JSON's `source` object and the text report's first line.
public struct ReportSource: Sendable {
    public var backend: String
    public var url: String
    /// The search in the query-line language (nil when traces were asked for by id).
    public var query: String?
    /// Trace ids asked for with `--trace`.
    public var traceIDs: [String]
    /// Traces the search found (before fetching).
    public var found: Int

    public init(backend: String, url: String, query: String?, traceIDs: [String] = [], found: Int) {
        self.backend = backend
        self.url = url
        self.query = query
        self.traceIDs = traceIDs
        self.found = found
    }

    /// `"source":{…}` (no trailing comma).
    func writeJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #""source":{"backend":"#.utf8)
        AnalyzeJSON.string(backend, &out)
        out.append(contentsOf: #","url":"#.utf8)
        AnalyzeJSON.string(url, &out)
        out.append(contentsOf: #","query":"#.utf8)
        if let query { AnalyzeJSON.string(query, &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","traceIds":["#.utf8)
        for (i, id) in traceIDs.enumerated() {
            if i > 0 { out.append(0x2C) }
            AnalyzeJSON.string(id, &out)
        }
        out.append(contentsOf: "],\"found\":\(found)}".utf8)
    }

    /// "tempo http://localhost:3200 · service=frontend since=1h · 12 traces found".
    public var line: String {
        var parts = ["\(backend) \(url)"]
        if let query { parts.append(query) }
        if !traceIDs.isEmpty { parts.append("trace " + traceIDs.joined(separator: ", ")) }
        parts.append("\(found) trace\(found == 1 ? "" : "s") found")
        return parts.joined(separator: " · ")
    }
}
