import Foundation
import TerminalUI
import TOMLKit
import CursesBackend
import Explorer

/// `$XDG_CONFIG_HOME/spanscope/config.toml`: key bindings per context, colours, default
/// options. A file that cannot be used is never fatal: every problem becomes one line naming the
/// file and line, and what it asked for is left at its default.
public struct Config: Sendable {
    public var keyMap: KeyMap = .default
    /// Foreground colours (0–255) by role, for terminals with 256 colours; `NO_COLOR` still wins.
    public var colors: [Role: Int] = [:]
    /// `[defaults] utc = true`: times in UTC without `--utc`.
    public var utc = false
    /// `[defaults] follow_interval = 0.2`: seconds between looks at followed files.
    public var followInterval = 0.2
    /// `[backends.NAME]` tables, in file order (`spanscope @NAME`, `spanscope backends`).
    public var backends: [BackendProfile] = []
    /// What was wrong, one line each: "config.toml:12: unknown command nextEror in [keys.waterfall]".
    public var problems: [String] = []
    /// The file read (nil when there is none).
    public var path: String?

    public init() {}

    /// `$XDG_CONFIG_HOME/spanscope/config.toml`, else `~/.config/spanscope/config.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return base + "/spanscope/config.toml"
    }

    /// The configuration at `path`; defaults (and no problems) when the file does not exist.
    public static func load(path: String) -> Config {
        guard FileManager.default.fileExists(atPath: path) else { return Config() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            var c = Config()
            c.problems = ["\(path): cannot be read as UTF-8 text; using the defaults"]
            return c
        }
        return parse(text, name: path)
    }

    /// Parses `text` (named `name` in messages).
    public static func parse(_ text: String, name: String) -> Config {
        var c = Config()
        c.path = name
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            c.problems = ["\(name):\(e.source.begin.line): \(e.description) (using the defaults)"]
            return c
        } catch {
            c.problems = ["\(name): \(error) (using the defaults)"]
            return c
        }
        let lines = SourceLines(text)
        for (key, _) in table where !["keys", "colors", "defaults", "backends"].contains(key) {
            c.problems.append("\(name):\(lines.line(ofKey: key, in: nil)): unknown section or key \(key) (known: keys, colors, defaults, backends)")
        }
        if let keys = table["keys"]?.table { c.applyKeys(keys, lines, name) }
        if let colors = table["colors"]?.table { c.applyColors(colors, lines, name) }
        if let defaults = table["defaults"]?.table { c.applyDefaults(defaults, lines, name) }
        if let backends = table["backends"]?.table { c.applyBackends(backends, lines, name) }
        // In file order (tables iterate in their own order).
        let lineOf = { (p: String) in Int(p.dropFirst(name.count + 1).prefix { $0.isNumber }) ?? 0 }
        c.problems = c.problems.enumerated().sorted { (lineOf($0.element), $0.offset) < (lineOf($1.element), $1.offset) }.map(\.element)
        return c
    }

    private mutating func applyDefaults(_ t: TOMLTable, _ lines: SourceLines, _ name: String) {
        for (key, value) in t {
            let at = "\(name):\(lines.line(ofKey: key, in: "defaults"))"
            switch key {
            case "utc":
                if let b = value.bool { utc = b } else { problems.append("\(at): utc wants true or false") }
            case "follow_interval":
                if let d = value.double ?? value.int.map(Double.init), d > 0, d <= 60 { followInterval = d } else {
                    problems.append("\(at): follow_interval wants seconds between 0 and 60")
                }
            default:
                problems.append("\(at): unknown default \(key) (known: utc, follow_interval)")
            }
        }
    }

    private mutating func applyColors(_ t: TOMLTable, _ lines: SourceLines, _ name: String) {
        let roles = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.rawValue, $0) })
        for (key, value) in t {
            let at = "\(name):\(lines.line(ofKey: key, in: "colors"))"
            guard let role = roles[key] else {
                problems.append("\(at): unknown role \(key) (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            guard let n = value.int, (0...255).contains(n) else {
                problems.append("\(at): \(key) wants a colour number from 0 to 255")
                continue
            }
            colors[role] = n
        }
    }

    /// `[keys.<context>] <command> = "<key>"` or `["<key>", …]`: the command's keys in that
    /// context become these. A key then bound to two commands keeps the new one, with a problem
    /// line naming both.
    private mutating func applyKeys(_ t: TOMLTable, _ lines: SourceLines, _ name: String) {
        let contexts = Dictionary(uniqueKeysWithValues: Context.allCases.map { ($0.rawValue, $0) })
        var map = keyMap
        for (ctxName, value) in t {
            let section = "keys." + ctxName
            guard let ctx = contexts[ctxName], let commands = value.table else {
                problems.append("\(name):\(lines.line(ofKey: ctxName, in: "keys")): unknown context \(ctxName) "
                    + "(contexts: \(Context.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            for (cmdName, keysValue) in commands {
                let at = "\(name):\(lines.line(ofKey: cmdName, in: section))"
                guard let i = map.bindings.firstIndex(where: { $0.context == ctx && $0.command.name == cmdName }) else {
                    let known = map.bindings.filter { $0.context == ctx }.map(\.command.name)
                    problems.append("\(at): unknown command \(cmdName) in [\(section)] (commands there: \(known.joined(separator: ", ")))")
                    continue
                }
                let texts = keysValue.string.map { [$0] } ?? keysValue.array?.compactMap(\.string) ?? []
                var keys: [KeyEvent] = []
                for text in texts {
                    if let parsed = try? KeyNotation.parse(text), parsed.count == 1 { keys.append(parsed[0]) } else {
                        problems.append("\(at): \(text) is not one key (notation: docs/keybindings.md)")
                    }
                }
                guard !keys.isEmpty else {
                    if texts.isEmpty { problems.append("\(at): \(cmdName) wants a key or a list of keys") }
                    continue
                }
                // A key this context already uses for another command moves to this one.
                for k in keys {
                    for j in map.bindings.indices where j != i && map.bindings[j].context == ctx && map.bindings[j].keys.contains(k) {
                        problems.append("\(at): \(KeyNotation.describe(k)) was bound to \(map.bindings[j].command.name) in "
                            + "[\(section)]; now \(cmdName)")
                        map.bindings[j].keys.removeAll { $0 == k }
                    }
                }
                map.bindings[i].keys = keys
            }
        }
        map.bindings.removeAll { $0.keys.isEmpty }
        keyMap = map
    }

    /// The commented default file (`spanscope config --print-default`).
    public static var defaultText: String {
        var out = """
        # spanscope configuration: $XDG_CONFIG_HOME/spanscope/config.toml (or ~/.config/spanscope/config.toml).
        # Every setting is optional; this file shows the defaults, commented out.

        [defaults]
        # utc = false             # times in UTC instead of local time
        # follow_interval = 0.2   # seconds between looks at files given to --follow

        # Named backends: `spanscope @prod` opens one, `spanscope backends` checks them all.
        # [backends.prod]
        # url = "https://tempo.example.com/tempo"   # kind is probed; force with kind = "tempo"
        # tenant = "team-a"                         # X-Scope-OrgID (Tempo) or x-tenant (Jaeger)
        # token_env = "TEMPO_TOKEN"                 # bearer token from this variable (or token_file)
        # user = "12345"                            # basic auth; password_env or password_file
        # headers = ["X-Extra: 1"]
        # ca_file = "/etc/ssl/my-ca.pem"            # also client_cert, client_key, insecure = true
        # timeout = 30                              # seconds per request
        # poll = 5                                  # seconds between searches (0: no polling)
        # query = "service=frontend since=1h"       # the search to start with
        # loki = "http://loki:3100"                 # logs of opened traces; loki_selector = "{app=\"shop\"}"

        [colors]
        # Foreground colour (0-255) per role on 256-colour terminals. NO_COLOR still turns colour off.

        """
        for role in Role.allCases { out += "# \(role.rawValue) = \(Theme.palette256.style(for: role).foreground)\n" }
        out += "\n# Key bindings per context: <command> = \"<key>\" or [\"<key>\", ...] replaces that command's keys\n"
        out += "# there (notation: docs/keybindings.md). A key taken from another command is moved, with a warning.\n"
        for ctx in Context.allCases {
            out += "\n[keys.\(ctx.rawValue)]\n"
            for b in KeyMap.default.bindings where b.context == ctx {
                let keys = b.keys.map { "\"" + KeyNotation.describe($0).replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                out += "# \(b.command.name) = [\(keys.joined(separator: ", "))]   # \(b.help)\n"
            }
        }
        return out
    }
}

/// Line numbers for messages: TOMLKit reports them for syntax errors only, so a key's line is
/// found in the text, within its `[section]`.
struct SourceLines {
    let lines: [Substring]
    init(_ text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    func line(ofKey key: String, in section: String?) -> Int {
        var inSection = section == nil
        for (i, raw) in lines.enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                let name = l.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                inSection = section == nil ? (name == key) : name == section
                if section == nil && name.hasPrefix(key) { return i + 1 }
                if section != nil, name == section! + "." + key { return i + 1 }
                continue
            }
            if inSection, l.hasPrefix(key), l.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                return i + 1
            }
        }
        return 1
    }
}
