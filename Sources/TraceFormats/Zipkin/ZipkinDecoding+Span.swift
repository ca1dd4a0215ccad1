import TraceModel

extension ZipkinDecoding {
    mutating func readSpan(_ s: inout JSONScanner, _ set: inout TraceSet, proto: Bool) throws(JSONError) {
        _ = s.peek()
        let start = s.pos
        var h = ZipkinHeader()
        try readHeader(&s, &set, proto: proto, into: &h)
        let length = s.pos - start
        guard length <= Int(UInt32.max) else { throw s.error("span object too large", at: start) }

        guard let traceID = h.traceID, !traceID.isZero else {
            let what = h.traceBad.map { "traceId \"\($0)\" is not a valid id" } ?? "no valid traceId"
            warnings.add(.badTraceID, "span at byte \(start): \(what); span skipped")
            return
        }
        guard let spanID = h.spanID, !spanID.isZero else {
            let what = h.spanBad.map { "id \"\($0)\" is not a valid span id" } ?? "no valid span id"
            warnings.add(.badSpanID, "span at byte \(start): \(what); span skipped")
            return
        }
        if let bad = h.parentBad {
            warnings.add(.badParent, "span at byte \(start) (id \(spanID.hex)): parentId \"\(bad)\" is not a valid hex id; treated as a root")
        }

        let isV1 = h.hasBinary || h.annotationHasEndpoint || (h.kind == nil && h.hasCore)
        let base: UInt8 = proto ? ZipkinVariant.proto : 0
        if !isV1 {
            pieces.append(ZipkinPiece(
                traceID: traceID, spanID: spanID, parentID: h.parentID, invalidParent: h.parentBad != nil,
                name: h.name, kind: h.kind, timestamp: h.timestamp, duration: h.duration == 0 ? nil : h.duration,
                shared: h.shared, local: h.local, error: h.error || h.otelError, ok: h.otelOK,
                eventCount: UInt32(clamping: h.annotationCount),
                ref: DetailRef(source: source, offset: start, length: UInt32(length), variant: base),
                offset: start))
            return
        }

        var sub = bytes.scanner(from: start, to: start + length)
        var full = ZipkinFullSpan()
        try full.parse(&sub, proto: proto)
        full.adoptV2Fields()
        let halves = ZipkinV1Converter.convert(full)
        if halves.count > Int(ZipkinVariant.halfMask) + 1 {
            warnings.add(.tooManyHalves, "span at byte \(start) (id \(spanID.hex)): v1 span with \(halves.count) endpoints; only the first 32 kept")
        }
        for (i, half) in halves.prefix(Int(ZipkinVariant.halfMask) + 1).enumerated() {
            var error = false, otelError = false, ok = false
            for t in half.tags {
                if t.key == "error" { error = true }
                if t.key == "otel.status_code" {
                    if t.value == "ERROR" { otelError = true } else if t.value == "OK" { ok = true }
                }
            }
            pieces.append(ZipkinPiece(
                traceID: traceID, spanID: spanID, parentID: h.parentID, invalidParent: h.parentBad != nil,
                name: h.name, kind: half.kind, timestamp: max(0, half.timestamp),
                duration: half.duration == 0 ? nil : half.duration,
                shared: half.shared, local: half.endpoint, error: error || otelError, ok: ok,
                eventCount: UInt32(clamping: half.annotations.count),
                ref: DetailRef(source: source, offset: start, length: UInt32(length), variant: base | ZipkinVariant.v1 | UInt8(i)),
                offset: start))
        }
    }

    /// The fast pass: ids, name, kind, times, shared, local endpoint, error flags, and what is
    /// needed to tell a v1 span from a v2 one.
    mutating func readHeader(_ s: inout JSONScanner, _ set: inout TraceSet, proto: Bool, into h: inout ZipkinHeader) throws(JSONError) {
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.key(k, is: "traceid") {
                guard s.nextKind() == .string else { try s.skipValue(); h.traceBad = "(not a string)"; continue }
                let v = try s.readString()
                h.traceID = s.withBytes(v) { proto ? IDBytes.parseOTLPTraceID($0) : IDBytes.parseHexTraceID($0) }
                if h.traceID == nil { h.traceBad = Self.shown(s, v) }
            } else if s.key(k, is: "id") {
                guard s.nextKind() == .string else { try s.skipValue(); h.spanBad = "(not a string)"; continue }
                let v = try s.readString()
                h.spanID = s.withBytes(v) { proto ? IDBytes.parseOTLPSpanID($0) : IDBytes.parseHexSpanID($0) }
                if h.spanID == nil { h.spanBad = Self.shown(s, v) }
            } else if s.key(k, is: "parentid") {
                if s.consumeNull() { continue }
                guard s.nextKind() == .string else { try s.skipValue(); h.parentBad = "(not a string)"; continue }
                let v = try s.readString()
                if let p = s.withBytes(v, { proto ? IDBytes.parseOTLPSpanID($0) : IDBytes.parseHexSpanID($0) }) {
                    h.parentID = p  // all-zero or "" = root
                } else {
                    h.parentBad = Self.shown(s, v)
                }
            } else if s.key(k, is: "name") {
                guard s.nextKind() == .string else { try s.skipValue(); continue }
                let v = try s.readString()
                h.name = s.withBytes(v) { set.strings.intern(bytes: $0) }
            } else if s.key(k, is: "kind") {
                h.kind = try ZipkinJSON.readKind(&s)
            } else if s.key(k, is: "timestamp") {
                h.timestamp = max(0, try ZipkinJSON.readLenientInt(&s) ?? 0)
            } else if s.key(k, is: "duration") {
                h.duration = try ZipkinJSON.readLenientInt(&s) ?? 0
            } else if s.key(k, is: "shared") {
                h.shared = try ZipkinJSON.readLenientBool(&s)
            } else if s.key(k, is: "localendpoint") {
                h.local = try ZipkinJSON.readEndpoint(&s, proto: proto)
            } else if s.key(k, is: "tags") {
                guard s.nextKind() == .object else { try s.skipValue(); continue }
                try s.beginObject()
                var f = true
                while let tk = try s.nextKey(first: &f) {
                    if s.string(tk, equals: "error") {
                        h.error = true
                        try s.skipValue()
                    } else if s.string(tk, equals: "otel.status_code"), s.nextKind() == .string {
                        let v = try s.readString()
                        if s.string(v, equals: "ERROR") { h.otelError = true } else if s.string(v, equals: "OK") { h.otelOK = true }
                    } else {
                        try s.skipValue()
                    }
                }
            } else if s.key(k, is: "annotations") {
                guard s.nextKind() == .array else { try s.skipValue(); continue }
                try s.beginArray()
                var f = true
                while try s.nextElement(first: &f) {
                    guard s.nextKind() == .object else { try s.skipValue(); continue }
                    h.annotationCount += 1
                    try s.beginObject()
                    var g = true
                    while let ak = try s.nextKey(first: &g) {
                        if s.key(ak, is: "value"), s.nextKind() == .string {
                            let v = try s.readString()
                            if s.withBytes(v, { ZipkinCore($0) })?.isKindAnnotation == true { h.hasCore = true }
                        } else if s.key(ak, is: "endpoint") {
                            if s.nextKind() == .object { h.annotationHasEndpoint = true }
                            try s.skipValue()
                        } else {
                            try s.skipValue()
                        }
                    }
                }
            } else if s.key(k, is: "binaryannotations") {
                h.hasBinary = true
                try s.skipValue()
            } else {
                try s.skipValue()
            }
        }
    }

    /// An id as shown in a warning (shortened).
    static func shown(_ s: JSONScanner, _ v: JSONString) -> String {
        let t = s.text(v)
        return t.count > 40 ? String(t.prefix(40)) + "…" : t
    }
}
