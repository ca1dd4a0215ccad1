import TraceModel

/// State of decoding one protobuf request (traces or logs) into a fresh `TraceSet`: what the
/// two signals share (resources, string checks, problems). See `OTLPProtobuf` for the rules.
struct ProtoDecoder {
    let bytes: FileBytes
    let base: UnsafePointer<UInt8>
    var set = TraceSet()
    var problems = ProblemCounter()
    var check: ProtoCheck
    /// Scope of each run of spans, for the detail source (as in the JSON decoder).
    var scopes: [ScopeRange] = []
    /// Identical resources (one per batch of an SDK, repeated per ResourceSpans) share one entry.
    var resourceCache: [UInt64: [(range: Range<Int>, id: ResourceID)]] = [:]
    /// Spans or log records not taken (invalid ids).
    var rejected = 0
    /// The span that held the first string that is not UTF-8, for the warning.
    var firstInvalidUTF8Span: String? = nil

    init(_ bytes: FileBytes) {
        self.bytes = bytes
        base = bytes.base
        check = ProtoCheck(bytes.base)
    }

    static let unknownService = "unknown_service"

    /// Each top-level field 1 (`resource_spans` / `resource_logs`), named for error paths.
    mutating func request(_ name: StaticString, _ body: (inout ProtoDecoder, Range<Int>, Int) throws(ProtoError) -> Void) throws(ProtoError) {
        var i = 0
        try ProtoReader.fields(base, 0..<bytes.count) { (r, at, f, w) throws(ProtoError) in
            guard f == 1 else { return false }
            at.set(name, i)
            try r.expect(w, .length)
            try body(&self, try r.lengthDelimited(), i)
            i += 1
            return true
        }
    }

    /// `ResourceSpans` / `ResourceLogs`: the resource, the scope groups (field 2, `scopes` in
    /// error paths) given to `scope` with their index, the schema URL. The resource is read
    /// last (it may follow its spans); nil when the message has none.
    ///
    /// Field 1000 (reserved since v0.19) held the deprecated `instrumentation_library_spans` /
    /// `_logs`, whose messages have the same field numbers; the Collector still reads it as
    /// `deprecated_scope_spans`, and the JSON decoder its JSON keys, so it is read the same way.
    mutating func resourceGroup(
        _ range: Range<Int>, _ scopes: StaticString, _ deprecated: StaticString,
        _ scope: (inout ProtoDecoder, Range<Int>, Int) throws(ProtoError) -> Void
    ) throws(ProtoError) -> ResourceID? {
        var resources: [Range<Int>] = []
        var scopeIndex = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("resource"); try r.expect(w, .length); resources.append(try r.lengthDelimited())
            case 2, 1000:
                at.set(f == 2 ? scopes : deprecated, scopeIndex)
                try r.expect(w, .length)
                try scope(&self, try r.lengthDelimited(), scopeIndex)
                scopeIndex += 1
            case 3: at.set("schema_url"); try check.string(&r, w)
            default: return false
            }
            return true
        }
        do { return try resource(resources) } catch { throw error.within("resource") }
    }

    /// A `Resource` (usually one range; a repeated message field is merged, as protobuf says).
    /// Nil when the message had none.
    mutating func resource(_ ranges: [Range<Int>]) throws(ProtoError) -> ResourceID? {
        guard let first = ranges.first else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        if ranges.count == 1 {
            for i in first { hash = (hash ^ UInt64(base[i])) &* 0x100_0000_01b3 }
            for seen in resourceCache[hash] ?? [] where seen.range.count == first.count
                && memcmp(base + seen.range.lowerBound, base + first.lowerBound, first.count) == 0 {
                return seen.id
            }
        }
        var attributes: [Attribute] = []
        for range in ranges {
            try check.resource(range)
            var r = ProtoReader(base, range)
            while let (f, w) = try r.next() {
                if f == 1 {
                    attributes.append(try ProtoValues.keyValue(base, try r.lengthDelimited()))
                } else {
                    try r.skip(w, field: f)
                }
            }
        }
        let service = set.strings.intern(OTLPValues.serviceName(attributes) ?? Self.unknownService)
        let id = set.addResource(Resource(service: service, host: OTLPValues.hostKey(attributes), attributes: attributes))
        if ranges.count == 1 { resourceCache[hash, default: []].append((first, id)) }
        return id
    }

    /// Warnings of the whole request, including the count of repaired strings.
    func warnings() -> [String] {
        var out = problems.lines()
        if check.invalidUTF8 > 0 {
            let span = firstInvalidUTF8Span.map { " (\($0))" } ?? ""
            out.append("\(Plural.counted(check.invalidUTF8, "string is", "strings are")) not valid UTF-8 (shown with U+FFFD); the first at byte \(check.firstInvalidUTF8)\(span)")
        }
        return out
    }

    /// A 16-byte trace id (big-endian, as W3C and OTLP write it); nil for any other length.
    @inline(__always)
    static func traceID(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> TraceID? {
        guard r.count == 16 else { return nil }
        let p = UnsafeRawPointer(base + r.lowerBound)
        return TraceID(high: UInt64(bigEndian: p.loadUnaligned(as: UInt64.self)),
                       low: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// An 8-byte span id; nil for any other length.
    @inline(__always)
    static func spanID(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> SpanID? {
        guard r.count == 8 else { return nil }
        return SpanID(UInt64(bigEndian: UnsafeRawPointer(base + r.lowerBound).loadUnaligned(as: UInt64.self)))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
