import TraceAnalysis
import TraceModel
import Export
import TerminalUI

/// `x` then a choice: the selected span's subtree or the whole trace, as OTLP JSON or a text
/// tree, to a file in the current directory or to the clipboard. `update` stays pure: the file
/// write is a `.writeFile` effect the run loop performs.
extension AppState {
    mutating func performExport(_ cmd: Command) -> [Effect] {
        exportMenu = false
        message = ""
        guard let wf = waterfall, !wf.index.tree.nodes.isEmpty else { return [] }
        let set = data.set
        let tree = wf.index.tree
        // The subtree of the selected span (a placeholder: its orphan; a virtual row: its first span).
        let root = Int(wf.selectedNode)
        // The whole trace is the outermost view, even while focused.
        let full = (focusStack.first ?? wf).index.tree
        let traceID = full.traceID.hex
        let spanID = tree.nodes[root].displayID
        let subtreeSpans = Int(tree.nodes[root].subtreeEnd) - root
        if (cmd == .exportTraceOTLP || cmd == .exportTraceText) && full.nodes.count > Thresholds.backgroundSpans {
            // Writing a whole large trace takes seconds: a job, so keys stay live.
            let otlp = cmd == .exportTraceOTLP
            let name = "spanscope-\(traceID)" + (otlp ? ".otlp.json" : ".txt")
            return startJob("writing \(name)") { _ in
                var bytes: [UInt8] = []
                if otlp { ExportOTLP.write(set: set, trees: [full], to: &bytes) } else {
                    bytes = Array(TextTree.text(set: set, tree: full).utf8)
                }
                return .exportReady(path: name, bytes: bytes, spans: full.nodes.count)
            }
        }
        switch cmd {
        case .exportSubtreeOTLP, .copySubtreeOTLP, .exportTraceOTLP:
            var bytes: [UInt8] = []
            if cmd == .exportTraceOTLP {
                ExportOTLP.write(set: set, trees: [full], to: &bytes)
            } else {
                ExportOTLP.write(set: set, tree: tree, root: root, to: &bytes)
            }
            if cmd == .copySubtreeOTLP { return copy(String(decoding: bytes, as: UTF8.self), spans: subtreeSpans) }
            let name = cmd == .exportTraceOTLP ? "spanscope-\(traceID).otlp.json" : "spanscope-\(traceID)-\(spanID).otlp.json"
            return write(name, bytes, spans: cmd == .exportTraceOTLP ? full.nodes.count : subtreeSpans)
        case .exportSubtreeText, .copySubtreeText, .exportTraceText:
            let text = cmd == .exportTraceText ? TextTree.text(set: set, tree: full)
                : TextTree.text(set: set, tree: tree, root: root)
            if cmd == .copySubtreeText { return copy(text, spans: subtreeSpans) }
            let name = cmd == .exportTraceText ? "spanscope-\(traceID).txt" : "spanscope-\(traceID)-\(spanID).txt"
            return write(name, Array(text.utf8), spans: cmd == .exportTraceText ? full.nodes.count : subtreeSpans)
        default:
            return []
        }
    }

    mutating func write(_ path: String, _ bytes: [UInt8], spans: Int) -> [Effect] {
        message = "wrote \(path) (\(Plural.counted(spans, "span")), \(Self.size(bytes.count)))"
        return [.writeFile(path: path, bytes: bytes)]
    }

    private mutating func copy(_ text: String, spans: Int) -> [Effect] {
        let n = text.utf8.count
        guard n <= Thresholds.clipboardBytes else {
            message = "\(Self.size(n)) is too big for the clipboard (OSC 52, at most \(Self.size(Thresholds.clipboardBytes))): x then o or t writes a file"
            return []
        }
        message = "copied \(Plural.counted(spans, "span")) (\(Self.size(n))) to the clipboard"
        return [.copyToClipboard(text)]
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1_000 ? "\(bytes) B" : bytes < 1_000_000 ? "\(bytes / 1_000) KB" : "\(bytes / 1_000_000).\(bytes / 100_000 % 10) MB"
    }
}
