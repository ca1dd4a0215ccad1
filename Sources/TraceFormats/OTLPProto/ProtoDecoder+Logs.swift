import TraceModel

/// `ExportLogsServiceRequest` / `LogsData` → log records, decoded at once (as the JSON decoder
/// does); the log index links them to spans by trace and span id.
extension ProtoDecoder {
    mutating func logs() throws(ProtoError) {
        try request("resource_logs") { (d: inout ProtoDecoder, range, _) throws(ProtoError) in
            try d.resourceLogs(range)
        }
    }

    mutating func resourceLogs(_ range: Range<Int>) throws(ProtoError) {
        let firstLog = set.logs.count
        let rid = try resourceGroup(range, "scope_logs", "deprecated_scope_logs") { (d, scope, _) throws(ProtoError) in try d.scopeLogs(scope) }
        if let rid {
            for i in firstLog..<set.logs.count { set.logs[i].resource = rid }
        }
    }

    mutating func scopeLogs(_ range: Range<Int>) throws(ProtoError) {
        var records = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("scope"); try check.message(&r, w) { (c, s) throws(ProtoError) in try c.scope(s) }
            case 2:
                at.set("log_records", records)
                records += 1
                try r.expect(w, .length)
                set.logs.append(try logRecord(try r.lengthDelimited()))
            case 3: at.set("schema_url"); try check.string(&r, w)
            default: return false
            }
            return true
        }
    }

    mutating func logRecord(_ range: Range<Int>) throws(ProtoError) -> LogRecord {
        var record = LogRecord(time: 0)
        var observed: Int64 = 0
        var attributes = 0
        var badID = false
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("time_unix_nano"); try r.expect(w, .fixed64); record.time = Int64(bitPattern: try r.fixed64())
            case 11: at.set("observed_time_unix_nano"); try r.expect(w, .fixed64); observed = Int64(bitPattern: try r.fixed64())
            case 2:
                at.set("severity_number")
                try r.expect(w, .varint)
                record.severityNumber = UInt8(clamping: max(0, Int64(bitPattern: try r.varint())))
            case 3: at.set("severity_text"); record.severityText = try text(&r, w)
            case 5:
                at.set("body")
                try r.expect(w, .length)
                let b = try r.lengthDelimited()
                try check.anyValue(b, depth: 1)
                record.body = try ProtoValues.anyValue(base, b, depth: 1)
            case 6:
                at.set("attributes", attributes)
                attributes += 1
                try r.expect(w, .length)
                let b = try r.lengthDelimited()
                try check.keyValue(b)
                record.attributes.append(try ProtoValues.keyValue(base, b))
            case 7: at.set("dropped_attributes_count"); try check.scalar(&r, w, .varint)
            case 8: at.set("flags"); try check.scalar(&r, w, .fixed32)
            case 9, 10:
                at.set(f == 9 ? "trace_id" : "span_id")
                try r.expect(w, .length)
                let b = try r.lengthDelimited()
                if f == 9 { record.traceID = Self.traceID(base, b) ?? .zero } else { record.spanID = Self.spanID(base, b) ?? .zero }
                badID = badID || (!b.isEmpty && b.count != (f == 9 ? 16 : 8))
            case 12: at.set("event_name"); record.eventName = try text(&r, w)
            default: return false
            }
            return true
        }
        if badID { problems.count("log records have a trace_id or span_id of the wrong length (not linked to a span)") }
        if record.time == 0 { record.time = observed }
        return record
    }

    /// A string field, checked (UTF-8 counted) and decoded.
    mutating func text(_ r: inout ProtoReader, _ w: WireType) throws(ProtoError) -> String {
        try r.expect(w, .length)
        let b = try r.lengthDelimited()
        check.string(b)
        return ProtoValues.text(base, b)
    }
}
