import TerminalUI

/// The load errors and warnings screen (`!`): a scrolled list of wrapped lines.
extension AppState {
    mutating func openProblems() {
        guard !problems.isEmpty else {
            message = "every input loaded without errors or warnings"
            return
        }
        if screen != .problems { stack.append(.problems) }
        problemsScroll = 0
    }

    /// Rows the problems list has on screen (title and status bar excluded).
    var problemsBodyHeight: Int { max(1, height - 2) }

    mutating func performProblems(_ cmd: Command) -> [Effect] {
        let count = ProblemsView.lines(problems, width: width).count
        let page = problemsBodyHeight
        let last = max(0, count - page)
        if let s = Self.motion(cmd, cursor: problemsScroll, count: last + 1, page: page) { problemsScroll = s }
        return []
    }
}

extension AppState {
    /// "2 files failed · 5 warnings (! lists them)" for the titles; nil when all loaded cleanly.
    var problemsNote: String? {
        let key = keyMap.bindings(for: .traceList).first { $0.command == .openProblems }
        return problems.summary(key: key.map { KeyNotation.describe($0.keys[0]) } ?? "!")
    }

    /// Takes the problems of a load: the first error (or the warnings' count) goes to the status line.
    mutating func adopt(problems p: LoadProblems) {
        problems = p
        if message.isEmpty { message = Sanitize.text(p.firstLine) }
    }
}
