import TraceModel

/// OTLP/JSON as the Collector's file exporter and OTLP/HTTP clients write it: lower-case hex
/// ids, enums as integers, 64-bit times as decimal strings, one `resourceSpans` entry per
/// resource (service), one scope each.
public enum OTLPJSONWriter {
    /// One ExportTraceServiceRequest holding every span of `traces`.
    public static func write(_ traces: [SynthTrace], pretty: Bool = false) -> [UInt8] {
        var e = JSONEmitter(pretty: pretty)
        writeRequest(groups: group(traces), into: &e)
        if pretty { e.bytes.append(UInt8(ascii: "\n")) }
        return e.bytes
    }

    /// Spans of one resource, each with its trace id.
    struct ResourceGroup {
        var resource: SynthResource
        var spans: [(TraceID, SynthSpan)] = []
    }

    /// Groups spans by resource in order of first appearance.
    static func group(_ traces: [SynthTrace], services: Set<String>? = nil) -> [ResourceGroup] {
        var groups: [ResourceGroup] = []
        for t in traces {
            for s in t.spans where services?.contains(s.service) ?? true {
                let r = t.resource(for: s.service)
                if let i = groups.firstIndex(where: { $0.resource == r }) {
                    groups[i].spans.append((t.traceID, s))
                } else {
                    groups.append(ResourceGroup(resource: r, spans: [(t.traceID, s)]))
                }
            }
        }
        return groups
    }

    static func writeRequest(groups: [ResourceGroup], into e: inout JSONEmitter) {
        e.beginObject()
        e.key("resourceSpans")
        e.beginArray()
        for g in groups {
            e.beginObject()
            e.key("resource")
            writeResource(g.resource, into: &e)
            e.key("scopeSpans")
            e.beginArray()
            e.beginObject()
            e.key("scope")
            writeScope(g.resource, into: &e)
            e.key("spans")
            e.beginArray()
            for (tid, s) in g.spans { writeSpan(s, traceID: tid, into: &e) }
            e.endArray()
            e.endObject()
            e.endArray()
            e.endObject()
        }
        e.endArray()
        e.endObject()
    }

    static func writeResource(_ r: SynthResource, into e: inout JSONEmitter) {
        e.beginObject()
        e.key("attributes")
        e.otlpAttributes([Attribute("service.name", .string(r.service))] + r.attributes)
        e.endObject()
    }

    static func writeScope(_ r: SynthResource, into e: inout JSONEmitter) {
        e.beginObject()
        e.field("name", r.scopeName)
        if !r.scopeVersion.isEmpty { e.field("version", r.scopeVersion) }
        e.endObject()
    }

    static func writeSpan(_ s: SynthSpan, traceID: TraceID, into e: inout JSONEmitter) {
        e.beginObject()
        e.field("traceId", traceID.hex32)
        e.field("spanId", s.spanID.hex)
        if !s.parentID.isZero { e.field("parentSpanId", s.parentID.hex) }
        e.field("name", s.name)
        e.field("kind", Int(s.kind.rawValue))
        e.key("startTimeUnixNano"); e.intString(s.startNs)
        e.key("endTimeUnixNano"); e.intString(s.endNs)
        if !s.attributes.isEmpty {
            e.key("attributes")
            e.otlpAttributes(s.attributes)
        }
        if !s.events.isEmpty {
            e.key("events")
            e.beginArray()
            for ev in s.events {
                e.beginObject()
                e.key("timeUnixNano"); e.intString(ev.timeNs)
                e.field("name", ev.name)
                if !ev.attributes.isEmpty { e.key("attributes"); e.otlpAttributes(ev.attributes) }
                e.endObject()
            }
            e.endArray()
        }
        e.key("status")
        e.beginObject()
        if s.status != .unset { e.field("code", s.status.otlpCode) }
        if !s.statusMessage.isEmpty { e.field("message", s.statusMessage) }
        e.endObject()
        e.endObject()
    }
}

/// OTLP JSON Lines: one compact ExportTraceServiceRequest (or ExportLogsServiceRequest) per
/// line, as the Collector's file exporter writes them.
public enum OTLPJSONLinesWriter {
    /// - tracesPerLine: how many traces go into one request line.
    /// - splitServices: one line per service within each batch, so a trace's spans are spread
    ///   over several lines (as happens with real batching).
    /// - includeLogs: after each batch, a `resourceLogs` line with the batch's log records.
    public static func write(
        _ traces: [SynthTrace], tracesPerLine: Int = 1, splitServices: Bool = false, includeLogs: Bool = true
    ) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        let step = max(1, tracesPerLine)
        while start < traces.count {
            let batch = Array(traces[start..<min(traces.count, start + step)])
            start += step
            if splitServices {
                var services: [String] = []
                for t in batch { for s in t.services where !services.contains(s) { services.append(s) } }
                for svc in services {
                    let groups = OTLPJSONWriter.group(batch, services: [svc])
                    if groups.isEmpty { continue }
                    line(&out) { OTLPJSONWriter.writeRequest(groups: groups, into: &$0) }
                }
            } else {
                line(&out) { OTLPJSONWriter.writeRequest(groups: OTLPJSONWriter.group(batch), into: &$0) }
            }
            if includeLogs && batch.contains(where: { !$0.logs.isEmpty }) {
                line(&out) { OTLPLogsWriter.writeRequest(batch, into: &$0) }
            }
        }
        return out
    }

    private static func line(_ out: inout [UInt8], _ body: (inout JSONEmitter) -> Void) {
        var e = JSONEmitter(pretty: false)
        body(&e)
        out.append(contentsOf: e.bytes)
        out.append(UInt8(ascii: "\n"))
    }
}

/// OTLP logs: `{"resourceLogs":[{"resource":...,"scopeLogs":[{"scope":...,"logRecords":[...]}]}]}`.
public enum OTLPLogsWriter {
    public static func write(_ traces: [SynthTrace], pretty: Bool = false) -> [UInt8] {
        var e = JSONEmitter(pretty: pretty)
        writeRequest(traces, into: &e)
        return e.bytes
    }

    static func writeRequest(_ traces: [SynthTrace], into e: inout JSONEmitter) {
        var groups: [(SynthResource, [SynthLog])] = []
        for t in traces {
            for l in t.logs {
                let r = t.resource(for: l.service)
                if let i = groups.firstIndex(where: { $0.0 == r }) {
                    groups[i].1.append(l)
                } else {
                    groups.append((r, [l]))
                }
            }
        }
        e.beginObject()
        e.key("resourceLogs")
        e.beginArray()
        for (r, logs) in groups {
            e.beginObject()
            e.key("resource")
            OTLPJSONWriter.writeResource(r, into: &e)
            e.key("scopeLogs")
            e.beginArray()
            e.beginObject()
            e.key("scope")
            OTLPJSONWriter.writeScope(r, into: &e)
            e.key("logRecords")
            e.beginArray()
            for l in logs { writeRecord(l, into: &e) }
            e.endArray()
            e.endObject()
            e.endArray()
            e.endObject()
        }
        e.endArray()
        e.endObject()
    }

    static func writeRecord(_ l: SynthLog, into e: inout JSONEmitter) {
        e.beginObject()
        e.key("timeUnixNano"); e.intString(l.timeNs)
        e.key("observedTimeUnixNano"); e.intString(l.timeNs)
        e.field("severityNumber", l.severityNumber)
        e.field("severityText", l.severityText)
        e.key("body"); e.otlpAnyValue(.string(l.body))
        if !l.attributes.isEmpty { e.key("attributes"); e.otlpAttributes(l.attributes) }
        // Unlinked records carry empty ids, as real exporters write them.
        e.field("traceId", l.traceID.isZero ? "" : l.traceID.hex32)
        e.field("spanId", l.spanID.isZero ? "" : l.spanID.hex)
        e.endObject()
    }
}
