import TraceAnalysis
import TraceModel

/// `spanscope analyze --format otlp`: the selected traces as one OTLP/JSON
/// `ExportTraceServiceRequest`, whatever format they were read from. Lower-case hex ids (32/16
/// digits), enums as integers, 64-bit times as decimal strings. Trace by trace (so a reader sees
/// the traces in the same order), one `resourceSpans` entry per (resource, service) of the trace
/// and in it one `scopeSpans` entry per scope name and version, in order of first appearance.
/// Raw span times are written (never skew-adjusted ones).
public enum ExportOTLP {
    /// The spans of `trees`, each tree in display (pre)order.
    public static func write(set: TraceSet, trees: [TraceTree], to out: inout [UInt8]) {
        write(set: set, spanIndices: trees.map { $0.nodes.map(\.spanIndex) }, to: &out)
    }

    /// The spans of `traces`, in input order.
    public static func write(set: TraceSet, traces: [Trace], to out: inout [UInt8]) {
        write(set: set, spanIndices: traces.map(\.spanIndices), to: &out)
    }

    struct ScopeGroup {
        var name: String
        var version: String
        var attributes: [Attribute]
        var spans: [(Int, SpanDetails)] = []
    }

    struct ResourceGroup {
        var resource: ResourceID
        var service: StringID
        var scopes: [ScopeGroup] = []
    }

    struct ResourceKey: Hashable {
        var resource: UInt32
        var service: UInt32
    }

    struct ScopeKey: Hashable {
        var name: String
        var version: String
    }

    /// `spanIndices`: per trace, its spans.
    static func write(set: TraceSet, spanIndices: [[Int]], to out: inout [UInt8]) {
        out.append(contentsOf: #"{"resourceSpans":["#.utf8)
        var first = true
        var seen = Set<Int>()
        for trace in spanIndices {
            let groups = group(set, trace, seen: &seen)
            for g in groups {
                if !first { out.append(0x2C) }
                first = false
                resourceSpans(set, g, &out)
            }
        }
        out.append(contentsOf: "\n]}\n".utf8)
    }

    /// One trace's spans by resource, then scope.
    static func group(_ set: TraceSet, _ spanIndices: [Int], seen: inout Set<Int>) -> [ResourceGroup] {
        var groups: [ResourceGroup] = []
        var groupIndex: [ResourceKey: Int] = [:]
        var scopeIndex: [[ScopeKey: Int]] = []
        for i in spanIndices where seen.insert(i).inserted {
            let span = set.spans[i]
            let key = ResourceKey(resource: span.resource.raw, service: span.service.raw)
            let g: Int
            if let existing = groupIndex[key] {
                g = existing
            } else {
                g = groups.count
                groupIndex[key] = g
                groups.append(ResourceGroup(resource: span.resource, service: span.service))
                scopeIndex.append([:])
            }
            let details = set.details(span)
            let sk = ScopeKey(name: details.scopeName, version: details.scopeVersion)
            let s: Int
            if let existing = scopeIndex[g][sk] {
                s = existing
            } else {
                s = groups[g].scopes.count
                scopeIndex[g][sk] = s
                groups[g].scopes.append(ScopeGroup(name: sk.name, version: sk.version,
                                                   attributes: details.scopeAttributes))
            }
            groups[g].scopes[s].spans.append((i, details))
        }
        return groups
    }

    static func resourceSpans(_ set: TraceSet, _ g: ResourceGroup, _ out: inout [UInt8]) {
        out.append(contentsOf: "\n{\"resource\":{\"attributes\":".utf8)
        // service.name first, as the span's service (Jaeger processes and Zipkin endpoints
        // keep it outside the attributes).
        var attributes = set.resource(g.resource)?.attributes ?? []
        attributes.removeAll { $0.key == "service.name" }
        attributes.insert(Attribute("service.name", .string(set.strings[g.service])), at: 0)
        keyValues(attributes, &out)
        out.append(contentsOf: "},\"scopeSpans\":[".utf8)
        for (si, scope) in g.scopes.enumerated() {
            if si > 0 { out.append(0x2C) }
            out.append(contentsOf: "\n{\"scope\":{\"name\":".utf8)
            AnalyzeJSON.string(scope.name, &out)
            if !scope.version.isEmpty {
                out.append(contentsOf: ",\"version\":".utf8)
                AnalyzeJSON.string(scope.version, &out)
            }
            if !scope.attributes.isEmpty {
                out.append(contentsOf: ",\"attributes\":".utf8)
                keyValues(scope.attributes, &out)
            }
            out.append(contentsOf: "},\"spans\":[".utf8)
            for (k, (i, details)) in scope.spans.enumerated() {
                if k > 0 { out.append(0x2C) }
                span(set.spans[i], set.strings[set.spans[i].name], details, &out)
            }
            out.append(contentsOf: "]}".utf8)
        }
        out.append(contentsOf: "]}".utf8)
    }

    static func span(_ span: Span, _ name: String, _ d: SpanDetails, _ out: inout [UInt8]) {
        out.append(contentsOf: "\n{\"traceId\":\"\(span.traceID.hex32)\",\"spanId\":\"\(span.spanID.hex)\"".utf8)
        if !span.parentID.isZero { out.append(contentsOf: ",\"parentSpanId\":\"\(span.parentID.hex)\"".utf8) }
        if !d.traceState.isEmpty {
            out.append(contentsOf: ",\"traceState\":".utf8)
            AnalyzeJSON.string(d.traceState, &out)
        }
        out.append(contentsOf: ",\"name\":".utf8)
        AnalyzeJSON.string(name, &out)
        out.append(contentsOf: ",\"kind\":\(span.kind.rawValue)".utf8)
        // Absent times stay absent, so the reader flags them again.
        if !span.flags.contains(.missingStart) {
            out.append(contentsOf: ",\"startTimeUnixNano\":\"\(span.start)\"".utf8)
        }
        if !span.flags.contains(.missingDuration) {
            out.append(contentsOf: ",\"endTimeUnixNano\":\"\(span.end)\"".utf8)
        }
        if !d.attributes.isEmpty {
            out.append(contentsOf: ",\"attributes\":".utf8)
            keyValues(d.attributes, &out)
        }
        if !d.events.isEmpty {
            out.append(contentsOf: ",\"events\":[".utf8)
            for (i, e) in d.events.enumerated() {
                if i > 0 { out.append(0x2C) }
                out.append(contentsOf: "{\"timeUnixNano\":\"\(e.time)\",\"name\":".utf8)
                AnalyzeJSON.string(e.name, &out)
                if !e.attributes.isEmpty {
                    out.append(contentsOf: ",\"attributes\":".utf8)
                    keyValues(e.attributes, &out)
                }
                out.append(0x7D)
            }
            out.append(0x5D)
        }
        if !d.links.isEmpty {
            out.append(contentsOf: ",\"links\":[".utf8)
            for (i, l) in d.links.enumerated() {
                if i > 0 { out.append(0x2C) }
                out.append(contentsOf: "{\"traceId\":\"\(l.traceID.hex32)\",\"spanId\":\"\(l.spanID.hex)\"".utf8)
                if !l.attributes.isEmpty {
                    out.append(contentsOf: ",\"attributes\":".utf8)
                    keyValues(l.attributes, &out)
                }
                out.append(0x7D)
            }
            out.append(0x5D)
        }
        out.append(contentsOf: ",\"status\":{".utf8)
        if span.status != .unset { out.append(contentsOf: "\"code\":\(span.status.rawValue)".utf8) }
        if !d.statusMessage.isEmpty {
            if span.status != .unset { out.append(0x2C) }
            out.append(contentsOf: "\"message\":".utf8)
            AnalyzeJSON.string(d.statusMessage, &out)
        }
        out.append(contentsOf: "}}".utf8)
    }

    /// `[{"key":…,"value":AnyValue},…]`
    static func keyValues(_ attributes: [Attribute], _ out: inout [UInt8]) {
        out.append(0x5B)
        for (i, a) in attributes.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(contentsOf: "{\"key\":".utf8)
            AnalyzeJSON.string(a.key, &out)
            out.append(contentsOf: ",\"value\":".utf8)
            anyValue(a.value, &out)
            out.append(0x7D)
        }
        out.append(0x5D)
    }

    static func anyValue(_ v: AttributeValue, _ out: inout [UInt8]) {
        switch v {
        case .string(let s):
            out.append(contentsOf: "{\"stringValue\":".utf8)
            AnalyzeJSON.string(s, &out)
        case .bool(let b):
            out.append(contentsOf: (b ? "{\"boolValue\":true" : "{\"boolValue\":false").utf8)
        case .int(let i):
            out.append(contentsOf: "{\"intValue\":\"\(i)\"".utf8)
        case .double(let d):
            // proto3 JSON: non-finite doubles are the strings "NaN", "Infinity", "-Infinity".
            let text = d.isNaN ? "\"NaN\"" : d.isInfinite ? (d < 0 ? "\"-Infinity\"" : "\"Infinity\"") : "\(d)"
            out.append(contentsOf: "{\"doubleValue\":\(text)".utf8)
        case .bytes(let b):
            out.append(contentsOf: "{\"bytesValue\":\"".utf8)
            base64(b, &out)
            out.append(0x22)
        case .array(let items):
            out.append(contentsOf: "{\"arrayValue\":{\"values\":[".utf8)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                anyValue(item, &out)
            }
            out.append(contentsOf: "]}".utf8)
        case .keyValues(let kv):
            out.append(contentsOf: "{\"kvlistValue\":{\"values\":".utf8)
            keyValues(kv, &out)
            out.append(0x7D)
        case .empty:
            out.append(0x7B)
        }
        out.append(0x7D)
    }

    static let base64Digits: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard, padded base64.
    static func base64(_ bytes: [UInt8], _ out: inout [UInt8]) {
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(base64Digits[Int((n >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(base64Digits[Int((n >> 18) & 63)])
            out.append(base64Digits[Int((n >> 12) & 63)])
            out.append(rest == 2 ? base64Digits[Int((n >> 6) & 63)] : 0x3D)
            out.append(0x3D)
        }
    }
}
