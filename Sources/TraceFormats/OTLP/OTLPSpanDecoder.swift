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
}

/// Decodes span objects (the hot path) from byte ranges, on every core for large inputs: each
/// worker takes a contiguous run of slots with its own string table, and the runs are merged in
/// file order, so the result does not depend on the number of workers.
enum OTLPSpanDecoder {
    /// Below this many spans one core is faster than starting workers.
    static let parallelThreshold = 20_000

    final class Chunk: @unchecked Sendable {
        var spans: [Span] = []
        var strings = StringTable()
        var problems = ProblemCounter()
        var error: JSONError? = nil
    }

    static func decode(
        _ slots: [SpanSlot], groups: [ResourceID], bytes: FileBytes, sourceIndex: UInt32,
        into set: inout TraceSet, problems: inout ProblemCounter
    ) throws(JSONError) {
        let workers = slots.count < parallelThreshold ? 1 : max(1, min(8, System.activeProcessorCount))
        let chunks = (0..<workers).map { _ in Chunk() }
        let per = (slots.count + workers - 1) / max(workers, 1)
        let work: @Sendable (Int) -> Void = { w in
            let chunk = chunks[w]
            let lo = w * per
            let hi = min(slots.count, lo + per)
            guard lo < hi else { return }
            chunk.spans.reserveCapacity(hi - lo)
            do throws(JSONError) {
                for i in lo..<hi {
                    let slot = slots[i]
                    var s = bytes.scanner(from: slot.offset, to: slot.offset + Int(slot.length))
                    if let span = try decodeSpan(&s, slot: slot, strings: &chunk.strings,
                                                 problems: &chunk.problems, sourceIndex: sourceIndex) {
                        chunk.spans.append(span)
                    }
                }
            } catch {
                chunk.error = error
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        if let e = chunks.compactMap(\.error).min(by: { $0.offset < $1.offset }) { throw e }

        let services = groups.map { $0 == .none ? StringID.empty : set.resources[Int($0.raw)].service }
        set.spans.reserveCapacity(set.spans.count + slots.count)
        for chunk in chunks {
            let names = chunk.strings.strings.map { set.strings.intern($0) }
            for var span in chunk.spans {
                let group = Int(span.resource.raw)
                span.name = names[Int(span.name.raw)]
                span.resource = groups[group]
                span.service = services[group]
                set.spans.append(span)
            }
            problems.merge(chunk.problems)
            if chunk.strings.invalidUTF8Count > 0 {
                problems.note("\(chunk.strings.invalidUTF8Count) span names are not valid UTF-8 (shown with U+FFFD)")
            }
        }
    }

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
        var hasStart = false
        var hasEnd = false
        var events: UInt32 = 0
        var links: UInt32 = 0
        var badID: String? = nil

        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "attributes") {
                try s.skipValue()
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
                startNs = try s.readInt64()
                hasStart = startNs != 0
            } else if s.key(k, is: "endtimeunixnano") {
                endNs = try s.readInt64()
                hasEnd = endNs != 0
            } else if s.key(k, is: "kind") {
                kind = try OTLPState.kind(&s)
            } else if s.key(k, is: "status") {
                status = try OTLPState.status(&s)
            } else if s.key(k, is: "events") {
                events = try OTLPState.count(&s)
            } else if s.key(k, is: "links") {
                links = try OTLPState.count(&s)
            } else {
                try s.skipValue()
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
        var duration: Int64 = 0
        if !hasStart { flags.insert(.missingStart); problems.count("spans have no startTimeUnixNano") }
        if !hasEnd { flags.insert(.missingDuration); problems.count("spans have no endTimeUnixNano") }
        if hasStart && hasEnd {
            if endNs >= startNs { duration = endNs - startNs } else {
                flags.insert(.endBeforeStart)
                problems.count("spans end before they start (duration set to 0)")
            }
        }
        return Span(
            traceID: traceID, spanID: spanID, parentID: parentID, start: startNs, duration: duration,
            name: name, service: .empty, resource: ResourceID(slot.group), kind: kind, status: status, flags: flags,
            eventCount: events, linkCount: links,
            detail: DetailRef(source: sourceIndex, offset: start, length: slot.length))
    }

    static func quoted(_ s: JSONScanner, _ v: JSONString) -> String {
        "\"" + String(s.text(v).prefix(40)) + "\""
    }
}

/// Processor count without Foundation.
enum System {
    static var activeProcessorCount: Int {
        #if canImport(Glibc)
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
        #else
        return 1
        #endif
    }
}
