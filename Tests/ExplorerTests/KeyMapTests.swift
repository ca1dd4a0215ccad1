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
        ("<Esc>", .search, .escape), ("?", .help, .closeHelp), ("q", .traceList, .back),
        ("<Esc>", .waterfall, .escape), ("<Esc>", .details, .escape), ("q", .waterfall, .back),
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

    /// Hints are marked on the bindings themselves: every context has some, in place order,
    /// and the details pane adds the waterfall's after its own.
    @Test func hintsComeFromTheBindings() {
        for ctx in Context.allCases {
            #expect(!map.hints(ctx).isEmpty, "no hints in \(ctx)")
            let own = map.bindings.filter { $0.context == ctx && $0.hint != nil }
            #expect(Set(own.map(\.hint!)).count == own.count, "two hints at one place in \(ctx)")
        }
        #expect(map.hints(.traceList) == "<Enter> open trace  / filter  s sort by next column  ? help  q quit")
        #expect(map.hints(.details).hasPrefix("j scroll down  <Tab> focus tree  <Enter> details"))
        // Re-marking a binding moves its hint: the table is the only source.
        var edited = map
        let i = edited.bindings.firstIndex { $0.context == .traceList && $0.command == .help }!
        edited.bindings[i].hint = nil
        #expect(!edited.hints(.traceList).contains("? help"))
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
