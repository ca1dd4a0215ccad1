import Testing
import Reports
import TraceModel

@Suite struct IDLookupTests {
    static let ids = (1 ... 8).map { TraceID(high: 0, low: 0xabc0_0000_0000_0000 | UInt64($0)) }

    @Test func anAmbiguousPrefixNamesAFewCandidatesAndCountsTheRest() {
        guard case .failure(let e) = IDLookup.trace("abc", in: Self.ids) else { Issue.record("resolved"); return }
        #expect(!e.malformed)
        #expect(e.description == "trace id prefix abc is ambiguous: 8 traces start with it: abc0000000000001, "
            + "abc0000000000002, abc0000000000003, abc0000000000004, abc0000000000005 and 3 more")
    }

    @Test func fullIdsInAnyFormAndThe32DigitFormOfA64BitId() throws {
        #expect(try IDLookup.trace("ABC0000000000007", in: Self.ids).get() == Self.ids[6])
        #expect(try IDLookup.trace("0000000000000000abc0000000000003", in: Self.ids).get() == Self.ids[2])
        // A prefix of the 32-digit form.
        let low = TraceID(high: 0, low: 0x5)
        #expect(try IDLookup.trace("00000000000000000000", in: [low, Self.ids[0]]).get() == low)
        // An exact id wins over the ids it is also a prefix of.
        let short = TraceID(high: 0, low: 0xabc)
        #expect(try IDLookup.trace("abc", in: Self.ids + [short]).get() == short)
    }

    @Test func spansAndMalformedText() throws {
        let spans = [SpanID(0x1234_0000_0000_0001), SpanID(0x1234_0000_0000_0002), SpanID(0x9999_0000_0000_0000)]
        #expect(try IDLookup.span("9", in: spans).get() == spans[2])
        guard case .failure(let e) = IDLookup.span("12-34", in: spans) else { Issue.record("resolved"); return }
        #expect(e.malformed)
        #expect(e.description == "--span 12-34 is not a span id (hex digits, or a unique prefix of one)")
        guard case .failure(let u) = IDLookup.span("77", in: spans) else { Issue.record("resolved"); return }
        #expect(!u.malformed && u.description == "span 77 not found")
    }
}
