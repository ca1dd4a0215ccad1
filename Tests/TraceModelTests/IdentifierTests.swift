import Testing
@testable import TraceModel
import TestSupport

@Suite struct IdentifierTests {
    @Test(arguments: [
        ("5B8EFFF798038103D269B633813FC60C", "5b8efff798038103d269b633813fc60c"),
        ("2", "0000000000000002"),
        ("c26551047c72d19", "0c26551047c72d19"),
        ("00000000000000000000000000000011", "0000000000000011"),
        ("463ac35c9f6413ad48485a3953bb6124", "463ac35c9f6413ad48485a3953bb6124"),
    ])
    func hexTraceIDsArePaddedAndLowercased(input: String, hex: String) throws {
        let id = try #require(TraceID(input))
        #expect(id.hex == hex)
    }

    @Test func base64TraceIDDecodes() throws {
        // 16 bytes 0x00..0x01 -> low = 1
        let id = try #require(TraceID("AAAAAAAAAAAAAAAAAAAAAQ=="))
        #expect(id == TraceID(high: 0, low: 1))
        let span = try #require(SpanID("AAAAAAAAAAI="))
        #expect(span.value == 2)
    }

    @Test func otlpLengthRuleTellsBase64FromHex() {
        var b64 = "W47/95gDgQPSabYzgT/HAA=="
        let id = b64.withUTF8 { IDBytes.parseOTLPTraceID($0) }
        #expect(id?.hex32 == "5b8efff798038103d269b633813fc700")
        var hex = "EEE19B7EC3C1B174"
        #expect(hex.withUTF8 { IDBytes.parseOTLPSpanID($0) }?.hex == "eee19b7ec3c1b174")
    }

    @Test(arguments: ["BADID", "123456789012345678901234567890123", "zz"])
    func invalidIDsAreRejected(input: String) {
        var s = input
        #expect(s.withUTF8 { IDBytes.parseHexTraceID($0) } == nil)
    }

    @Test func emptyIsZero() {
        #expect(TraceID("") == .zero)
        #expect(SpanID("")?.isZero == true)
    }
}

@Suite struct HexFastPathTests {
    @Test func eightBytesAtATimeAgreesWithTheDigitLoop() {
        var rng = SplitMix64(seed: 1)
        for i in 0..<2000 {
            let value = i == 0 ? 0 : i == 1 ? UInt64.max : rng.next()
            var text = String(value, radix: 16)
            text = String(repeating: "0", count: 16 - text.count) + text
            if i % 2 == 1 { text = text.uppercased() }
            let parsed = text.utf8.withContiguousStorageIfAvailable { IDBytes.hex16($0.baseAddress!) } ?? nil
            #expect(parsed == value, "\(text)")
        }
    }

    @Test(arguments: ["000000000000000g", "00000000000000 1", "/000000000000000", ":000000000000000",
                      "@000000000000000", "G000000000000000", "`000000000000000", "0000000\u{7F}00000000"])
    func nonHexBytesAreRejected(text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 16 else { return }
        #expect(bytes.withUnsafeBufferPointer { IDBytes.hex16($0.baseAddress!) } == nil)
    }
}

@Suite struct TraceGroupingTests {
    @Test func tracesAreGroupedInOrderOfFirstAppearanceWithSpansInInputOrder() {
        var set = TraceSet()
        let ids: [UInt64] = [1, 2, 1, 1, 3, 2]
        for (i, t) in ids.enumerated() {
            set.spans.append(Span(traceID: TraceID(high: 0, low: t), spanID: SpanID(UInt64(i + 1)), start: 0, duration: 0,
                                  name: .empty, service: .empty))
        }
        let traces = set.traces()
        #expect(traces.map(\.id.low) == [1, 2, 3])
        #expect(traces.map(\.spanIndices) == [[0, 2, 3], [1, 5], [4]])
    }
}
