import TerminalUI
import TraceModel

/// What could not be loaded (errors: a file skipped) and what was repaired while loading
/// (warnings), as the command line printed them. The explorer shows a count in the titles, the
/// first error in the status line at start, and every line on a screen of its own (`!`).
public struct LoadProblems: Sendable, Equatable {
    public var errors: [String]
    public var warnings: [String]

    public init(errors: [String] = [], warnings: [String] = []) {
        self.errors = errors
        self.warnings = warnings
    }

    public var isEmpty: Bool { errors.isEmpty && warnings.isEmpty }

    /// "2 files failed · 5 warnings", or nil when everything loaded cleanly.
    public var counts: String? {
        guard !isEmpty else { return nil }
        var parts: [String] = []
        if !errors.isEmpty { parts.append(Plural.counted(errors.count, "file", "files") + " failed") }
        if !warnings.isEmpty { parts.append(Plural.counted(warnings.count, "warning")) }
        return parts.joined(separator: " · ")
    }

    /// `counts` and the key that lists them, for the titles.
    func summary(key: String) -> String? { counts.map { $0 + " (\(key) lists them)" } }

    /// For the status line at start: the first error, else how many warnings and the first.
    public var firstLine: String {
        if let e = errors.first { return "error: " + e }
        guard let w = warnings.first else { return "" }
        return warnings.count == 1 ? "warning: " + w : "\(warnings.count) warnings, first: " + w
    }

    /// The problems screen's lines, errors first.
    var lines: [(text: String, role: Role)] {
        errors.map { ("error: " + Sanitize.text($0), Role.error) } + warnings.map { ("warning: " + Sanitize.text($0), Role.logWarn) }
    }
}
