import TraceModel

/// Collects one application log line's fields into a `LogRecord`, whatever the syntax (JSON or
/// logfmt). The first time, level and message win; a later duplicate stays an attribute. Ids
/// at the top level win over ids found in nested objects (`depth` > 0). A value that does not
/// parse as what its key promises (an id that is not hex, a time that is not a time) is kept as
/// an attribute, so nothing in the line is lost.
struct LogLineBuilder {
    var record = LogRecord(time: 0)
    var traceDepth = Int.max, spanDepth = Int.max
    var haveTime = false, haveLevel = false, haveBody = false

    /// Applies a string value; false when the caller should keep it as an attribute.
    mutating func apply(_ field: LogField, _ v: UnsafeBufferPointer<UInt8>, depth: Int) -> Bool {
        switch field {
        case .traceHex, .traceDecimal:
            guard let id = LogIDs.trace(v, field) else { return false }
            if depth < traceDepth { record.traceID = id; traceDepth = depth }
            return true
        case .spanHex, .spanDecimal:
            guard let id = LogIDs.span(v, field) else { return false }
            if depth < spanDepth { record.spanID = id; spanDepth = depth }
            return true
        case .time:
            guard !haveTime, let t = LogTime.parse(v) else { return false }
            record.time = t
            haveTime = true
            return true
        case .level:
            guard !haveLevel else { return false }
            record.severityText = String(decoding: v, as: UTF8.self)
            if record.severityNumber == 0 { record.severityNumber = LogSeverity.number(v) }
            haveLevel = true
            return true
        case .severityNumber:
            guard let n = LogNumbers.int(v), (0...24).contains(n) else { return false }
            record.severityNumber = UInt8(n)
            return true
        case .body:
            guard !haveBody else { return false }
            record.body = .string(String(decoding: v, as: UTF8.self))
            haveBody = true
            return true
        case .other:
            return false
        }
    }

    /// Applies a JSON number's text. Ids given as numbers are decimal; a numeric level is
    /// pino/bunyan's scale (or OTLP's 1–24).
    mutating func applyNumber(_ field: LogField, _ raw: UnsafeBufferPointer<UInt8>, depth: Int) -> Bool {
        switch field {
        case .traceHex, .traceDecimal: return apply(.traceDecimal, raw, depth: depth)
        case .spanHex, .spanDecimal: return apply(.spanDecimal, raw, depth: depth)
        case .level:
            guard !haveLevel, let n = LogNumbers.int(raw) else { return false }
            let (number, text) = LogSeverity.fromNumber(n)
            record.severityNumber = number
            record.severityText = text
            haveLevel = true
            return true
        case .body: return false
        default: return apply(field, raw, depth: depth)
        }
    }

    /// Attributes collect here (a buffer reused from line to line, see `JSONLogsDecoder`) and
    /// are copied into an array of exactly their size: one allocation, no spare capacity.
    var extra: [Attribute] = []

    mutating func attribute(_ key: String, _ value: AttributeValue) {
        extra.append(Attribute(key, value))
    }

    /// The record; a level without a number but with a known severity gets one above, and a
    /// severity number without text gets OTLP's name.
    mutating func finish() -> LogRecord {
        if !extra.isEmpty {
            record.attributes = Array(extra)
            extra.removeAll(keepingCapacity: true)
        }
        if record.severityText.isEmpty && record.severityNumber != 0 {
            record.severityText = LogSeverity.otlpName(record.severityNumber)
        }
        return record
    }
}

enum LogNumbers {
    /// An optional `-` and up to 18 digits; nil for anything else.
    static func int(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = b.first == 0x2D
        if negative { i = 1 }
        guard i < b.count, b.count - i <= 18 else { return nil }
        var v: Int64 = 0
        while i < b.count {
            let d = b[i] &- 0x30
            guard d <= 9 else { return nil }
            v = v * 10 + Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    /// A JSON number's text as an attribute value: an integer when it is one, else a double.
    static func value(_ b: UnsafeBufferPointer<UInt8>) -> AttributeValue {
        if let i = int(b) { return .int(i) }
        return Double(String(decoding: b, as: UTF8.self)).map(AttributeValue.double) ?? .string(String(decoding: b, as: UTF8.self))
    }
}
