import TerminalUI
import ArgumentParser
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two traces per operation (count, total and self time, B − A), as the explorer's compare screen.",
        discussion: """
        A and B are trace ids or unique prefixes. With one source both are looked up in it; with two, \
        A is looked up in the first and B in the second (the same trace recorded twice can be compared).
        """
    )

    @Argument(help: "Trace A (hex id or unique prefix).")
    var a: String

    @Argument(help: "Trace B (hex id or unique prefix).")
    var b: String

    @Argument(help: "One or two trace sources (files, directories or quoted globs; '-' for standard input).")
    var sources: [String]

    @Flag(help: "Print JSON instead of text (see docs/analyze-json.md).")
    var json = false

    func validate() throws {
        guard (1...2).contains(sources.count) else { throw ValidationError("compare takes one or two sources, got \(sources.count)") }
        for (name, text) in [("trace A", a), ("trace B", b)] {
            if case .failure(let e) = IDLookup.trace(text, in: [], option: name), e.malformed { throw ValidationError(e.description) }
        }
    }

    func run() throws {
        let first = load(sources[0])
        let second = sources.count == 2 ? load(sources[1]) : first
        guard let ta = find(a, in: first), let tb = find(b, in: second) else { throw ExitCode(1) }
        let report = CompareReport(a: (first.set, ta), b: (second.set, tb))
        if json {
            var out: [UInt8] = []
            report.writeJSON(to: &out)
            Runner.writeStdout(out)
        } else {
            var out = ""
            report.write(to: &out)
            Runner.writeStdout(Array(out.utf8))
        }
    }

    func load(_ source: String) -> Analysis {
        let loaded = TraceLoader.load(paths: [source])
        for e in loaded.errors { Runner.printError("spanscope: \(Sanitize.text(e.description))") }
        for w in loaded.warnings { Runner.printError("spanscope: warning: \(Sanitize.text(w))") }
        return Analysis(loaded.set)
    }

    func find(_ text: String, in analysis: Analysis) -> TraceTree? {
        switch IDLookup.trace(text, in: analysis.trees.map(\.traceID)) {
        case .success(let id): return analysis.trees.first { $0.traceID == id }
        case .failure(let e):
            Runner.printError("spanscope: \(e)")
            return nil
        }
    }
}
