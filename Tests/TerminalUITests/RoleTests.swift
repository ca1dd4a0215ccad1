import Testing
import TerminalUI

struct RoleTests {
    @Test("documented one-letter codes", arguments: [
        (Role.normal, "."), (.selected, "s"), (.criticalPath, "c"), (.error, "e"), (.match, "m"),
        (.orphan, "o"), (.skewed, "k"), (.header, "h"), (.bar, "b"), (.dim, "d"), (.border, "r"),
        (.hint, "i"),
    ] as [(Role, Character)])
    func code(_ role: Role, _ code: Character) {
        #expect(role.code == code)
        #expect(Role(code: code) == role)
    }

    @Test func codesAreUniqueSoDumpsAreUnambiguous() {
        #expect(Set(Role.allCases.map(\.code)).count == Role.allCases.count)
        #expect(Role(code: "?") == nil)
    }
}
