import TerminalUI

/// One row of the key table: alternative keys for one command in one context.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [KeyEvent]
    public var command: Command
    public var context: Context
    public var help: String

    public init(keys: [KeyEvent], command: Command, context: Context, help: String) {
        self.keys = keys
        self.command = command
        self.context = context
        self.help = help
    }

    /// `j/<Down>` style.
    public var keyText: String { keys.map { KeyNotation.describe($0) }.joined(separator: "/") }
}

/// The single table of bindings: dispatch, status-bar hints, the help overlay and
/// `docs/keybindings.md` are all generated from `KeyMap.default`.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// First binding (in table order, context then its fallbacks) that lists `key`.
    public func dispatch(_ key: KeyEvent, context: Context) -> Command? {
        for ctx in context.fallbacks {
            if let b = bindings.first(where: { $0.context == ctx && $0.keys.contains(key) }) { return b.command }
        }
        return nil
    }

    /// Every binding live in `context`, own context first.
    public func bindings(for context: Context) -> [KeyBinding] {
        context.fallbacks.flatMap { ctx in bindings.filter { $0.context == ctx } }
    }

    /// Commands worth a status-bar hint, per context, most useful first.
    static func hintCommands(_ context: Context) -> [Command] {
        switch context {
        case .traceList: return [.open, .search, .sortNext, .help, .back]
        case .waterfall: return [.toggleDetails, .toggleExpand, .search, .nextError, .help, .back]
        case .details: return [.moveDown, .focusNext, .toggleDetails, .help]
        case .search: return [.searchConfirm, .searchCancel]
        case .help: return [.closeHelp]
        case .logs: return [.jumpToLogSpan, .toggleLogScope, .search, .focusNext, .closeLogs, .help]
        case .unlinkedLogs: return [.search, .scrollRight, .help, .back]
        case .statistics: return [.open, .sortNext, .sortReverse, .toggleGrouping, .help, .back]
        case .compare: return [.open, .sortNext, .sortReverse, .help, .back]
        case .serviceMap: return [.open, .sortNext, .sortReverse, .help, .back]
        case .problems: return [.moveDown, .help, .back]
        case .export: return [.exportSubtreeOTLP, .exportSubtreeText, .exportTraceOTLP, .exportTraceText, .copySubtreeText, .exportCancel]
        }
    }

    /// "⏎ open trace  / filter …": keys and help text taken from the table.
    public func hints(_ context: Context) -> String {
        Self.hintCommands(context).compactMap { cmd in
            bindings(for: context).first(where: { $0.command == cmd }).map {
                KeyNotation.describe($0.keys[0]) + " " + $0.help
            }
        }.joined(separator: "  ")
    }

    /// The text of `docs/keybindings.md`.
    public func markdown() -> String {
        var out = "# Key bindings\n\n"
        out += "Generated from `KeyMap.default` by `KeyMap.markdown()`; do not edit by hand.\n"
        out += "Keys use `KeyNotation` (`<C-d>` is Control-d, `<Space>` the space bar).\n"
        for ctx in Context.allCases {
            let rows = bindings.filter { $0.context == ctx }
            guard !rows.isEmpty else { continue }
            out += "\n## \(ctx.title)\n\n| Keys | Command | Action |\n|---|---|---|\n"
            for b in rows {
                let keys = b.keys.map { "`" + KeyNotation.describe($0).replacingOccurrences(of: "|", with: "\\|") + "`" }
                out += "| \(keys.joined(separator: " ")) | `\(b.command.name)` | \(b.help) |\n"
            }
            if ctx == .search { out += "| any printable key | `searchAppend` | type into the prompt |\n" }
            if ctx == .details { out += "\nWaterfall bindings not listed here also apply while the details pane is focused.\n" }
            if ctx == .logs { out += "\nThe details pane (`<Space>`) shows the log line under the cursor while the logs pane has focus.\n" }
            if let note = Self.statisticsNote(ctx) { out += "\n" + note + "\n" }
        }
        out += "\n## Role codes in golden screens\n\n| Code | Role |\n|---|---|\n"
        for role in Role.allCases { out += "| `\(role.code)` | \(role.rawValue) |\n" }
        return out
    }
}

private extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
