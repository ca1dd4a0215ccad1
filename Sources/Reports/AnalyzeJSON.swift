import TraceAnalysis
import TraceModel

/// `spanscope analyze --json`: the machine-readable analysis (docs/analyze-json.md).
/// Written straight into a byte buffer: a million spans must not build a million dictionaries.
public enum AnalyzeJSON {
    public static func write(_ analysis: Analysis, to out: inout [UInt8]) {
        let set = analysis.set
        out.append(contentsOf: #"{"traces":["#.utf8)
        for (t, tree) in analysis.trees.enumerated() {
            if t > 0 { out.append(0x2C) }
            out.append(contentsOf: "\n{\"traceId\":\"\(tree.traceID.hex)\",\"spanCount\":\(tree.nodes.count),\"rootSpanIds\":[".utf8)
            for (i, r) in tree.roots.enumerated() {
                if i > 0 { out.append(0x2C) }
                string(tree.nodes[Int(r)].displayID, &out)
            }
            out.append(contentsOf: "],\"durationUs\":\(Units.micros(tree.durationNs))".utf8)
            out.append(contentsOf: ",\"missingParents\":\(tree.missingParentCount),\"warnings\":[".utf8)
            for (i, w) in tree.warnings.enumerated() {
                if i > 0 { out.append(0x2C) }
                string(w, &out)
            }
            out.append(contentsOf: "],\"spans\":[".utf8)
            for (i, node) in tree.nodes.enumerated() {
                if i > 0 { out.append(0x2C) }
                let span = set.spans[node.spanIndex]
                out.append(contentsOf: "\n{\"spanId\":".utf8)
                string(node.displayID, &out)
                out.append(contentsOf: ",\"parentSpanId\":".utf8)
                if node.parent >= 0 {
                    string(tree.nodes[Int(node.parent)].displayID, &out)
                } else if let missing = node.missingParentID {
                    string(missing.hex, &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
                out.append(contentsOf: ",\"service\":".utf8)
                string(set.strings[span.service], &out)
                out.append(contentsOf: ",\"name\":".utf8)
                string(set.strings[span.name], &out)
                out.append(contentsOf: ",\"startUs\":\(Units.micros(node.start)),\"durationUs\":\(Units.micros(node.duration)),\"selfUs\":\(Units.micros(node.selfNs)),\"criticalUs\":\(Units.micros(node.criticalNs))".utf8)
                out.append(contentsOf: ",\"kind\":\"\(span.kind.label)\",\"error\":\(span.isError)".utf8)
                if node.isOrphan { out.append(contentsOf: ",\"orphan\":true".utf8) }
                if node.flags.contains(.sharedServer) { out.append(contentsOf: ",\"shared\":true".utf8) }
                if node.flags.contains(.skewAdjusted) {
                    out.append(contentsOf: ",\"skewShiftUs\":\(Units.micros(node.skewShiftNs))".utf8)
                }
                out.append(0x7D)
            }
            out.append(contentsOf: "],\"criticalPath\":[".utf8)
            for (i, seg) in tree.criticalPath.enumerated() {
                if i > 0 { out.append(0x2C) }
                out.append(contentsOf: "\n{\"spanId\":".utf8)
                string(tree.nodes[Int(seg.node)].displayID, &out)
                out.append(contentsOf: ",\"startUs\":\(Units.micros(seg.startNs)),\"endUs\":\(Units.micros(seg.endNs))}".utf8)
            }
            out.append(contentsOf: "]}".utf8)
        }
        out.append(contentsOf: "\n]}\n".utf8)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func string(_ s: String, _ out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
