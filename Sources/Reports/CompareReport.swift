import TerminalUI
import TraceAnalysis
import TraceModel

/// `spanscope compare A B`: the explorer's compare screen (`TraceComparison`, per operation, B − A)
/// as text within `AnalyzeText.width` columns, or as JSON.
public struct CompareReport: Sendable {
    public struct Side: Sendable {
        public var traceID: TraceID
        public var root: String
        public init(_ set: TraceSet, _ tree: TraceTree) {
            traceID = tree.traceID
            if let r = tree.roots.first {
                let span = set.spans[tree.nodes[Int(r)].spanIndex]
                root = set.strings[span.service] + ": " + set.strings[span.name]
            } else {
                root = ""
            }
        }
    }

    public var a: Side
    public var b: Side
    public var comparison: TraceComparison

    /// A and B may come from different sets: the comparison matches operations by name.
    public init(a: (TraceSet, TraceTree), b: (TraceSet, TraceTree)) {
        self.a = Side(a.0, a.1)
        self.b = Side(b.0, b.1)
        comparison = TraceComparison(a: TraceStatistics(a.0, tree: a.1), b: TraceStatistics(b.0, tree: b.1))
    }

    /// Largest increase of total time first, as the compare screen opens.
    public var order: [Int] { comparison.order(by: .total, descending: true) }

    static func signed(_ ns: Int64) -> String { ns > 0 ? "+" + Units.duration(ns) : Units.duration(ns) }
    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : String(n) }

    public func write(to out: inout String) {
        let width = AnalyzeText.width
        let c = comparison
        out += AnalyzeText.line("A  ", a.traceID.hex + "  " + a.root, "  " + Units.duration(c.durationA))
        out += AnalyzeText.line("B  ", b.traceID.hex + "  " + b.root, "  " + Units.duration(c.durationB))
        out += "Δ  " + Self.signed(c.durationB &- c.durationA) + " (B − A)\n\n"
        let widths = [5, 5, 5, 9, 9, 9, 9, 9, 9]
        let nameWidth = width - 2 - widths.reduce(0, +)
        out += "  " + Sanitize.pad("service: operation", nameWidth)
        out += AnalyzeText.header(["A n", "B n", "Δ n", "A total", "B total", "Δ total", "A self", "B self", "Δ self"], widths) + "\n"
        for i in order {
            let r = c.rows[i]
            func time(_ ns: Int64, _ count: Int) -> String { count == 0 ? "-" : Units.duration(ns) }
            let cells = [r.a.count == 0 ? "-" : String(r.a.count), r.b.count == 0 ? "-" : String(r.b.count), Self.signed(r.countDelta),
                         time(r.a.totalNs, r.a.count), time(r.b.totalNs, r.b.count), Self.signed(r.totalDelta),
                         time(r.a.selfNs, r.a.count), time(r.b.selfNs, r.b.count), Self.signed(r.selfDelta)]
            out += "  " + Sanitize.pad(r.service + ": " + r.operation, nameWidth)
            out += zip(cells, widths).map { Sanitize.pad($0, $1, right: true) }.joined() + "\n"
        }
    }

    public func writeJSON(to out: inout [UInt8]) {
        func side(_ s: Side, _ durationNs: Int64) {
            out.append(contentsOf: "{\"traceId\":\"\(s.traceID.hex)\",\"root\":".utf8)
            AnalyzeJSON.string(s.root, &out)
            out.append(contentsOf: ",\"durationUs\":\(Units.micros(durationNs))}".utf8)
        }
        func numbers(_ s: TraceComparison.Side, _ out: inout [UInt8]) {
            out.append(contentsOf: "{\"count\":\(s.count),\"totalUs\":\(Units.micros(s.totalNs)),\"selfUs\":\(Units.micros(s.selfNs)),\"meanUs\":\(Units.micros(s.meanNs))}".utf8)
        }
        out.append(contentsOf: "{\"a\":".utf8)
        side(a, comparison.durationA)
        out.append(contentsOf: ",\"b\":".utf8)
        side(b, comparison.durationB)
        AnalyzeJSON.list("operations", order.map { comparison.rows[$0] }, &out) { r, out in
            out.append(contentsOf: "{\"service\":".utf8)
            AnalyzeJSON.string(r.service, &out)
            out.append(contentsOf: ",\"name\":".utf8)
            AnalyzeJSON.string(r.operation, &out)
            out.append(contentsOf: ",\"a\":".utf8)
            numbers(r.a, &out)
            out.append(contentsOf: ",\"b\":".utf8)
            numbers(r.b, &out)
            out.append(0x7D)
        }
        out.append(contentsOf: "}\n".utf8)
    }
}
