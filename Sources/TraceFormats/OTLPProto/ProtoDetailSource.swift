import TraceModel

/// Decodes a protobuf span's attributes, events, links, trace state and status message from its
/// bytes (the `Span` message, kept in the request's buffer) when a view asks. The span path
/// checked these bytes already; damage still only ends decoding early, never crashes.
struct ProtoDetailSource: SpanDetailSource {
    let bytes: FileBytes
    /// Sorted by `firstOffset`, as spans are decoded in order.
    let scopes: [ScopeRange]
    var unavailable: String? { bytes.unavailable }

    func details(_ ref: DetailRef) -> SpanDetails {
        var d = SpanDetails()
        if let scope = OTLPDetailSource(bytes: bytes, scopes: scopes).scope(at: ref.offset) {
            d.scopeName = scope.name
            d.scopeVersion = scope.version
            d.scopeAttributes = scope.attributes
        }
        guard ref.offset >= 0, ref.offset + Int(ref.length) <= bytes.count else { return d }
        do throws(ProtoError) {
            try Self.decode(bytes.base, ref.offset..<ref.offset + Int(ref.length), into: &d)
        } catch {
            // Keep what was decoded before the damage.
        }
        return d
    }

    static func decode(_ base: UnsafePointer<UInt8>, _ range: Range<Int>, into d: inout SpanDetails) throws(ProtoError) {
        var r = ProtoReader(base, range)
        while let (f, w) = try r.next() {
            switch (f, w) {
            case (3, .length): d.traceState = ProtoValues.text(base, try r.lengthDelimited())
            case (9, .length): d.attributes.append(try ProtoValues.keyValue(base, try r.lengthDelimited()))
            case (11, .length): d.events.append(try event(base, try r.lengthDelimited()))
            case (13, .length): d.links.append(try link(base, try r.lengthDelimited()))
            case (15, .length):
                var s = ProtoReader(base, try r.lengthDelimited())
                while let (f2, w2) = try s.next() {
                    if f2 == 2, w2 == .length { d.statusMessage = ProtoValues.text(base, try s.lengthDelimited()) }
                    else { try s.skip(w2, field: f2) }
                }
            default: try r.skip(w, field: f)
            }
        }
    }

    static func event(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) throws(ProtoError) -> SpanEvent {
        var e = SpanEvent(time: 0, name: "")
        var r = ProtoReader(base, range)
        while let (f, w) = try r.next() {
            switch (f, w) {
            case (1, .fixed64): e.time = Int64(bitPattern: try r.fixed64())
            case (2, .length): e.name = ProtoValues.text(base, try r.lengthDelimited())
            case (3, .length): e.attributes.append(try ProtoValues.keyValue(base, try r.lengthDelimited()))
            default: try r.skip(w, field: f)
            }
        }
        return e
    }

    static func link(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) throws(ProtoError) -> SpanLink {
        var l = SpanLink(traceID: .zero, spanID: .zero)
        var r = ProtoReader(base, range)
        while let (f, w) = try r.next() {
            switch (f, w) {
            case (1, .length): l.traceID = ProtoDecoder.traceID(base, try r.lengthDelimited()) ?? .zero
            case (2, .length): l.spanID = ProtoDecoder.spanID(base, try r.lengthDelimited()) ?? .zero
            case (4, .length): l.attributes.append(try ProtoValues.keyValue(base, try r.lengthDelimited()))
            default: try r.skip(w, field: f)
            }
        }
        return l
    }
}
