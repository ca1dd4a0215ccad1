import TraceModel

/// `KeyValue` and `AnyValue` (common.proto) in protobuf: checked on the span path without
/// building anything (`ProtoCheck`), built into the model for resources, scopes, log records
/// and on-demand span details (`ProtoValues`).
///
/// Nesting is counted as the JSON decoder counts it (`OTLPValues.maxDepth`: a top-level value
/// is depth 1, an array element one more, a kvlist's values two more); deeper is an error
/// here, so everything accepted decodes to the same values as its OTLP/JSON form.
enum ProtoValues {
    static var maxDepth: Int { OTLPValues.maxDepth }

    /// Text of a `string` field; invalid UTF-8 becomes U+FFFD (the check counted it).
    @inline(__always)
    static func text(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count), as: UTF8.self)
    }

    static func keyValue(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, depth: Int = 0) throws(ProtoError) -> Attribute {
        var r = ProtoReader(base, range)
        var a = Attribute("", .empty)
        while let (f, w) = try r.next() {
            switch f {
            case 1: try r.expect(w, .length); a.key = text(base, try r.lengthDelimited())
            case 2: try r.expect(w, .length); a.value = try anyValue(base, try r.lengthDelimited(), depth: depth + 1)
            default: try r.skip(w, field: f)
            }
        }
        return a
    }

    static func anyValue(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, depth: Int) throws(ProtoError) -> AttributeValue {
        guard depth <= maxDepth else { throw tooDeep(range.lowerBound) }
        var r = ProtoReader(base, range)
        var v = AttributeValue.empty
        // A oneof: the last member on the wire wins.
        while let (f, w) = try r.next() {
            switch f {
            case 1: try r.expect(w, .length); v = .string(text(base, try r.lengthDelimited()))
            case 2: try r.expect(w, .varint); v = .bool(try r.varint() != 0)
            case 3: try r.expect(w, .varint); v = .int(Int64(bitPattern: try r.varint()))
            case 4: try r.expect(w, .fixed64); v = .double(Double(bitPattern: try r.fixed64()))
            case 5:
                try r.expect(w, .length)
                var items: [AttributeValue] = []
                try repeated(base, try r.lengthDelimited()) { (b, e) throws(ProtoError) in
                    items.append(try anyValue(b, e, depth: depth + 1))
                }
                v = .array(items)
            case 6:
                try r.expect(w, .length)
                var items: [Attribute] = []
                try repeated(base, try r.lengthDelimited()) { (b, e) throws(ProtoError) in
                    items.append(try keyValue(b, e, depth: depth + 1))
                }
                v = .keyValues(items)
            case 7:
                try r.expect(w, .length)
                let b = try r.lengthDelimited()
                v = .bytes(Array(UnsafeBufferPointer(start: base + b.lowerBound, count: b.count)))
            default: try r.skip(w, field: f)
            }
        }
        return v
    }

    /// The elements of `ArrayValue.values` / `KeyValueList.values` (field 1 of both).
    @inline(__always)
    static func repeated(
        _ base: UnsafePointer<UInt8>, _ range: Range<Int>,
        _ body: (UnsafePointer<UInt8>, Range<Int>) throws(ProtoError) -> Void
    ) throws(ProtoError) {
        var r = ProtoReader(base, range)
        while let (f, w) = try r.next() {
            if f == 1 {
                try r.expect(w, .length)
                try body(base, try r.lengthDelimited())
            } else {
                try r.skip(w, field: f)
            }
        }
    }

    static func tooDeep(_ offset: Int) -> ProtoError {
        ProtoError(offset: offset, message: "values nested more than \(maxDepth) deep")
    }

    /// `InstrumentationScope`: name, version, attributes (checked by `ProtoCheck.scope`).
    static func scope(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, into s: inout ScopeRange) throws(ProtoError) {
        var r = ProtoReader(base, range)
        while let (f, w) = try r.next() {
            switch f {
            case 1: try r.expect(w, .length); s.name = text(base, try r.lengthDelimited())
            case 2: try r.expect(w, .length); s.version = text(base, try r.lengthDelimited())
            case 3: try r.expect(w, .length); s.attributes.append(try keyValue(base, try r.lengthDelimited()))
            default: try r.skip(w, field: f)
            }
        }
    }
}

/// The field being read, for the path of an error; names are static and the index is only
/// formatted when an error leaves the level, so tracking it costs two stores per field.
struct FieldAt {
    var name: StaticString = ""
    var index = -1

    @inline(__always)
    mutating func set(_ name: StaticString, _ index: Int = -1) {
        self.name = name
        self.index = index
    }

    func wrap(_ e: ProtoError) -> ProtoError {
        if name.utf8CodeUnitCount == 0 { return e }
        return e.within(index >= 0 ? "\(name)[\(index)]" : "\(name)")
    }
}

extension ProtoReader {
    /// Every field of the message `range`: `body` reads the fields it knows, naming each in
    /// `at` for the path of an error, and returns false for the others, which are skipped by
    /// wire type.
    @inline(__always)
    static func fields(
        _ base: UnsafePointer<UInt8>, _ range: Range<Int>,
        _ body: (inout ProtoReader, inout FieldAt, UInt32, WireType) throws(ProtoError) -> Bool
    ) throws(ProtoError) {
        var r = ProtoReader(base, range)
        var at = FieldAt()
        do {
            while let (f, w) = try r.next() {
                if try !body(&r, &at, f, w) {
                    at.set("")
                    try r.skip(w, field: f)
                }
            }
        } catch { throw at.wrap(error) }
    }
}

/// Structural checks of the parts of a message that are kept as bytes (span attributes, events,
/// links): wire types of known fields, lengths, nesting, UTF-8 of strings. What passes decodes
/// later without error, so a receiver can refuse bad data before acknowledging it.
struct ProtoCheck {
    let base: UnsafePointer<UInt8>
    /// Strings that are not valid UTF-8 (they are shown with U+FFFD), and where the first was.
    var invalidUTF8 = 0
    var firstInvalidUTF8 = -1

    init(_ base: UnsafePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func string(_ r: Range<Int>) {
        if !UTF8Check.isValid(base + r.lowerBound, r.count) {
            if invalidUTF8 == 0 { firstInvalidUTF8 = r.lowerBound }
            invalidUTF8 += 1
        }
    }

    /// A string field: wire type, length, UTF-8.
    @inline(__always)
    mutating func string(_ r: inout ProtoReader, _ w: WireType) throws(ProtoError) {
        try r.expect(w, .length)
        string(try r.lengthDelimited())
    }

    /// A scalar field: only its wire type matters.
    @inline(__always)
    func scalar(_ r: inout ProtoReader, _ w: WireType, _ want: WireType) throws(ProtoError) {
        try r.expect(w, want)
        try r.skip(w, field: 0)
    }

    /// A message field checked by `check` (a method of this type, given its payload).
    @inline(__always)
    mutating func message(_ r: inout ProtoReader, _ w: WireType, _ check: (inout ProtoCheck, Range<Int>) throws(ProtoError) -> Void) throws(ProtoError) {
        try r.expect(w, .length)
        try check(&self, try r.lengthDelimited())
    }

    mutating func keyValue(_ range: Range<Int>, depth: Int = 0) throws(ProtoError) {
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("key"); try string(&r, w)
            case 2: at.set("value"); try message(&r, w) { (c, v) throws(ProtoError) in try c.anyValue(v, depth: depth + 1) }
            case 3: at.set("key_strindex"); try scalar(&r, w, .varint)
            default: return false
            }
            return true
        }
    }

    mutating func anyValue(_ range: Range<Int>, depth: Int) throws(ProtoError) {
        guard depth <= ProtoValues.maxDepth else { throw ProtoValues.tooDeep(range.lowerBound) }
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("string_value"); try string(&r, w)
            case 2: at.set("bool_value"); try scalar(&r, w, .varint)
            case 3: at.set("int_value"); try scalar(&r, w, .varint)
            case 4: at.set("double_value"); try scalar(&r, w, .fixed64)
            case 5:
                at.set("array_value")
                try message(&r, w) { (c, items) throws(ProtoError) in
                    try c.values(items) { (c, e) throws(ProtoError) in try c.anyValue(e, depth: depth + 1) }
                }
            case 6:
                at.set("kvlist_value")
                try message(&r, w) { (c, items) throws(ProtoError) in
                    try c.values(items) { (c, e) throws(ProtoError) in try c.keyValue(e, depth: depth + 1) }
                }
            case 7: at.set("bytes_value"); try scalar(&r, w, .length)
            case 8: at.set("string_value_strindex"); try scalar(&r, w, .varint)
            default: return false
            }
            return true
        }
    }

    /// Every element of `values` (field 1 of ArrayValue and KeyValueList).
    mutating func values(_ range: Range<Int>, _ element: (inout ProtoCheck, Range<Int>) throws(ProtoError) -> Void) throws(ProtoError) {
        var i = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            guard f == 1 else { return false }
            at.set("values", i)
            i += 1
            try message(&r, w, element)
            return true
        }
    }

    /// One element of a repeated KeyValue field (`attributes`), counted in `index`.
    @inline(__always)
    mutating func attribute(_ r: inout ProtoReader, _ w: WireType, _ at: inout FieldAt, _ index: inout Int) throws(ProtoError) {
        at.set("attributes", index)
        index += 1
        try message(&r, w) { (c, kv) throws(ProtoError) in try c.keyValue(kv) }
    }

    /// `InstrumentationScope`: name, version, attributes, dropped count.
    mutating func scope(_ range: Range<Int>) throws(ProtoError) {
        var attributes = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("name"); try string(&r, w)
            case 2: at.set("version"); try string(&r, w)
            case 3: try attribute(&r, w, &at, &attributes)
            case 4: at.set("dropped_attributes_count"); try scalar(&r, w, .varint)
            default: return false
            }
            return true
        }
    }

    /// `Resource`: attributes, dropped count, entity references (strings only).
    mutating func resource(_ range: Range<Int>) throws(ProtoError) {
        var attributes = 0, refs = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: try attribute(&r, w, &at, &attributes)
            case 2: at.set("dropped_attributes_count"); try scalar(&r, w, .varint)
            case 3:
                at.set("entity_refs", refs)
                refs += 1
                try message(&r, w) { (c, e) throws(ProtoError) in try c.entityRef(e) }
            default: return false
            }
            return true
        }
    }

    /// `EntityRef`: schema_url, type, id_keys, description_keys: all strings.
    mutating func entityRef(_ range: Range<Int>) throws(ProtoError) {
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            guard f >= 1 && f <= 4 else { return false }
            at.set(Self.entityRefNames[Int(f) - 1])
            try string(&r, w)
            return true
        }
    }

    static let entityRefNames: [StaticString] = ["schema_url", "type", "id_keys", "description_keys"]

    /// `Span.Event`: time, name, attributes.
    mutating func event(_ range: Range<Int>) throws(ProtoError) {
        var attributes = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("time_unix_nano"); try scalar(&r, w, .fixed64)
            case 2: at.set("name"); try string(&r, w)
            case 3: try attribute(&r, w, &at, &attributes)
            case 4: at.set("dropped_attributes_count"); try scalar(&r, w, .varint)
            default: return false
            }
            return true
        }
    }

    /// `Span.Link`: ids (any length here; the details decoder keeps 16 and 8 bytes, else
    /// zero, as the JSON decoder does), trace state, attributes, counts, flags.
    mutating func link(_ range: Range<Int>) throws(ProtoError) {
        var attributes = 0
        try ProtoReader.fields(base, range) { (r, at, f, w) throws(ProtoError) in
            switch f {
            case 1: at.set("trace_id"); try scalar(&r, w, .length)
            case 2: at.set("span_id"); try scalar(&r, w, .length)
            case 3: at.set("trace_state"); try string(&r, w)
            case 4: try attribute(&r, w, &at, &attributes)
            case 5: at.set("dropped_attributes_count"); try scalar(&r, w, .varint)
            case 6: at.set("flags"); try scalar(&r, w, .fixed32)
            default: return false
            }
            return true
        }
    }
}
