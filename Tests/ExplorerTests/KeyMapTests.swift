import Foundation
import Testing
@testable import Explorer
import TerminalUI
import TestSupport

@Suite struct KeyMapTests {
    let map = KeyMap.default

    @Test(arguments: [
        ("j", Context.traceList, Command.moveDown), ("<Down>", .waterfall, .moveDown), ("<Enter>", .traceList, .open),
        ("<Enter>", .waterfall, .toggleDetails), ("<Enter>", .details, .toggleDetails), ("j", .details, .moveDown),
        ("*", .waterfall, .expandAll), ("-", .waterfall, .collapseBelow), ("h", .waterfall, .collapse),
        ("<Left>", .waterfall, .collapse), ("<Space>", .waterfall, .toggleExpand), ("e", .details, .nextError),
        ("y", .waterfall, .copySpanID), ("<C-d>", .waterfall, .halfPageDown), ("<PgUp>", .traceList, .pageUp),
        ("<Esc>", .search, .searchCancel), ("?", .help, .closeHelp), ("q", .traceList, .back),
        ("<Esc>", .waterfall, .closeDetails), ("<Esc>", .details, .closeDetails), ("q", .waterfall, .back),
        ("c", .waterfall, .toggleCriticalPath), ("p", .waterfall, .nextCritical), ("P", .waterfall, .prevCritical),
        ("s", .waterfall, .nextSelfTime), ("S", .waterfall, .prevSelfTime), ("p", .details, .nextCritical),
        ("s", .traceList, .sortNext), ("S", .traceList, .sortReverse),
    ])
    func dispatch(keys: String, context: Context, command: Command) throws {
        let key = try #require(try KeyNotation.parse(keys).first)
        #expect(map.dispatch(key, context: context) == command)
    }

    @Test func unboundKeysDispatchNothing() {
        #expect(map.dispatch(.character("#"), context: .waterfall) == nil)
        #expect(map.dispatch(.character("j"), context: .search) == nil)
    }

    @Test func noKeyIsBoundTwiceInAContext() {
        for ctx in Context.allCases {
            let keys = map.bindings.filter { $0.context == ctx }.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "duplicate key in \(ctx)")
        }
    }

    @Test func hintsComeFromTheTable() {
        for ctx in Context.allCases {
            let hints = map.hints(ctx)
            #expect(!hints.isEmpty)
            for cmd in KeyMap.hintCommands(ctx) {
                #expect(map.bindings(for: ctx).contains { $0.command == cmd }, "hint for unbound \(cmd) in \(ctx)")
            }
        }
        #expect(map.hints(.traceList).hasPrefix("<Enter> open trace"))
    }

    @Test func helpListsEveryBindingOfTheScreen() throws {
        let (set, analysis) = try Fixture.checkout()
        var app = ExplorerApp(set: set, analysis: analysis, width: 120, height: 60)
        _ = app.handle(.character("?"))
        let text = app.render(width: 120, height: 60).text()
        for b in map.bindings(for: .waterfall) {
            #expect(text.contains(b.keyText) && text.contains(b.help), "help misses \(b.keyText)")
        }
    }

    @Test func markdownIsGenerated() throws {
        let md = map.markdown()
        for b in map.bindings { #expect(md.contains(b.help)) }
        for r in Role.allCases { #expect(md.contains("| `\(r.code)` | \(r.rawValue) |")) }
        try Snapshot.expect("keybindings.md", md)
    }
}

@Suite struct GeneratedDocsTests {
    @Test func docsKeybindingsIsTheGeneratedTable() throws {
        let onDisk = try String(contentsOf: Repo.root.appendingPathComponent("docs/keybindings.md"), encoding: .utf8)
        #expect(onDisk == KeyMap.default.markdown(), "docs/keybindings.md is stale: run `swift run spanscope docs keybindings > docs/keybindings.md`")
    }

    @Test(arguments: Context.allCases)
    func controlCQuitsFromEveryContext(context: Context) {
        #expect(KeyMap.default.dispatch(.ctrl("c"), context: context) == .quit)
    }
}
