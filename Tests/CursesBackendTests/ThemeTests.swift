import CursesBackend
import Testing
import TerminalUI

struct ThemeTests {
    @Test func picksModeFromColorCountAndNoColor() {
        #expect(Theme.for(colors: 256, noColor: false).mode == .palette256)
        #expect(Theme.for(colors: 16_777_216, noColor: false).mode == .palette256)
        #expect(Theme.for(colors: 8, noColor: false).mode == .basic8)
        #expect(Theme.for(colors: 16, noColor: false).mode == .basic8)
        #expect(Theme.for(colors: 0, noColor: false).mode == .monochrome)
        #expect(Theme.for(colors: 256, noColor: true).mode == .monochrome)
        #expect(Theme.for(colors: 8, noColor: true).mode == .monochrome)
    }

    @Test func noColorEnvironmentConvention() {
        #expect(Theme.noColorRequested(["NO_COLOR": "1"]))
        #expect(!Theme.noColorRequested(["NO_COLOR": ""]))
        #expect(!Theme.noColorRequested([:]))
    }

    @Test(arguments: [256, 8, 0])
    func everyRoleHasAStyleInRange(colors: Int) {
        let theme = Theme.for(colors: colors, noColor: false)
        let limit = colors == 256 ? 256 : 8
        for role in Role.allCases {
            let s = theme.style(for: role)
            #expect((-1..<limit).contains(s.foreground), "\(role)")
            #expect((-1..<limit).contains(s.background), "\(role)")
        }
    }

    @Test(arguments: [256, 8, 0])
    func noColorUsesAttributesOnly(colors: Int) {
        let theme = Theme.for(colors: colors, noColor: true)
        for role in Role.allCases { #expect(!theme.style(for: role).usesColor, "\(role)") }
        // Roles that must stand out still do, through attributes.
        for role in [Role.selected, .match, .header, .error, .criticalPath] {
            let s = theme.style(for: role)
            #expect(s.bold || s.reverse, "\(role)")
        }
        #expect(theme.style(for: .selected) != theme.style(for: .match))
    }

    @Test func colorThemesColorTheSemanticRoles() {
        for theme in [Theme.palette256, .basic8] {
            #expect(theme.style(for: .normal) == Style())
            for role in [Role.header, .selected, .criticalPath, .error, .match, .orphan, .skewed, .border, .bar] {
                #expect(theme.style(for: role).usesColor, "\(theme.mode) \(role)")
            }
            #expect(theme.style(for: .selected) != theme.style(for: .match))
            #expect(theme.style(for: .error) != theme.style(for: .criticalPath))
        }
    }

    @Test func servicePaletteIsDistinctInColourThemes() {
        for theme in [Theme.palette256, .basic8] {
            let styles = Role.services.map { theme.style(for: $0) }
            #expect(styles.allSatisfy { $0.usesColor }, "\(theme.mode)")
            #expect(Set(styles).count == Role.services.count, "\(theme.mode)")
            // Services never look like an error.
            #expect(!styles.contains(theme.style(for: .error)), "\(theme.mode)")
        }
        for role in Role.services { #expect(!Theme.monochrome.style(for: role).usesColor) }
    }
}
