import Testing
import TerminalUI

struct RoleTests {
    @Test("documented one-letter codes", arguments: [
        (Role.normal, "."), (.selected, "s"), (.criticalPath, "c"), (.error, "e"), (.match, "m"),
        (.orphan, "o"), (.skewed, "k"), (.header, "h"), (.bar, "b"), (.dim, "d"), (.border, "r"),
        (.hint, "i"), (.service1, "1"), (.service2, "2"), (.service3, "3"), (.service4, "4"),
        (.service5, "5"), (.service6, "6"), (.service7, "7"), (.service8, "8"),
    ] as [(Role, Character)])
    func code(_ role: Role, _ code: Character) {
        #expect(role.code == code)
        #expect(Role(code: code) == role)
    }

    @Test func codesAreUniqueSoDumpsAreUnambiguous() {
        #expect(Set(Role.allCases.map(\.code)).count == Role.allCases.count)
        #expect(Role(code: "?") == nil)
    }

    @Test func servicePaletteWrapsAndHashesStably() {
        #expect(Role.services.count == 8)
        #expect(Role.service(0) == .service1 && Role.service(7) == .service8)
        #expect(Role.service(9) == .service2 && Role.service(-1) == .service8)
        // FNV-1a 32-bit reference values.
        #expect(Role.fnv1a32("") == 0x811C_9DC5)
        #expect(Role.fnv1a32("a") == 0xE40C_292C)
        #expect(Role.fnv1a32("foobar") == 0xBF9C_F968)
        #expect(Role.service(named: "a") == Role.service(Int(0xE40C_292C % 8)))
        #expect(Role.service(named: "checkout") == Role.service(named: "checkout"))
        // Not everything lands in one bucket.
        let names = ["frontend", "checkout", "payment", "inventory", "cart", "db", "cache", "auth"]
        #expect(Set(names.map { Role.service(named: $0) }).count > 1)
    }
}
