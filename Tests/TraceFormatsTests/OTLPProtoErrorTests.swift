import Testing
import TestSupport
@testable import TraceFormats
import TraceModel

/// Malformed protobuf: one error line naming the byte offset and the field path; problems
/// that do not stop decoding are warnings. Never a crash or a hang.
@Suite struct OTLPProtoErrorTests {
    /// Where the single span of `Wire.request` starts: resource_spans tag and length (2),
    /// the resource field (2 + 23), the scope_spans tag and length (2), the span's (2).
    static let spanAt = 31
    /// `Wire.spanFields()` is 50 bytes: trace id 18, span id 10, name 4, two times 9 each.
    static let fieldsLength = 50

    @Test func layoutOfTheHandWrittenRequest() throws {
        let bytes = Wire.request([Wire.spanFields()])
        #expect(bytes.count == Self.spanAt + Self.fieldsLength)
        let d = try decodeProto(bytes)
        #expect(d.set.spans.count == 1 && d.warnings.isEmpty && d.rejected == 0)
        #expect(d.set.spans[0].detail.offset == Self.spanAt)
        #expect(d.set.service(d.set.spans[0]) == "svc")
    }

    @Test func wrongWireTypeOfAKnownField() {
        let bytes = Wire.request([Wire.spanFields() + [0x28, 0x01]])  // name (5) as a varint
        #expect(protoError(bytes) == "t.pb: byte \(Self.spanAt + Self.fieldsLength): resource_spans[0].scope_spans[0].spans[0].name: wire type 0 (varint), want 2 (length-delimited)")
    }

    @Test func truncatedAndOverlongLengths() {
        #expect(protoError([0x0A, 0x80]) == "t.pb: byte 1: resource_spans[0]: truncated length")
        #expect(protoError([0x0A, 0x05, 0x00]) == "t.pb: byte 1: resource_spans[0]: length 5 runs past the end of its message (1 byte left)")
        // An attribute claiming 16 bytes where its span has 3 left: bounded by the span, not the buffer.
        let bytes = Wire.request([Wire.spanFields() + [0x4A, 0x10, 1, 2, 3]])
        #expect(protoError(bytes) == "t.pb: byte \(Self.spanAt + Self.fieldsLength + 1): resource_spans[0].scope_spans[0].spans[0].attributes[0]: length 16 runs past the end of its message (3 bytes left)")
        let start = Wire.request([Wire.spanFields() + [0x39, 1, 2, 3]])  // start_time_unix_nano, 3 of 8 bytes
        #expect(protoError(start) == "t.pb: byte \(Self.spanAt + Self.fieldsLength + 1): resource_spans[0].scope_spans[0].spans[0].start_time_unix_nano: truncated 64-bit value (3 bytes left)")
    }

    @Test func badTagsAndVarints() {
        #expect(protoError([0x0F]) == "t.pb: byte 0: invalid wire type 7 in tag 15")
        #expect(protoError([0x00]) == "t.pb: byte 0: invalid field number 0")
        #expect(protoError([0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x7F]) == "t.pb: byte 1: varint overflows 64 bits")
        #expect(protoError([0x1B, 0x08, 0x01]) == "t.pb: byte 0: group 3 is not closed before the end of its message")
        #expect(protoError([0x1C]) == "t.pb: byte 0: end of group 3 without its start")
    }

    /// Unknown fields of every wire type (a group with a group inside too) are skipped, in the
    /// request, the resource and the span.
    @Test func unknownFieldsAreSkipped() throws {
        let unknown: [UInt8] = [0xF8, 0x07, 0x2A] + Wire.fixed64(100, 7) + Wire.string(101, "x") + [0xAB, 0x06, 0xB3, 0x06, 0x08, 1, 0xB4, 0x06, 0xAC, 0x06]
            + [0xB5, 0x06, 1, 2, 3, 4]
        let plain = try decodeProto(Wire.request([Wire.spanFields()]))
        let resource = Wire.svcResource + unknown
        let noisy = try decodeProto(unknown + Wire.request([unknown + Wire.spanFields() + unknown], resource: resource) + unknown)
        #expect(noisy.warnings.isEmpty)
        #expect(SpanView.of(noisy.set) == SpanView.of(plain.set))
    }

    /// Old senders' `instrumentation_library_spans` (field 1000, same layout) read as scope spans.
    @Test func deprecatedField1000HoldsScopeSpans() throws {
        let scope = Wire.len(1, Wire.string(1, "lib")) + Wire.len(2, Wire.spanFields())
        let old = try decodeProto(Wire.len(1, Wire.len(1, Wire.svcResource) + Wire.len(1000, scope)))
        let new = try decodeProto(Wire.len(1, Wire.len(1, Wire.svcResource) + Wire.len(2, scope)))
        #expect(old.set.spans.count == 1 && old.set.details(old.set.spans[0]).scopeName == "lib")
        #expect(SpanView.of(old.set) == SpanView.of(new.set))
        let bad = Wire.len(1, Wire.len(1000, Wire.len(2, Wire.spanFields() + [0x28, 0x01])))
        #expect(protoError(bad)?.hasSuffix(": resource_spans[0].deprecated_scope_spans[0].spans[0].name: wire type 0 (varint), want 2 (length-delimited)") == true)
    }

    @Test func valuesNestedTooDeep() throws {
        func nested(_ levels: Int) -> [UInt8] {
            var v = Wire.string(1, "x")
            for _ in 1..<levels { v = Wire.len(5, Wire.len(1, v)) }
            return Wire.request([Wire.spanFields() + Wire.len(9, Wire.string(1, "deep") + Wire.len(2, v))])
        }
        let ok = try decodeProto(nested(32))
        var value = ok.set.details(ok.set.spans[0]).attributes[0].value
        for _ in 1..<32 {
            guard case .array(let items) = value else { Issue.record("not an array: \(value)"); return }
            value = items[0]
        }
        #expect(value == .string("x"))
        let line = try #require(protoError(nested(40)))
        let path = "resource_spans[0].scope_spans[0].spans[0].attributes[0].value" + String(repeating: ".array_value.values[0]", count: 32)
        #expect(line.hasPrefix("t.pb: byte "))
        #expect(line.hasSuffix(": \(path): values nested more than 32 deep"))
    }

    @Test func idsOfTheWrongLengthSkipTheSpanWithAWarning() throws {
        let bad = Wire.traceID() + Wire.len(2, [1, 2, 3, 4, 5, 6, 7]) + Wire.string(5, "op")
        let d = try decodeProto(Wire.request([bad]))
        #expect(d.set.spans.isEmpty && d.rejected == 1)
        #expect(d.warnings == ["byte \(Self.spanAt + 18 + 2): resource_spans[0].scope_spans[0].spans[0].span_id: length 7, want 8; span skipped"])

        // The 8th span of the second scope_spans; the other spans stay.
        let good = Wire.len(2, Wire.spanFields())
        let scopes = Wire.len(2, good) + Wire.len(2, Array(repeating: good, count: 7).flatMap { $0 } + Wire.len(2, bad))
        let many = try decodeProto(Wire.len(1, Wire.len(1, Wire.svcResource) + scopes))
        #expect(many.set.spans.count == 8 && many.rejected == 1)
        #expect(many.warnings.count == 1)
        #expect(many.warnings[0].hasSuffix(": resource_spans[0].scope_spans[1].spans[7].span_id: length 7, want 8; span skipped"))

        let zero = try decodeProto(Wire.request([Wire.len(1, [UInt8](repeating: 0, count: 16)) + Wire.spanID()]))
        #expect(zero.warnings == ["byte \(Self.spanAt + 2): resource_spans[0].scope_spans[0].spans[0].trace_id: all zeros; span skipped"])
        let none = try decodeProto(Wire.request([Wire.spanID()]))
        #expect(none.warnings == ["byte \(Self.spanAt): resource_spans[0].scope_spans[0].spans[0]: no trace_id; span skipped"])
    }

    @Test func badParentIsARootWithAWarning() throws {
        let d = try decodeProto(Wire.request([Wire.spanFields() + Wire.len(4, [1, 2, 3])]))
        #expect(d.set.spans.count == 1 && d.set.spans[0].parentID == .zero)
        #expect(d.set.spans[0].flags.contains(.invalidParent))
        #expect(d.warnings == ["byte \(Self.spanAt + Self.fieldsLength + 2): resource_spans[0].scope_spans[0].spans[0].parent_span_id: length 3, want 8 or 0; treated as a root"])
    }

    @Test func invalidUTF8IsReplacedAndCounted() throws {
        let span = Wire.traceID() + Wire.spanID() + Wire.len(5, [0x6F, 0xFF, 0x70])
            + Wire.len(9, Wire.string(1, "k") + Wire.len(2, Wire.len(1, [0xED, 0xA0, 0x80])))  // a surrogate
        let d = try decodeProto(Wire.request([span]))
        #expect(d.set.name(d.set.spans[0]) == "o\u{FFFD}p")
        #expect(d.set.details(d.set.spans[0]).attributes[0].value.text.contains("\u{FFFD}"))
        #expect(d.warnings.contains("2 strings are not valid UTF-8 (shown with U+FFFD); the first at byte \(Self.spanAt + 28 + 2) (resource_spans[0].scope_spans[0].spans[0])"))
        // Outside a span (here the resource), the offset alone: the key value's string starts
        // after four tags and lengths (resource_spans, resource, attributes, value: 8 bytes),
        // the key field (14) and the AnyValue's tag and length (2).
        let resource = Wire.len(1, Wire.string(1, "service.name") + Wire.len(2, Wire.len(1, [0x61, 0xC0])))
        let r = try decodeProto(Wire.request([Wire.spanFields()], resource: resource))
        #expect(r.warnings.last == "1 string is not valid UTF-8 (shown with U+FFFD); the first at byte 24")
    }

    @Test func validUTF8IsAccepted() {
        for text in ["", "ascii only, longer than eight", "grüße", "✓ 中文", "𝄞 music", "\u{10FFFF}"] {
            let bytes = Array(text.utf8)
            #expect(UTF8Check.isValid(bytes, bytes.count), "\(text)")
        }
        for bad: [UInt8] in [[0xC0, 0x80], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8]] {
            #expect(!UTF8Check.isValid(bad, bad.count), "\(bad)")
        }
    }

    @Test func missingServiceAndMergedStatus() throws {
        let status = Wire.len(15, [0x18, 2]) + Wire.len(15, Wire.string(2, "boom"))  // code, then message
        let d = try decodeProto(Wire.request([Wire.spanFields() + status], resource: []))
        #expect(d.set.service(d.set.spans[0]) == "unknown_service")
        #expect(d.warnings == ["resource without service.name; its spans are shown as unknown_service"])
        #expect(d.set.spans[0].status == .error)
        #expect(d.set.details(d.set.spans[0]).statusMessage == "boom")
        let empty = try decodeProto([])
        #expect(empty.set.spans.isEmpty && empty.warnings.isEmpty)
    }

    @Test func logErrorsNameTheirPath() {
        // Tags at 0, 2 and 4, lengths after them, the record from 6: its time (9 bytes), then
        // trace_id (9) as a varint at 15.
        let record = Wire.fixed64(1, 5) + [0x48, 0x01]
        let bytes = Wire.len(1, Wire.len(2, Wire.len(2, record)))
        #expect(protoError(bytes, logs: true) == "t.pb: byte 15: resource_logs[0].scope_logs[0].log_records[0].trace_id: wire type 0 (varint), want 2 (length-delimited)")
    }

    /// Every prefix of a request, and thousands of seeded mutations of it, decode or fail with
    /// an error; the details of whatever decoded can be read.
    @Test func truncationsAndMutationsNeverCrash() {
        let valid = OTLPProtobuf.encodeTraces(OTLPProtoRoundTripTests.randomSet(seed: 4, spans: 12))
        func attempt(_ bytes: [UInt8]) -> Bool {
            guard let d = try? decodeProto(bytes) else { return false }
            for s in d.set.spans { _ = d.set.details(s) }
            return true
        }
        var decoded = 0
        for n in 0..<valid.count where attempt(Array(valid.prefix(n))) { decoded += 1 }
        #expect(decoded > 0 && decoded < valid.count)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<3_000 {
            var b = valid
            for _ in 0..<rng.int(1...4) {
                let i = rng.below(b.count)
                switch rng.below(3) {
                case 0: b[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                default: b.remove(at: i)
                }
            }
            _ = attempt(b)
        }
    }
}
