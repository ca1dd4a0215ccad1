import Foundation

/// Jaeger query: the classic UI API under `/api` and `api_v3`, per version (which exists where,
/// parameter names, error bodies: JSON written with Go's `http.Error`, so `text/plain`).
struct FakeJaeger {
    let version: FakeBackend.JaegerVersion
    let store: TraceStore
    /// Varies the order of `/api/services` per call, as the real one does.
    let callNumber: Int

    private var hasClassicSearch: Bool { version != .main }
    private var hasV3: Bool { version != .v1_52 }
    private var hasSummaries: Bool { version == .v2_20 || version == .main }
    private var camelCase: Bool { version == .v2_20 || version == .main }

    func answer(_ path: String, _ request: FakeRequest) -> FakeResponse {
        let parts = Array(path.split(separator: "/", omittingEmptySubsequences: false).map { percentDecoded($0) }.dropFirst())
        func match(_ pattern: [String]) -> String? { matchPath(parts, pattern) }
        if let _ = match(["api", "services"]), hasClassicSearch {
            let services = store.services
            let shift = services.isEmpty ? 0 : callNumber % services.count
            return classic(services.count) { $0.strings(Array(services[shift...] + services[..<shift])) }
        } else if let service = match(["api", "services", "*", "operations"]), hasClassicSearch {
            let names = unique(store.operations(service: service).map(\.name))
            return classic(names.count) { $0.strings(names) }
        } else if let _ = match(["api", "operations"]), hasClassicSearch {
            guard let service = request.parameter("service"), !service.isEmpty else {
                return Self.classicError(400, "parameter 'service' is required")
            }
            let kind = request.parameter("spanKind")
            let operations = store.operations(service: service).filter { kind == nil || kind == "" || $0.kind.rawValue == kind }
            return classic(operations.count) { out in
                out.array(operations) { out, op in
                    out.raw("{")
                    out.field("name", op.name, first: true)
                    out.field("spanKind", op.kind.rawValue)
                    out.raw("}")
                }
            }
        } else if let _ = match(["api", "traces"]), hasClassicSearch || !request.parameters("traceID").isEmpty {
            return classicSearch(request)
        } else if let id = match(["api", "traces", "*"]) {
            guard isHexID(id) else { return Self.classicError(400, "malformed parameter traceID: \(id)") }
            guard let trace = store.trace(id: id) else { return Self.classicError(404, "trace not found") }
            return classic(0) { out in out.array([trace]) { out, trace in writeClassic(trace, into: &out) } }
        } else if let _ = match(["api", "v3", "services"]), hasV3 {
            var out = JSONOut()
            out.raw("{\"services\":")
            out.strings(store.services)
            out.raw("}")
            return .json(out)
        } else if let _ = match(["api", "v3", "operations"]), hasV3 {
            let service = request.parameter("service") ?? ""
            let kind = request.parameter(anyOf: camelCase ? ["spanKind", "span_kind"] : ["span_kind"])
            let operations = store.operations(service: service).filter { kind == nil || kind == "" || $0.kind.rawValue == kind }
            var out = JSONOut()
            out.raw("{\"operations\":")
            out.array(operations) { out, op in
                out.raw("{")
                out.field("name", op.name, first: true)
                out.field("spanKind", op.kind.rawValue)
                out.raw("}")
            }
            out.raw("}")
            return .json(out)
        } else if let _ = match(["api", "v3", "traces"]), hasV3 {
            switch v3Filter(request) {
            case .failure(let error): return error.response
            case .success(let filter):
                let found = store.search(filter)
                if found.isEmpty { return Self.v3Error(404, "No traces found") }
                return tracesData(found)
            }
        } else if let id = match(["api", "v3", "traces", "*"]), hasV3 {
            var hex = id
            if !isHexID(id), camelCase, let bytes = Data(base64Encoded: id), bytes.count == 16 || bytes.count == 8 {
                hex = bytes.map { String(format: "%02x", $0) }.joined()
            }
            guard isHexID(hex) else { return Self.v3Error(400, "malformed parameter trace_id: \(id)") }
            guard let trace = store.trace(id: hex) else { return Self.v3Error(404, "trace not found") }
            return tracesData([trace])
        } else if let _ = match(["api", "v3", "trace-summaries"]), hasSummaries {
            switch v3Filter(request) {
            case .failure(let error): return error.response
            case .success(let filter): return summaries(store.search(filter))
            }
        } else {
            return .goNotFound
        }
    }

    // MARK: classic

    private func classicSearch(_ request: FakeRequest) -> FakeResponse {
        let ids = request.parameters("traceID")
        if !ids.isEmpty {
            let found = ids.compactMap { store.trace(id: $0) }
            let missing = ids.filter { store.trace(id: $0) == nil }
            var out = JSONOut()
            out.raw("{\"data\":")
            out.array(found) { out, trace in writeClassic(trace, into: &out) }
            out.raw(",\"total\":0,\"limit\":0,\"offset\":0,\"errors\":")
            if missing.isEmpty {
                out.raw("null")
            } else {
                out.array(missing) { out, id in
                    out.raw("{\"msg\":\"trace not found\"")
                    out.field("traceID", id)
                    out.raw("}")
                }
            }
            out.raw("}")
            return .json(out)
        }
        guard let service = request.parameter("service"), !service.isEmpty else {
            return Self.classicError(400, "parameter 'service' is required")
        }
        let now = nowNanos()
        var filter = SearchFilter(service: service, limit: 100)
        filter.start = now - 48 * 3_600_000_000_000
        filter.end = now
        for name in ["start", "end"] {
            guard let text = request.parameter(name) else { continue }
            guard let micros = Int64(text) else {
                return Self.classicError(400, "unable to parse param '\(name)': strconv.ParseInt: parsing \(goQuote(text)): invalid syntax")
            }
            if name == "start" { filter.start = micros * 1000 } else { filter.end = micros * 1000 }
        }
        for name in ["minDuration", "maxDuration"] {
            guard let text = request.parameter(name), !text.isEmpty else { continue }
            guard let ns = parseGoDuration(text) else {
                return Self.classicError(400, "unable to parse param '\(name)': time: invalid duration \(goQuote(text))")
            }
            if name == "minDuration" { filter.minDuration = ns } else { filter.maxDuration = ns }
        }
        if let min = filter.minDuration, let max = filter.maxDuration, max < min {
            return Self.classicError(400, "'maxDuration' should be greater than 'minDuration'")
        }
        if let operation = request.parameter("operation"), !operation.isEmpty { filter.operation = operation }
        if let limit = request.parameter("limit") {
            guard let number = Int(limit), number >= 0 else {
                return Self.classicError(400, "unable to parse param 'limit': strconv.ParseInt: parsing \(goQuote(limit)): invalid syntax")
            }
            if number > 0 { filter.limit = number }
        }
        if let tags = request.parameter("tags") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(tags.utf8)) as? [String: String] else {
                return Self.classicError(400, "malformed 'tags' parameter, expecting JSON object: \(tags)")
            }
            filter.tags += object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        for tag in request.parameters("tag") {
            let parts = tag.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { return Self.classicError(400, "malformed 'tag' parameter, expecting key:value, received: \(tag)") }
            filter.tags.append((String(parts[0]), String(parts[1])))
        }
        let found = store.search(filter)
        return classic(0) { out in out.array(found) { out, trace in writeClassic(trace, into: &out) } }
    }

    /// `{"data":…,"total":N,"limit":0,"offset":0,"errors":null}`.
    private func classic(_ total: Int, _ data: (inout JSONOut) -> Void) -> FakeResponse {
        var out = JSONOut()
        out.raw("{\"data\":")
        data(&out)
        out.raw(",\"total\":\(total),\"limit\":0,\"offset\":0,\"errors\":null}")
        return .json(out)
    }

    /// The envelope written by Go's `http.Error`: text/plain, nosniff, trailing newline.
    static func classicError(_ status: Int, _ message: String) -> FakeResponse {
        goError(status, open: "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":\(status)",
                key: "msg", message: message, close: "}]}\n")
    }

    /// api_v3's `GRPCGatewayError`, also through `http.Error`.
    static func v3Error(_ status: Int, _ message: String) -> FakeResponse {
        goError(status, open: "{\"error\":{\"httpCode\":\(status)", key: "message", message: message, close: "}}\n")
    }

    private static func goError(_ status: Int, open: String, key: String, message: String, close: String) -> FakeResponse {
        var out = JSONOut()
        out.raw(open)
        out.field(key, message)
        out.raw(close)
        return FakeResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
                            body: out.bytes)
    }

    /// A classic trace: µs times, `processes` keyed p1, p2 … in order of first appearance.
    private func writeClassic(_ trace: FakeTrace, into out: inout JSONOut) {
        var processes: [String: String] = [:]
        var order: [String] = []
        for service in trace.services {
            processes[service] = "p\(order.count + 1)"
            order.append(service)
        }
        out.raw("{")
        out.field("traceID", trace.traceID, first: true)
        out.raw(",\"spans\":")
        out.array(trace.spans) { out, span in
            out.raw("{")
            out.field("traceID", trace.traceID, first: true)
            out.field("spanID", span.spanID)
            out.field("operationName", span.name)
            out.raw(",\"references\":[")
            if let parent = span.parentID {
                out.raw("{\"refType\":\"CHILD_OF\"")
                out.field("traceID", trace.traceID)
                out.field("spanID", parent)
                out.raw("}")
            }
            out.raw("]")
            out.field("startTime", span.start / 1000)
            out.field("duration", span.duration / 1000)
            out.raw(",\"tags\":[")
            var first = true
            func tag(_ key: String, type: String, value: String, quoted: Bool) {
                if !first { out.raw(",") }
                first = false
                out.raw("{")
                out.field("key", key, first: true)
                out.field("type", type)
                out.key("value")
                if quoted { out.string(value) } else { out.raw(value) }
                out.raw("}")
            }
            if span.kind != .internal { tag("span.kind", type: "string", value: span.kind.rawValue, quoted: true) }
            if span.error { tag("error", type: "bool", value: "true", quoted: false) }
            for attribute in span.attributes { tag(attribute.key, type: "string", value: attribute.value, quoted: true) }
            out.raw("],\"logs\":[]")
            out.field("processID", processes[span.service] ?? "p1")
            out.raw(",\"warnings\":null}")
        }
        out.raw(",\"processes\":{")
        for (i, service) in order.enumerated() {
            out.key(processes[service]!, first: i == 0)
            out.raw("{")
            out.field("serviceName", service, first: true)
            out.raw(",\"tags\":[]}")
        }
        out.raw("},\"warnings\":null}")
    }

    // MARK: api_v3

    private func v3Filter(_ request: FakeRequest) -> Result<SearchFilter, FakeResponseError> {
        func param(_ camel: String, _ snake: String) -> String? {
            let value = request.parameter(anyOf: camelCase ? ["query.\(camel)", "query.\(snake)"] : ["query.\(snake)"])
            return value?.isEmpty == true ? nil : value
        }
        var filter = SearchFilter(limit: 100)
        filter.service = param("serviceName", "service_name")
        filter.operation = param("operationName", "operation_name")
        guard let minText = param("startTimeMin", "start_time_min"), let maxText = param("startTimeMax", "start_time_max") else {
            let names = camelCase ? "query.startTimeMin and query.startTimeMax" : "query.start_time_min and query.start_time_max"
            return .failure(FakeResponseError(Self.v3Error(400, "\(names) are required")))
        }
        guard let min = parseRFC3339(minText) else {
            return .failure(FakeResponseError(Self.v3Error(400, "malformed parameter query.start_time_min: parsing time \(goQuote(minText)) as RFC 3339")))
        }
        guard let max = parseRFC3339(maxText) else {
            return .failure(FakeResponseError(Self.v3Error(400, "malformed parameter query.start_time_max: parsing time \(goQuote(maxText)) as RFC 3339")))
        }
        guard min < max else {
            return .failure(FakeResponseError(Self.v3Error(400, "query.start_time_min must be before query.start_time_max")))
        }
        filter.start = min
        filter.end = max
        for (camel, snake) in [("durationMin", "duration_min"), ("durationMax", "duration_max")] {
            guard let text = param(camel, snake) else { continue }
            guard let ns = parseGoDuration(text) else {
                return .failure(FakeResponseError(Self.v3Error(400, "malformed parameter query.\(snake): time: invalid duration \(goQuote(text))")))
            }
            if camel == "durationMin" { filter.minDuration = ns } else { filter.maxDuration = ns }
        }
        let depthText = camelCase ? param("searchDepth", "search_depth") ?? request.parameter("query.num_traces") : request.parameter("query.num_traces")
        if let depthText {
            guard let depth = Int(depthText), depth >= 0 else {
                return .failure(FakeResponseError(Self.v3Error(400, "malformed parameter query.search_depth: \(depthText)")))
            }
            if depth > 0 { filter.limit = depth }
        }
        // Attribute filtering arrived in v2.19; older servers ignore the parameter.
        if camelCase, let attributes = request.parameter("query.attributes"), !attributes.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(attributes.utf8)) as? [String: String] else {
                return .failure(FakeResponseError(Self.v3Error(400, "malformed parameter query.attributes: \(attributes)")))
            }
            filter.tags = object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return .success(filter)
    }

    /// One TracesData for every trace (api_v3 appends each trace's resourceSpans).
    private func tracesData(_ traces: [FakeTrace]) -> FakeResponse {
        var out = JSONOut(capacity: traces.reduce(0) { $0 + $1.spans.count } * 300 + 64)
        out.raw("{\"result\":{")
        OTLPWriter(dialect: .pdata).resourceSpans(traces, key: "resourceSpans", into: &out)
        out.raw("}}")
        return .json(out)
    }

    private func summaries(_ traces: [FakeTrace]) -> FakeResponse {
        var out = JSONOut()
        out.raw("{\"summaries\":")
        out.array(traces) { out, trace in
            let root = trace.root
            let ids = Set(trace.spans.map(\.spanID))
            let orphans = trace.spans.count { $0.parentID != nil && !ids.contains($0.parentID!) }
            out.raw("{")
            out.field("traceId", trace.traceID, first: true)
            out.field("rootServiceName", root?.service ?? "")
            out.field("rootOperationName", root?.name ?? "")
            out.field("minStartTimeUnixNano", String(trace.start))
            out.field("maxEndTimeUnixNano", String(trace.end))
            out.field("spanCount", Int64(trace.spans.count))
            if trace.errorCount > 0 { out.field("errorSpanCount", Int64(trace.errorCount)) }
            if orphans > 0 { out.field("orphanSpanCount", Int64(orphans)) }
            out.key("services")
            out.array(trace.services) { out, service in
                let spans = trace.spans.filter { $0.service == service }
                out.raw("{")
                out.field("name", service, first: true)
                out.field("spanCount", Int64(spans.count))
                let errors = spans.count { $0.error }
                if errors > 0 { out.field("errorSpanCount", Int64(errors)) }
                out.raw("}")
            }
            out.raw("}")
        }
        out.raw("}")
        return .json(out)
    }

    private func isHexID(_ id: String) -> Bool {
        (1...32).contains(id.count) && id.utf8.allSatisfy { hexValue($0) != nil }
    }

    private func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

/// A ready error response carried through a Result.
struct FakeResponseError: Error {
    let response: FakeResponse
    init(_ response: FakeResponse) { self.response = response }
}

/// Go's `strconv.Quote` for the printable ASCII that parameters hold.
func goQuote(_ text: String) -> String { text.debugDescription }
