import TerminalUI

/// One row of the key table: alternative keys for one command in one context.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [KeyEvent]
    public var command: Command
    public var context: Context
    public var help: String
    /// Shown in the status bar of its context, at this place (1 first); nil: only in help.
    public var hint: Int?

    public init(keys: [KeyEvent], command: Command, context: Context, help: String, hint: Int? = nil) {
        self.keys = keys
        self.command = command
        self.context = context
        self.help = help
        self.hint = hint
    }

    /// The same binding, hinted in the status bar at place `place` (nil: not hinted).
    func hint(_ place: Int?) -> KeyBinding {
        var b = self
        b.hint = place
        return b
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

    /// "⏎ open trace  / filter …": keys and help text taken from the table.
    /// The hinted bindings of the context, by place, then those of its fallbacks (a command
    /// hinted by the context itself is not repeated).
    public func hints(_ context: Context) -> String {
        var seen = Set<String>()
        var out: [String] = []
        for ctx in context.fallbacks {
            for b in bindings.filter({ $0.context == ctx && $0.hint != nil }).sorted(by: { $0.hint! < $1.hint! })
            where seen.insert(b.command.name).inserted {
                out.append(KeyNotation.describe(b.keys[0]) + " " + b.help)
            }
        }
        return out.joined(separator: "  ")
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
            if ctx == .search || ctx == .query { out += "| any printable key | `searchAppend` | type into the prompt |\n" }
            if ctx == .details { out += "\nWaterfall bindings not listed here also apply while the details pane is focused.\n" }
            if ctx == .logs { out += "\nThe details pane (`<Space>`) shows the log line under the cursor while the logs pane has focus.\n" }
            if let note = Self.statisticsNote(ctx) { out += "\n" + note + "\n" }
        }
        out += "\n## Rebinding keys\n\n"
        out += "`$XDG_CONFIG_HOME/spanscope/config.toml` (else `~/.config/spanscope/config.toml`) rebinds keys per context: "
        out += "under `[keys.<context>]` (the context names are `traceList`, `waterfall`, `details`, `search`, `help`, "
        out += "`logs`, `unlinkedLogs`, `statistics`, `compare`, `serviceMap`, `export`, `problems`, `query`), `<command> = \"<key>\"` or "
        out += "`<command> = [\"<key>\", …]` replaces that command's keys there, with commands named as in the tables "
        out += "above and keys in the notation above. A key taken from another command in the same context moves to "
        out += "the new one, with a warning naming the file and line; a file that cannot be used is one warning per "
        out += "problem, and the explorer starts with the defaults. Dispatch, the status-bar hints and `?` help use "
        out += "the edited table. `spanscope config --print-default` prints a commented file with every binding, "
        out += "colour and default.\n"
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
