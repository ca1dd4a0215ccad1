import TraceModel

/// Zipkin JSON: v2 (list of spans, list of lists in any mix, a bare span object), v1 (annotations
/// with endpoints, binaryAnnotations; also v2-shaped spans that carry v1 core annotations and no
/// kind), and Zipkin proto3 JSON (`{"spans":[…]}`, snake_case keys, base64 ids, enum kinds).
///
/// Normalisation (reference §2–3):
/// - ids: hex (any case) left-padded; a 32-digit trace id with a zero upper half is 64-bit; when
///   one trace appears with both 64- and 128-bit ids the 64-bit ones take the 128-bit id (Zipkin
///   keeps the longest). Invalid/missing/zero trace or span id → span skipped + warning; all-zero
///   parentId = root; invalid parentId → root + `.invalidParent` + warning.
/// - v1 spans are converted like Zipkin's `V1SpanConverter`: a span with `cs` and `sr` becomes a
///   client span and a `shared` server span (`DetailRef.variant` picks the half), times are
///   derived from core annotations when the span timestamp/duration are absent.
/// - pieces are merged like Zipkin's `Trace.merge`: same trace+span id, same `shared` flag and a
///   compatible local endpoint → one span (duplicates collapse); a SERVER after a CLIENT with the
///   same id gets `shared`; a shared span without parent inherits the client's parent. Extension:
///   a kind-less piece with neither timestamp nor duration (a late flush of tags) merges into the
///   same-id span on a compatible endpoint even if that one is `shared`.
/// - missing timestamp → start 0 + `.missingStart`; missing duration → 0 + `.missingDuration`;
///   negative → 0 + `.endBeforeStart`; each summarised in one warning line.
/// - error: a tag `error` (any value), or `otel.status_code` = "ERROR"; `otel.status_code` = "OK"
///   gives status ok.
/// - service: `localEndpoint.serviceName` as written (not lower-cased); absent → "unknown".
///   One resource per (service, ip), host = ipv4 or ipv6 (or "").
public enum ZipkinDecoder {
    /// Service name used when a span has no local endpoint service name.
    public static let unknownService = "unknown"

    /// Decodes one whole Zipkin document starting at the scanner's position.
    public static func decode(
        _ scanner: inout JSONScanner, bytes: FileBytes, into set: inout TraceSet, warnings: inout [String]
    ) throws(JSONError) {
        var d = ZipkinDecoding(bytes: bytes, source: UInt32(set.detailSources.count))
        switch scanner.peek() {
        case 0x5B:  // [
            try scanner.beginArray()
            var first = true
            while try scanner.nextElement(first: &first) {
                switch scanner.nextKind() {
                case .object: try d.readSpan(&scanner, &set, proto: false)
                case .array:
                    try scanner.beginArray()
                    var f = true
                    while try scanner.nextElement(first: &f) {
                        try d.readElement(&scanner, &set, proto: false)
                    }
                case .null: _ = scanner.consumeNull()
                default: throw scanner.error("expected a Zipkin span object or a list of spans")
                }
            }
        case 0x7B:  // {
            if isProtoEnvelope(scanner) {
                try scanner.beginObject()
                var first = true
                while let k = try scanner.nextKey(first: &first) {
                    guard scanner.key(k, is: "spans"), scanner.nextKind() == .array else {
                        try scanner.skipValue()
                        continue
                    }
                    try scanner.beginArray()
                    var f = true
                    while try scanner.nextElement(first: &f) {
                        try d.readElement(&scanner, &set, proto: true)
                    }
                }
            } else {
                try d.readSpan(&scanner, &set, proto: false)
            }
        default:
            throw scanner.error("expected a Zipkin span list or span object")
        }
        d.finish(into: &set, warnings: &warnings)
    }

    /// `{"spans": [...]}` (Zipkin proto3 `ListOfSpans` as JSON) rather than a bare span.
    static func isProtoEnvelope(_ scanner: JSONScanner) -> Bool {
        var s = scanner
        do {
            try s.beginObject()
            var first = true
            while let k = try s.nextKey(first: &first) {
                if s.key(k, is: "spans") { return s.nextKind() == .array }
                try s.skipValue()
            }
        } catch {
            return false
        }
        return false
    }
}

/// One v2 span (or v1 half) before merging.
struct ZipkinPiece {
    var traceID: TraceID
    var spanID: SpanID
    var parentID: SpanID
    var invalidParent: Bool
    var name: StringID
    var kind: SpanKind?
    /// µs, 0 = absent.
    var timestamp: Int64
    /// µs, nil = absent (may be negative).
    var duration: Int64?
    var shared: Bool
    var local: ZipkinEndpoint?
    var error: Bool
    var ok: Bool
    var eventCount: UInt32
    var ref: DetailRef
    var offset: Int
    var alive = true

    var isFragment: Bool { kind == nil && timestamp == 0 && duration == nil && !shared }
}

/// What the fast pass reads from a span object (tags and annotation texts stay in the bytes).
struct ZipkinHeader {
    var traceID: TraceID?
    var traceBad: String?
    var spanID: SpanID?
    var spanBad: String?
    var parentID = SpanID.zero
    var parentBad: String?
    var name = StringID.empty
    var kind: SpanKind?
    var timestamp: Int64 = 0
    var duration: Int64 = 0
    var shared = false
    var local: ZipkinEndpoint?
    var error = false
    var otelError = false
    var otelOK = false
    var annotationCount = 0
    var annotationHasEndpoint = false
    var hasCore = false
    var hasBinary = false
}

struct ZipkinDecoding {
    let bytes: FileBytes
    let source: UInt32
    var pieces: [ZipkinPiece] = []
    var mergedRefs: [Int: [DetailRef]] = [:]
    var warnings = ZipkinWarnings()

    init(bytes: FileBytes, source: UInt32) {
        self.bytes = bytes
        self.source = source
    }

    mutating func readElement(_ s: inout JSONScanner, _ set: inout TraceSet, proto: Bool) throws(JSONError) {
        switch s.nextKind() {
        case .object: try readSpan(&s, &set, proto: proto)
        case .null: _ = s.consumeNull()
        default: throw s.error("expected a Zipkin span object")
        }
    }

    // MARK: - One span object

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

    // MARK: - Merging and output

    mutating func finish(into set: inout TraceSet, warnings out: inout [String]) {
        widenTraceIDs()
        mergePieces()

        // Merged spans: their details are the union of the pieces' details.
        var table: [[DetailRef]] = []
        for (i, refs) in mergedRefs.sorted(by: { $0.key < $1.key }) where pieces[i].alive {
            pieces[i].ref = DetailRef(source: source, offset: table.count, length: 0, variant: ZipkinVariant.merged)
            table.append(refs)
        }
        let detailSource = ZipkinDetailSource(bytes: bytes, merged: table)

        var resources: [ResourceKey: ResourceID] = [:]
        let unknown = set.strings.intern(ZipkinDecoder.unknownService)
        set.spans.reserveCapacity(set.spans.count + pieces.count)
        for p in pieces where p.alive {
            var flags: SpanFlags = []
            if p.shared { flags.insert(.shared) }
            if p.invalidParent { flags.insert(.invalidParent) }
            var start: Int64 = 0
            if p.timestamp > 0 {
                start = ZipkinDetailSource.nanos(p.timestamp)
            } else {
                flags.insert(.missingStart)
                warnings.add(.noTimestamp, "span at byte \(p.offset) (id \(p.spanID.hex)): no timestamp; start set to 0 and flagged")
            }
            var duration: Int64 = 0
            if let d = p.duration, d > 0 {
                duration = ZipkinDetailSource.nanos(d)
            } else if let d = p.duration {
                flags.insert(.endBeforeStart)
                warnings.add(.negativeDuration, "span at byte \(p.offset) (id \(p.spanID.hex)): duration \(d) µs is negative; set to 0")
            } else {
                flags.insert(.missingDuration)
                warnings.add(.noDuration, "span at byte \(p.offset) (id \(p.spanID.hex)): no duration; set to 0 and flagged")
            }

            let serviceText = p.local?.service ?? ZipkinDecoder.unknownService
            let service = p.local?.service.map { set.strings.intern($0) } ?? unknown
            let key = ResourceKey(service: serviceText, ip: p.local?.ip ?? "")
            let resource: ResourceID
            if let r = resources[key] {
                resource = r
            } else {
                var attrs: [Attribute] = []
                if let sname = p.local?.service { attrs.append(Attribute("service.name", .string(sname))) }
                if let v4 = p.local?.ipv4 { attrs.append(Attribute("net.host.ip", .string(v4))) }
                if let v6 = p.local?.ipv6 { attrs.append(Attribute(p.local?.ipv4 == nil ? "net.host.ip" : "net.host.ipv6", .string(v6))) }
                resource = set.addResource(Resource(service: service, host: key.ip, attributes: attrs))
                resources[key] = resource
            }

            var eventCount = p.eventCount
            if p.ref.variant & ZipkinVariant.merged != 0 {
                eventCount = UInt32(clamping: detailSource.details(p.ref).events.count)
            }
            set.spans.append(Span(
                traceID: p.traceID, spanID: p.spanID, parentID: p.invalidParent ? .zero : p.parentID,
                start: start, duration: duration, name: p.name, service: service, resource: resource,
                kind: p.kind ?? .internal, status: p.error ? .error : (p.ok ? .ok : .unset),
                flags: flags, eventCount: eventCount, linkCount: 0, detail: p.ref))
        }
        let added = set.addDetailSource(detailSource)
        assert(added == source)
        warnings.emit(into: &out)
    }

    struct ResourceKey: Hashable {
        var service: String
        var ip: String
    }

    /// One trace seen with 64-bit and 128-bit ids: give the 64-bit spans the 128-bit id
    /// (Zipkin's `Trace.merge` keeps the longest), unless the low half is ambiguous.
    mutating func widenTraceIDs() {
        var anyShort = false, anyLong = false
        for p in pieces {
            if p.traceID.high == 0 { anyShort = true } else { anyLong = true }
        }
        guard anyShort && anyLong else { return }
        var high: [UInt64: UInt64] = [:]  // low → high, 0 = ambiguous
        for p in pieces where p.traceID.high != 0 {
            if let h = high[p.traceID.low] {
                if h != p.traceID.high { high[p.traceID.low] = 0 }
            } else {
                high[p.traceID.low] = p.traceID.high
            }
        }
        for i in pieces.indices where pieces[i].traceID.high == 0 {
            if let h = high[pieces[i].traceID.low], h != 0 { pieces[i].traceID.high = h }
        }
    }

    struct PieceKey: Hashable {
        var trace: TraceID
        var span: SpanID
    }

    mutating func mergePieces() {
        var head: [PieceKey: Int] = [:]
        var groups: [Int: [Int]] = [:]  // head → all members (only for groups of 2+)
        for i in pieces.indices {
            let key = PieceKey(trace: pieces[i].traceID, span: pieces[i].spanID)
            if let h = head[key] {
                groups[h, default: [h]].append(i)
            } else {
                head[key] = i
            }
        }
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) { mergeGroup(members) }
    }

    /// Zipkin's `Trace.merge` for the pieces sharing one (trace id, span id).
    mutating func mergeGroup(_ members: [Int]) {
        // Extension: tag-only flush pieces join a compatible span, preferring a shared one.
        let candidates = members.filter { !pieces[$0].isFragment }
        for f in members where pieces[f].isFragment && !candidates.isEmpty {
            let target = candidates.first { pieces[$0].shared && ZipkinEndpointTracker.compatible(pieces[$0].local, pieces[f].local) }
                ?? candidates.first { ZipkinEndpointTracker.compatible(pieces[$0].local, pieces[f].local) }
            if let t = target { merge(f, into: t) }
        }

        var order = members.filter { pieces[$0].alive }
        order.sort { a, b in
            let c = compare(pieces[a], pieces[b])
            return c != 0 ? c < 0 : a < b
        }
        var last: Int?
        var i = 0
        while i < order.count {
            let a = order[i]
            var tracker = ZipkinEndpointTracker()
            _ = tracker.tryMerge(pieces[a].local)
            var j = i + 1
            while j < order.count {
                let b = order[j]
                guard pieces[a].shared == pieces[b].shared, tracker.tryMerge(pieces[b].local) else { break }
                merge(b, into: a)
                j += 1
            }
            if let l = last {
                if pieces[l].kind == .client && pieces[a].kind == .server && !pieces[a].shared {
                    pieces[a].shared = true
                }
                if pieces[a].shared && pieces[a].parentID.isZero && !pieces[l].parentID.isZero {
                    pieces[a].parentID = pieces[l].parentID
                    pieces[a].invalidParent = false
                }
            }
            last = a
            i = j
        }
    }

    /// Zipkin's cleanup order: not-shared first (clients first among those), then local
    /// endpoint (absent first; service, ipv4, ipv6 with absent values last).
    func compare(_ l: ZipkinPiece, _ r: ZipkinPiece) -> Int {
        if l.shared != r.shared { return l.shared ? 1 : -1 }
        if !l.shared {
            let lc = l.kind == .client, rc = r.kind == .client
            if lc != rc { return lc ? -1 : 1 }
        }
        switch (l.local, r.local) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (a?, b?):
            for (x, y) in [(a.service, b.service), (a.ipv4, b.ipv4), (a.ipv6, b.ipv6)] {
                switch (x, y) {
                case (nil, nil): continue
                case (nil, _): return 1
                case (_, nil): return -1
                case let (x?, y?): if x != y { return x < y ? -1 : 1 }
                }
            }
            return 0
        }
    }

    /// Fills `a`'s absent fields from `b` (Zipkin's `Span.Builder.merge`) and retires `b`.
    mutating func merge(_ b: Int, into a: Int) {
        let pb = pieces[b]
        var pa = pieces[a]
        if pa.parentID.isZero && !pa.invalidParent {
            pa.parentID = pb.parentID
            pa.invalidParent = pb.invalidParent
        }
        if pa.kind == nil { pa.kind = pb.kind }
        if pa.name == .empty { pa.name = pb.name }
        if pa.timestamp == 0 { pa.timestamp = pb.timestamp }
        if pa.duration == nil { pa.duration = pb.duration }
        if pa.local == nil { pa.local = pb.local } else { pa.local?.fill(from: pb.local) }
        pa.shared = pa.shared || pb.shared
        pa.error = pa.error || pb.error
        pa.ok = pa.ok || pb.ok
        pieces[a] = pa
        pieces[b].alive = false

        var refs = mergedRefs.removeValue(forKey: a) ?? [pa.ref]
        refs.append(contentsOf: mergedRefs.removeValue(forKey: b) ?? [pb.ref])
        mergedRefs[a] = refs
        warnings.add(.merged, "span at byte \(pb.offset) (id \(pb.spanID.hex)): same id reported again; merged with the piece at byte \(pa.offset)")
    }
}

/// Counts repeated problems and reports each kind once.
struct ZipkinWarnings {
    enum Kind: Int, CaseIterable {
        case badTraceID, badSpanID, badParent, tooManyHalves, noTimestamp, noDuration, negativeDuration, merged

        var summary: String {
            switch self {
            case .badTraceID: return "spans were skipped: missing or invalid traceId"
            case .badSpanID: return "spans were skipped: missing or invalid span id"
            case .badParent: return "spans have an invalid parentId and are treated as roots"
            case .tooManyHalves: return "v1 spans had more than 32 endpoints"
            case .noTimestamp: return "spans have no timestamp (start set to 0, flagged missingStart)"
            case .noDuration: return "spans have no duration (set to 0, flagged missingDuration)"
            case .negativeDuration: return "spans end before they start (duration set to 0)"
            case .merged: return "span records repeat an id already seen and were merged into one span (Zipkin sends spans in pieces)"
            }
        }
    }

    var counts = [Int](repeating: 0, count: Kind.allCases.count)
    var firsts = [String](repeating: "", count: Kind.allCases.count)

    mutating func add(_ kind: Kind, _ message: @autoclosure () -> String) {
        if counts[kind.rawValue] == 0 { firsts[kind.rawValue] = message() }
        counts[kind.rawValue] += 1
    }

    func count(_ kind: Kind) -> Int { counts[kind.rawValue] }

    func emit(into out: inout [String]) {
        for k in Kind.allCases where counts[k.rawValue] > 0 {
            let n = counts[k.rawValue]
            out.append(n == 1 ? firsts[k.rawValue] : "\(n) \(k.summary); first: \(firsts[k.rawValue])")
        }
    }
}
