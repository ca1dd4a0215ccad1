import TraceAnalysis
import TraceModel

/// `spanscope analyze --json`: the machine-readable analysis (docs/analyze-json.md).
/// Written straight into a byte buffer: a million spans must not build a million dictionaries.
public enum AnalyzeJSON {
    public static func write(_ analysis: Analysis, layout: ReportLayout = .init(), to out: inout [UInt8]) {
        write(analysis, layout: layout, to: &out, flush: nil)
    }

    /// Streams the JSON: `flush` receives the buffer whenever it passes 1 MB (and at the end),
    /// so a million-span report never sits in memory whole.
    public static func write(_ analysis: Analysis, layout: ReportLayout = .init(), flush: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 21)
        withoutActuallyEscaping(flush) { write(analysis, layout: layout, to: &out, flush: $0) }
        flush(out)
    }

    static func write(_ analysis: Analysis, layout: ReportLayout, to out: inout [UInt8], flush: (([UInt8]) -> Void)?) {
        let set = analysis.set
        let logs = analysis.logs
        let spanLogs = !logs.bySpan.isEmpty
        out.append(0x7B)
        if let source = layout.source {
            source.writeJSON(to: &out)
            out.append(0x2C)
        }
        if let summary = layout.summary {
            out.append(contentsOf: #""summary":"#.utf8)
            summary.writeJSON(to: &out)
            out.append(0x2C)
        }
        out.append(contentsOf: #""traces":["#.utf8)
        for (t, tree) in layout.sections(analysis).enumerated() {
            if t > 0 { out.append(0x2C) }
            out.append(contentsOf: "\n{\"traceId\":\"\(tree.traceID.hex)\",\"spanCount\":\(tree.nodes.count),\"rootSpanIds\":[".utf8)
            for (i, r) in tree.roots.enumerated() {
                if i > 0 { out.append(0x2C) }
                string(tree.nodes[Int(r)].displayID, &out)
            }
            out.append(contentsOf: "],\"durationUs\":\(Units.micros(tree.durationNs))".utf8)
            out.append(contentsOf: ",\"missingParents\":\(tree.missingParentCount)".utf8)
            out.append(contentsOf: ",\"logCount\":\(logs.count(trace: tree.traceID)),\"errorLogCount\":\(logs.errorCount(trace: tree.traceID))".utf8)
            out.append(contentsOf: ",\"warnings\":[".utf8)
            for (i, w) in tree.warnings.enumerated() {
                if i > 0 { out.append(0x2C) }
                string(w, &out)
            }
            out.append(contentsOf: "],\"spans\":[".utf8)
            for (i, node) in tree.nodes.enumerated() {
                if i > 0 { out.append(0x2C) }
                let span = set.spans[node.spanIndex]
                out.append(contentsOf: "\n{\"spanId\":".utf8)
                id(node, &out)
                out.append(contentsOf: ",\"parentSpanId\":".utf8)
                if node.parent >= 0 {
                    id(tree.nodes[Int(node.parent)], &out)
                } else if let missing = node.missingParentID {
                    string(missing.hex, &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
                out.append(contentsOf: ",\"service\":".utf8)
                string(set.strings[span.service], &out)
                out.append(contentsOf: ",\"name\":".utf8)
                string(set.strings[span.name], &out)
                field(",\"startUs\":", node.start, &out)
                field(",\"durationUs\":", node.duration, &out)
                field(",\"selfUs\":", node.selfNs, &out)
                field(",\"criticalUs\":", node.criticalNs, &out)
                out.append(contentsOf: kindFields[Int(span.kind.rawValue)].utf8)
                out.append(contentsOf: (span.isError ? ",\"error\":true" : ",\"error\":false").utf8)
                // Log records linked to the span (its events are not counted); a re-used id's
                // logs belong to the first span with it.
                let logCount = spanLogs && node.duplicateOrdinal == 0 ? logs.count(trace: tree.traceID, span: node.spanID) : 0
                out.append(contentsOf: ",\"logCount\":".utf8)
                digits(UInt64(logCount), &out)
                if node.isOrphan { out.append(contentsOf: ",\"orphan\":true".utf8) }
                if node.flags.contains(.sharedServer) { out.append(contentsOf: ",\"shared\":true".utf8) }
                if node.flags.contains(.skewAdjusted) {
                    out.append(contentsOf: ",\"skewShiftUs\":\(Units.micros(node.skewShiftNs))".utf8)
                }
                out.append(0x7D)
                if let flush, out.count > 1 << 20 {
                    flush(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            out.append(contentsOf: "],\"criticalPath\":[".utf8)
            for (i, seg) in tree.criticalPath.enumerated() {
                if i > 0 { out.append(0x2C) }
                out.append(contentsOf: "\n{\"spanId\":".utf8)
                string(tree.nodes[Int(seg.node)].displayID, &out)
                field(",\"startUs\":", seg.startNs, &out)
                field(",\"endUs\":", seg.endNs, &out)
                out.append(0x7D)
            }
            out.append(0x5D)
            AnalyzeEndToEnd.writeJSON(tree, &out)
            out.append(0x7D)
        }
        out.append(contentsOf: "\n],\"logCount\":\(set.logs.count),\"unlinkedLogCount\":\(logs.unlinked.count)}\n".utf8)
    }

    /// A node's display id as a JSON string, without building a String.
    @inline(__always)
    static func id(_ node: TraceTree.Node, _ out: inout [UInt8]) {
        out.append(0x22)
        let v = node.spanID.value
        var shift: UInt64 = 60
        while true {
            out.append(hexDigits[Int((v >> shift) & 0xF)])
            if shift == 0 { break }
            shift -= 4
        }
        if node.duplicateOrdinal != 0 {
            out.append(0x5F)
            digits(UInt64(node.duplicateOrdinal), &out)
        }
        out.append(0x22)
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static let kindFields = SpanKind.allCases.map { ",\"kind\":\"\($0.label)\"" }

    /// `name` then the exact microsecond value of `ns`, written digit by digit (no String per
    /// number: a million spans have four million of them).
    @inline(__always)
    static func field(_ name: StaticString, _ ns: Int64, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        micros(ns, &out)
    }

    static func micros(_ ns: Int64, _ out: inout [UInt8]) {
        if ns < 0 { out.append(0x2D) }
        let magnitude = ns.magnitude
        digits(magnitude / 1000, &out)
        var fraction = magnitude % 1000
        guard fraction != 0 else { return }
        out.append(0x2E)
        var scale: UInt64 = 100
        while fraction != 0 {
            out.append(0x30 + UInt8(fraction / scale))
            fraction %= scale
            scale /= 10
        }
    }

    static func digits(_ v: UInt64, _ out: inout [UInt8]) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for 20 digits
        withUnsafeMutableBytes(of: &buffer) { raw in
            var i = raw.count
            var v = v
            repeat {
                i -= 1
                raw[i] = 0x30 + UInt8(v % 10)
                v /= 10
            } while v != 0
            out.append(contentsOf: raw[i...])
        }
    }

    /// A JSON string literal (`JSONText.quote`: C0 and C1 controls escaped).
    static func string(_ s: String, _ out: inout [UInt8]) { JSONText.quote(s, into: &out) }
}
