import TraceAnalysis
import TraceModel

/// `spanscope analyze --format otlp` and the explorer's `x`: analysed traces as one OTLP/JSON
/// `ExportTraceServiceRequest`, whatever format they were read from. Lower-case hex ids (32/16
/// digits), enums as integers, 64-bit times as decimal strings. Trace by trace, spans in display
/// (pre)order, one `resourceSpans` entry per (resource, service) of the trace and in it one
/// `scopeSpans` entry per scope name and version, in order of first appearance. Raw span times
/// are written (never skew-adjusted ones).
///
/// The result is valid OTLP and reads back as the same tree: span ids are unique within a
/// trace. A Zipkin server half (same id as its client) and a later different span that re-used
/// an id (`<id>_k`) get a derived id (`derivedID`) with the original kept in the attribute
/// `spanscope.original_span_id`; every parent id is its tree parent's exported id. A
/// FOLLOWS_FROM parent is written as the parent id plus a link to it with
/// `opentracing.ref_type: follows_from` (Jaeger's convention, read back the same way).
public enum ExportOTLP {
    public static let originalIDKey = "spanscope.original_span_id"

    /// Every span of `trees`, each tree in display (pre)order.
    public static func write(set: TraceSet, trees: [TraceTree], to out: inout [UInt8]) {
        write(set: set, items: trees.map { items(set, $0, 0 ..< $0.nodes.count) }, to: &out)
    }

    /// One span's subtree (`root ..< subtreeEnd`, display order).
    public static func write(set: TraceSet, tree: TraceTree, root: Int, to out: inout [UInt8]) {
        write(set: set, items: [items(set, tree, root ..< Int(tree.nodes[root].subtreeEnd))], to: &out)
    }

    /// A span as written: its (possibly derived) id and its parent's.
    struct Item {
        var span: Int
        var id: SpanID
        var parent: SpanID
        var originalID: SpanID?
        var followsFrom: Bool
    }

    /// Export ids for the nodes `range` of `tree`. Derived ids are made unique against every id
    /// in the trace, so they cannot capture another span's children.
    static func items(_ set: TraceSet, _ tree: TraceTree, _ range: Range<Int>) -> [Item] {
        var taken = Set(tree.nodes.map(\.spanID.value))
        var exported = [SpanID](repeating: .zero, count: tree.nodes.count)
        for i in tree.nodes.indices {
            let n = tree.nodes[i]
            guard n.duplicateOrdinal > 0 || n.flags.contains(.sharedServer) else { exported[i] = n.spanID; continue }
            var id = derivedID(n.spanID, salt: UInt64(i))
            while id.isZero || !taken.insert(id.value).inserted { id = derivedID(id, salt: UInt64(i)) }
            exported[i] = id
        }
        return range.map { i in
            let n = tree.nodes[i]
            let parent: SpanID
            if n.parent >= 0 {
                parent = exported[Int(n.parent)]
            } else {
                // An orphan keeps its missing parent; a cut cycle its recorded parent (the reader
                // cuts the loop at the same span: it starts earliest and comes first).
                parent = n.missingParentID ?? (n.flags.contains(.cycleCut) ? set.spans[n.spanIndex].parentID : .zero)
            }
            return Item(span: n.spanIndex, id: exported[i], parent: parent,
                        originalID: exported[i] == n.spanID ? nil : n.spanID,
                        followsFrom: n.parent >= 0 && set.spans[n.spanIndex].flags.contains(.followsFromParent))
        }
    }

    /// A deterministic 64-bit id from an id and a salt (SplitMix64's finaliser).
    static func derivedID(_ id: SpanID, salt: UInt64) -> SpanID {
        var z = id.value &+ 0x9E37_79B9_7F4A_7C15 &* (salt &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return SpanID(z ^ (z >> 31))
    }

    struct ScopeGroup {
        var name: String
        var version: String
        var attributes: [Attribute]
        var spans: [(Item, SpanDetails)] = []
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

    /// `items`: per trace, its spans.
    static func write(set: TraceSet, items: [[Item]], to out: inout [UInt8]) {
        out.append(contentsOf: #"{"resourceSpans":["#.utf8)
        var first = true
        for trace in items {
            for g in group(set, trace) {
                if !first { out.append(0x2C) }
                first = false
                resourceSpans(set, g, &out)
            }
        }
        out.append(contentsOf: "\n]}\n".utf8)
    }

    /// One trace's spans by resource, then scope.
    static func group(_ set: TraceSet, _ items: [Item]) -> [ResourceGroup] {
        var groups: [ResourceGroup] = []
        var groupIndex: [ResourceKey: Int] = [:]
        var scopeIndex: [[ScopeKey: Int]] = []
        for item in items {
            let span = set.spans[item.span]
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
            groups[g].scopes[s].spans.append((item, details))
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
            JSONText.quote(scope.name, into: &out)
            if !scope.version.isEmpty {
                out.append(contentsOf: ",\"version\":".utf8)
                JSONText.quote(scope.version, into: &out)
            }
            if !scope.attributes.isEmpty {
                out.append(contentsOf: ",\"attributes\":".utf8)
                keyValues(scope.attributes, &out)
            }
            out.append(contentsOf: "},\"spans\":[".utf8)
            for (k, (item, details)) in scope.spans.enumerated() {
                if k > 0 { out.append(0x2C) }
                span(set.spans[item.span], item, set.strings[set.spans[item.span].name], details, &out)
            }
            out.append(contentsOf: "]}".utf8)
        }
        out.append(contentsOf: "]}".utf8)
    }

    static func span(_ span: Span, _ item: Item, _ name: String, _ d: SpanDetails, _ out: inout [UInt8]) {
        var d = d
        if let original = item.originalID { d.attributes.append(Attribute(originalIDKey, .string(original.hex))) }
        // The parent's reference type as links say it (see FollowsFromLinks): a link is added
        // only where the links alone would say otherwise.
        if !item.parent.isZero && item.followsFrom != FollowsFromLinks.parentIsFollowsFrom(d.links, parent: item.parent, in: span.traceID) {
            d.links.append(SpanLink(traceID: span.traceID, spanID: item.parent, attributes: [
                Attribute(FollowsFromLinks.refTypeKey, .string(item.followsFrom ? "follows_from" : "child_of"))]))
        }
        out.append(contentsOf: "\n{\"traceId\":\"\(span.traceID.hex32)\",\"spanId\":\"\(item.id.hex)\"".utf8)
        if !item.parent.isZero { out.append(contentsOf: ",\"parentSpanId\":\"\(item.parent.hex)\"".utf8) }
        if !d.traceState.isEmpty {
            out.append(contentsOf: ",\"traceState\":".utf8)
            JSONText.quote(d.traceState, into: &out)
        }
        out.append(contentsOf: ",\"name\":".utf8)
        JSONText.quote(name, into: &out)
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
                JSONText.quote(e.name, into: &out)
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
            JSONText.quote(d.statusMessage, into: &out)
        }
        out.append(contentsOf: "}}".utf8)
    }

    /// `[{"key":…,"value":AnyValue},…]`
    static func keyValues(_ attributes: [Attribute], _ out: inout [UInt8]) {
        out.append(0x5B)
        for (i, a) in attributes.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(contentsOf: "{\"key\":".utf8)
            JSONText.quote(a.key, into: &out)
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
            JSONText.quote(s, into: &out)
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
            Base64.encode(b, into: &out)
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
}
