#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import TraceModel

/// A span object's place in the file, found by the structural pass.
struct SpanSlot: Sendable {
    var offset: Int
    var length: UInt32
    /// Ordinal of its ResourceSpans (→ resource and service).
    var group: UInt32
    var shape: SpanShape
}

enum OTLPSpanDecoder {
    /// One span object. Returns nil (with a noted problem) for spans that cannot be placed.
    /// `resource` of the result temporarily holds the slot's group ordinal.
    static func decodeSpan(
        _ s: inout JSONScanner, slot: SpanSlot, strings: inout StringTable, problems: inout ProblemCounter,
        sourceIndex: UInt32
    ) throws(JSONError) -> Span? {
        let start = slot.offset
        var traceID: TraceID? = nil
        var spanID: SpanID? = nil
        var parentID = SpanID.zero
        var badParent: String? = nil
        var name = StringID.empty
        var kind = SpanKind.unspecified
        var status = SpanStatus.unset
        var startNs: Int64 = 0
        var endNs: Int64 = 0
        var events: UInt32 = 0
        var links: UInt32 = 0
        var badID: String? = nil

        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "attributes") {
                // On-demand semantics (as simdjson's): values the tree does not use are crossed
                // by their structure only; their grammar is checked when details are decoded.
                // The structural pass already found where the array ends: jump there.
                try jump(&s, slot.shape.attributes, slot.offset)
            } else if s.key(k, is: "traceid") {
                let v = try s.readString()
                traceID = s.withBytes(v) { IDBytes.parseOTLPTraceID($0) }
                if traceID == nil || traceID == .zero { badID = "traceId \(quoted(s, v)) is not a valid trace id"; traceID = nil }
            } else if s.key(k, is: "spanid") {
                let v = try s.readString()
                spanID = s.withBytes(v) { IDBytes.parseOTLPSpanID($0) }
                if spanID == nil || spanID == .zero { badID = "spanId \(quoted(s, v)) is not a valid span id"; spanID = nil }
            } else if s.key(k, is: "parentspanid") {
                let v = try s.readString()
                if let p = s.withBytes(v, { IDBytes.parseOTLPSpanID($0) }) { parentID = p } else { badParent = quoted(s, v) }
            } else if s.key(k, is: "name") {
                let v = try s.readString()
                name = s.withBytes(v) { strings.intern(bytes: $0) }
            } else if s.key(k, is: "starttimeunixnano") {
                startNs = try s.readUnixNanos()
            } else if s.key(k, is: "endtimeunixnano") {
                endNs = try s.readUnixNanos()
            } else if s.key(k, is: "kind") {
                kind = try OTLPState.kind(&s)
            } else if s.key(k, is: "status") {
                status = try OTLPState.status(&s)
            } else if s.key(k, is: "events") {
                events = try jump(&s, slot.shape.events, slot.offset) ? slot.shape.eventCount
                    : UInt32(clamping: try s.skipStructure())
            } else if s.key(k, is: "links") {
                links = try jump(&s, slot.shape.links, slot.offset) ? slot.shape.linkCount
                    : UInt32(clamping: try s.skipStructure())
            } else {
                try s.skipStructure()
            }
        }
        guard let traceID, let spanID else {
            problems.note("span at byte \(start): \(badID ?? "missing traceId or spanId"); span skipped")
            return nil
        }
        var flags: SpanFlags = []
        if let badParent {
            flags.insert(.invalidParent)
            problems.note("span \(spanID.hex): parentSpanId \(badParent) is not a valid span id; treated as a root")
        }
        let duration = SpanTimes.resolve(start: &startNs, end: endNs, flags: &flags, problems: &problems, names: .json)
        return Span(
            traceID: traceID, spanID: spanID, parentID: parentID, start: startNs, duration: duration,
            name: name, service: .empty, resource: ResourceID(slot.group), kind: kind, status: status, flags: flags,
            eventCount: events, linkCount: links,
            detail: DetailRef(source: sourceIndex, offset: start, length: slot.length))
    }

    /// Moves past an array whose extent the structural pass recorded; false (after skipping it
    /// the slow way) when the value is not where the record says.
    @inline(__always)
    @discardableResult
    static func jump(_ s: inout JSONScanner, _ r: SpanShape.Range, _ origin: Int) throws(JSONError) -> Bool {
        s.skipWhitespace()
        if !r.isEmpty && s.pos == origin + Int(r.start) {
            s.pos = origin + Int(r.end)
            return true
        }
        try s.skipStructure()
        return false
    }

    static func quoted(_ s: JSONScanner, _ v: JSONString) -> String {
        "\"" + String(s.text(v).prefix(40)) + "\""
    }
}

/// Processor count without Foundation.
enum System {
    /// SPANSCOPE_THREADS overrides the processor count (benchmarks compare 1 and 2).
    static var workerCount: Int {
        if let v = getenv("SPANSCOPE_THREADS"), let n = Int(String(cString: v)), n > 0 { return n }
        return activeProcessorCount
    }

    static var activeProcessorCount: Int {
        #if canImport(Glibc)
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
        #else
        return 1
        #endif
    }
}
