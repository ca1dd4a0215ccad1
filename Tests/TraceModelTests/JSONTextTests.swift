import Testing
import TraceModel

@Suite struct JSONTextTests {
    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONText.quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func c0AndC1ControlsAreEscapedOtherLatin1IsKept() {
        #expect(Self.quoted("a\u{9b}31m\u{85}\u{80}\u{9f}") == #""a\u009b31m\u0085\u0080\u009f""#)
        #expect(Self.quoted("\u{1b}[2J\u{7f}\t\"\\") == #""\u001b[2J\u007f\t\"\\""#)
        #expect(Self.quoted("© \u{a0}é ü") == "\"© \u{a0}é ü\"")
        #expect(Self.quoted("plain") == "\"plain\"")
    }
}
