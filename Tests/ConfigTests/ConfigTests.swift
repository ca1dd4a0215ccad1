import Config
@testable import Explorer
import Foundation
import TerminalUI
import Testing

@Suite struct ConfigTests {
    @Test func rebindingEditsTheOneKeyTable() throws {
        let c = Config.parse("""
        [keys.waterfall]
        nextError = ["x", "<C-n>"]   # x was the export menu
        toggleFollow = "W"
        """, name: "config.toml")
        #expect(c.keyMap.dispatch(.character("x"), context: .waterfall) == .nextError)
        #expect(c.keyMap.dispatch(.ctrl("n"), context: .waterfall) == .nextError)
        #expect(c.keyMap.dispatch(.character("e"), context: .waterfall) == nil)
        #expect(c.keyMap.dispatch(.character("W"), context: .waterfall) == .toggleFollow)
        // The conflict is reported with its line, and the export menu lost only that key.
        #expect(c.problems == ["config.toml:2: x was bound to exportMenu in [keys.waterfall]; now nextError"])
        #expect(!c.keyMap.bindings.contains { $0.command == .exportMenu && $0.context == .waterfall })
        // Hints, help and the generated docs follow the edited table.
        #expect(c.keyMap.markdown().contains("| `x` `<C-n>` | `nextError` |"))
        // Other contexts keep their keys.
        #expect(c.keyMap.dispatch(.character("x"), context: .export) == .exportCancel)
    }

    @Test func problemsNameTheirLineAndLeaveTheDefaults() {
        let c = Config.parse("""
        [defaults]
        utc = "yes"

        [colors]
        criticalPath = 300
        nosuchrole = 3

        [keys.waterfall]
        nextEror = "e"
        [keys.nowhere]
        x = "y"
        """, name: "c.toml")
        #expect(c.problems.count == 5)
        #expect(c.problems[0] == "c.toml:2: utc wants true or false")
        #expect(c.problems.contains("c.toml:5: criticalPath wants a colour number from 0 to 255"))
        #expect(c.problems.contains { $0.hasPrefix("c.toml:6: unknown role nosuchrole") })
        #expect(c.problems.contains { $0.hasPrefix("c.toml:9: unknown command nextEror in [keys.waterfall]") })
        #expect(c.problems.contains { $0.hasPrefix("c.toml:10: unknown context nowhere") })
        #expect(c.colors.isEmpty && !c.utc)
        #expect(c.keyMap.bindings == KeyMap.default.bindings)
    }

    @Test func aSyntaxErrorIsOneLineAndEverythingDefaults() {
        let c = Config.parse("[keys.waterfall]\nnextError = \n", name: "c.toml")
        #expect(c.problems.count == 1)
        #expect(c.problems[0].hasPrefix("c.toml:2: "))
        #expect(c.problems[0].hasSuffix("(using the defaults)"))
        #expect(c.keyMap.bindings == KeyMap.default.bindings)
    }

    @Test func coloursAndDefaults() {
        let c = Config.parse("[colors]\ncriticalPath = 46\n[defaults]\nutc = true\nfollow_interval = 1\n", name: "c.toml")
        #expect(c.problems.isEmpty)
        #expect(c.colors == [.criticalPath: 46])
        #expect(c.utc && c.followInterval == 1)
    }

    /// The commented default file parses to the defaults, and uncommenting a line keeps it so.
    @Test func theDefaultFileIsValidAndDescribesEveryBinding() {
        let text = Config.defaultText
        let c = Config.parse(text, name: "default.toml")
        #expect(c.problems.isEmpty)
        #expect(c.keyMap.bindings == KeyMap.default.bindings)
        for b in KeyMap.default.bindings { #expect(text.contains("# \(b.command.name) = ")) }
        let uncommented = text.replacingOccurrences(of: "# nextError = ", with: "nextError = ")
        let d = Config.parse(uncommented, name: "default.toml")
        #expect(d.problems.isEmpty, "\(d.problems)")
        #expect(d.keyMap.dispatch(.character("e"), context: .waterfall) == .nextError)
    }

    @Test func thePathFollowsXDG() {
        #expect(Config.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/spanscope/config.toml")
        #expect(Config.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/spanscope/config.toml")
    }
}
