@testable import CursesBackend
import Testing

struct CellScalarTests {
    private func scalars(_ c: Character, unicode: Bool = true) -> [UInt32] {
        CursesBackend.wideChars(c, unicode: unicode).map { UInt32(bitPattern: $0) }
    }

    @Test func keepsBaseCharacterAndCombiningMarks() {
        #expect(scalars("a") == [0x61])
        #expect(scalars("日") == [0x65E5])
        #expect(scalars("e\u{301}") == [0x65, 0x301])
        #expect(scalars("e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}").count == 5)
    }

    @Test func replacesControlCharactersDefensively() {
        #expect(scalars("\u{1B}") == [0x3F])
        #expect(scalars("\u{7F}") == [0x3F])
        #expect(scalars("\u{9B}") == [0x3F])
        #expect(scalars("\t") == [0x3F])
    }

    @Test func withoutUTF8LocaleOnlyASCIIIsWritten() {
        #expect(scalars("a", unicode: false) == [0x61])
        #expect(scalars("日", unicode: false) == [0x3F])
        #expect(scalars("─", unicode: false) == [0x3F])
    }
}
