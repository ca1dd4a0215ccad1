import Reports
import TerminalUI
import TraceAnalysis
import TraceModel

/// The details pane for the selected span. Details are decoded here, for that one span only.
enum SpanDetailView {
    struct Line {
        var text: String
        var role: Role
    }

    static func draw(_ state: AppState, _ wf: WaterfallState, into grid: inout CellGrid, area: Rect) {
        grid.fill(area)
        let focused = wf.focus == .details
        let ofLog = wf.detailsShowLog && wf.logsShown
        let title = ofLog ? "Log details" : "Span details"
        grid.box(area, role: focused ? .header : .border, ascii: !state.unicode,
                 title: focused ? title + " (focused)" : title, titleRole: .header)
        let inner = area.inset(top: 1, left: 2, bottom: 1, right: 1)
        guard inner.width > 4, inner.height > 0 else { return }
        let all = ofLog ? LogDetailView.lines(state, wf, width: inner.width) : lines(state, wf, width: inner.width)
        let scroll = max(0, min(wf.detailScroll, all.count - inner.height))
        for r in 0..<inner.height {
            guard scroll + r < all.count else { break }
            let line = all[scroll + r]
            grid.put(line.text, x: inner.x, y: inner.y + r, role: line.role, maxWidth: inner.width)
        }
    }

    /// The pane's content, wrapped to `width` columns.
    static func lines(_ state: AppState, _ wf: WaterfallState, width: Int) -> [Line] {
        let tree = wf.index.tree
        let node = Int(wf.selectedNode)
        let n = tree.nodes[node]
        let set = state.data.set
        if let v = wf.selectedVirtual { return virtualLines(state, wf, v).flatMap { wrap($0, width) } }
        if wf.isPlaceholderSelected {
            return [Line(text: "missing parent", role: .orphan),
                    Line(text: "span id \(n.missingParentID?.hex ?? "?") is referenced as a parent but is not in the trace", role: .normal)]
                .flatMap { wrap($0, width) }
        }
        let span = set.spans[n.spanIndex]
        let d = set.details(span)
        var out: [Line] = []
        func kv(_ rows: [(String, String)], role: Role = .normal) { out += kvLines(rows, width: width, role: role) }
        func section(_ title: String) { out += sectionLines(title) }
        out += wrap(Line(text: TextWidth.sanitize(bounded(set.name(span), width)), role: span.isError ? .error : .header), width)
        var status = span.status == .error ? "error" : (span.status == .ok ? "ok" : "unset")
        if !d.statusMessage.isEmpty { status += ": " + d.statusMessage }
        let parent: String
        if n.parent >= 0 {
            parent = tree.nodes[Int(n.parent)].displayID
        } else if let m = n.missingParentID {
            parent = m.hex + " (missing)"
        } else {
            parent = "none (root)"
        }
        var rows = [("service", set.service(span)), ("kind", span.kind.label), ("status", status),
            ("start", "+" + Units.duration(n.start - tree.startNs)), ("duration", Units.duration(n.duration)),
            ("self time", Units.duration(n.selfNs)), ("critical path", Units.duration(n.criticalNs)),
            ("span id", n.displayID), ("trace id", span.traceID.hex), ("parent", parent)]
        // Linked logs: only for spans that have some, so other spans' details stay as they were.
        if state.data.logs.count(trace: tree.traceID) > 0, let mark = wf.index.logs.marks[Int32(node)] {
            let errors = mark.errors > 0 ? ", \(mark.errors) error" + (mark.errors == 1 ? "" : "s") : ""
            rows.append(("logs", "\(mark.count)\(errors) (L shows them)"))
        }
        kv(rows)
        if let o = state.data.outlier(n) {
            let text = outlierText(o, set.service(span), set.name(span), mark: Glyphs(unicode: state.unicode).outlier)
            out += wrap(Line(text: text, role: .orphan), width, indent: 2)
        }
        var warnings = warningLines(tree, node: node) + (d.unavailable.isEmpty ? [] : [d.unavailable])
        if span.flags.contains(.timeClamped) { warnings.append("impossible start or end in the file: clamped to 1970–2116") }
        if d.clampedEventTimes > 0 {
            warnings.append("\(d.clampedEventTimes) event time\(d.clampedEventTimes == 1 ? "" : "s") outside 1970–2116: clamped")
        }
        if !warnings.isEmpty {
            section("Warnings")
            for w in warnings { out += wrap(Line(text: "! " + w, role: .orphan), width, indent: 2) }
        }
        if !d.attributes.isEmpty { section("Attributes"); kv(sorted(d.attributes)) }
        if let r = set.resource(span.resource), !r.attributes.isEmpty { section("Resource"); kv(sorted(r.attributes)) }
        if !d.scopeName.isEmpty || !d.scopeAttributes.isEmpty {
            section("Scope")
            kv([("name", d.scopeName), ("version", d.scopeVersion)].filter { !$0.1.isEmpty } + sorted(d.scopeAttributes))
        }
        if !d.events.isEmpty {
            section("Events (\(d.events.count))")
            for e in d.events {
                let at = e.time &+ n.skewShiftNs &- n.start
                out += wrap(Line(text: "+" + Units.duration(at) + "  " + TextWidth.sanitize(bounded(e.name, width)), role: .normal), width, indent: 2)
                for (k, v) in sorted(e.attributes) { out += wrap(Line(text: "    " + k + " = " + TextWidth.sanitize(bounded(v, width)), role: .dim), width, indent: 6) }
            }
        }
        if !d.links.isEmpty {
            section("Links (\(d.links.count))")
            for link in d.links {
                out += wrap(Line(text: "trace \(link.traceID.hex) span \(link.spanID.hex)", role: .normal), width, indent: 2)
                for (k, v) in sorted(link.attributes) { out += wrap(Line(text: "    " + k + " = " + TextWidth.sanitize(bounded(v, width)), role: .dim), width, indent: 6) }
            }
        }
        return out
    }

    /// Rows one value may take: a 100 MB span name shows its start and its length, not a
    /// million wrapped rows built for a pane that shows forty.
    static let maxValueRows = 40

    /// `text`, or its first `maxValueRows` rows' worth followed by its length.
    static func bounded(_ text: String, _ width: Int) -> String {
        let room = max(width, 20) * maxValueRows
        guard text.utf8.count > room else { return text }
        return String(text.prefix(room)) + " … (\(Units.count(text.utf8.count)) bytes)"
    }

    /// Aligned `key  value` rows, wrapped under the value column.
    static func kvLines(_ rows: [(String, String)], width: Int, role: Role = .normal) -> [Line] {
        let kw = min(18, rows.map { TextWidth.width($0.0) }.max() ?? 0)
        return rows.flatMap { k, v in
            wrap(Line(text: TextWidth.pad(k, to: kw) + "  " + TextWidth.sanitize(bounded(v, width)), role: role), width, indent: kw + 2)
        }
    }

    static func sectionLines(_ title: String) -> [Line] {
        [Line(text: "", role: .normal), Line(text: title, role: .header)]
    }

    /// "▲ duration 4.2× the median (10.0 ms) of 57 db: query spans".
    static func outlierText(_ o: OperationBaseline.Outlier, _ service: String, _ name: String, mark: String) -> String {
        let tenths = Int((o.ratio * 10).rounded())
        let ratio = tenths >= 1000 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
        return mark + " duration \(ratio)× the median (\(Units.duration(o.medianNs))) of \(o.count) \(service): \(name) spans"
    }

    static func sorted(_ attrs: [Attribute]) -> [(String, String)] {
        attrs.map { (TextWidth.sanitize(bounded($0.key, 80)), $0.value.text) }.sorted { $0.0 < $1.0 }
    }

    static func warningLines(_ tree: TraceTree, node: Int) -> [String] {
        let n = tree.nodes[node]
        var w: [String] = []
        if n.isOrphan { w.append("orphan: parent \(n.missingParentID?.hex ?? "?") is not in the trace") }
        if n.flags.contains(.skewAdjusted) { w.append("skew-adjusted by \(Units.duration(n.skewShiftNs))") }
        if n.parent >= 0 {
            let p = tree.nodes[Int(n.parent)]
            if n.start < p.start || n.end > p.end { w.append("clipped: extends outside its parent") }
        }
        if n.flags.contains(.missingStart) { w.append("no start time: placed at its parent's start") }
        if n.flags.contains(.missingDuration) { w.append("no duration") }
        if n.flags.contains(.endBeforeStart) { w.append("end before start: duration set to 0") }
        if n.flags.contains(.duplicateID) { w.append("duplicate span id: shown as \(n.displayID)") }
        if n.flags.contains(.cycleCut) { w.append("parent loop cut here") }
        return w
    }

    /// Splits a line into rows of at most `width` columns; continuation rows are indented.
    /// A fold or hidden row: what it stands for, and how to see the spans.
    static func virtualLines(_ state: AppState, _ wf: WaterfallState, _ v: VirtualRow) -> [Line] {
        let set = state.data.set
        let first = set.spans[wf.index.tree.nodes[Int(v.anchor)].spanIndex]
        var out: [Line]
        if v.kind == .fold {
            out = [Line(text: "\(v.members) × \(set.service(first)): \(set.name(first))", role: .header),
                   Line(text: "same-name siblings folded by z", role: .dim)]
        } else {
            out = [Line(text: "\(v.spans) span\(v.spans == 1 ? "" : "s") hidden", role: .header),
                   Line(text: wf.filter.criticalOnly ? "off the critical path (C shows them)"
                        : "shorter than \(Units.duration(wf.filter.minDuration)) (z shows them)", role: .dim)]
        }
        out += [Line(text: "", role: .normal),
                Line(text: "siblings       \(v.members) (\(v.spans) span\(v.spans == 1 ? "" : "s") with descendants)", role: .normal),
                Line(text: "total          \(Units.duration(v.totalNs))", role: .normal),
                Line(text: "max            \(Units.duration(v.maxNs))", role: .normal),
                Line(text: "mean           \(Units.duration(v.totalNs / Int64(max(1, v.members))))", role: .normal),
                Line(text: "from – to      \(Units.duration(wf.index.tree.nodes[Int(v.anchor)].start - wf.index.tree.startNs)) – "
                     + Units.duration(v.endNs - wf.index.tree.startNs), role: .normal)]
        if v.kind == .fold { out.append(Line(text: "<Space> unfolds", role: .dim)) }
        return out.map { Line(text: TextWidth.sanitize($0.text), role: $0.role) }
    }

    static func wrap(_ line: Line, _ width: Int, indent: Int = 0) -> [Line] {
        guard width > indent + 4, TextWidth.width(line.text) > width else { return [line] }
        var out: [Line] = []
        var cur = ""
        var used = 0
        let pad = String(repeating: " ", count: indent)
        for ch in line.text {
            let w = TextWidth.width(ch)
            if used + w > width {
                // Break after the last space when there is one past the indent (word wrap).
                var tail = ""
                if let sp = cur.lastIndex(of: " "), cur.distance(from: cur.startIndex, to: sp) > indent + 2 {
                    tail = String(cur[cur.index(after: sp)...])
                    cur = String(cur[..<sp])
                }
                out.append(Line(text: cur, role: line.role))
                cur = pad + tail
                used = indent + TextWidth.width(tail)
            }
            cur.append(ch)
            used += w
        }
        if !cur.isEmpty { out.append(Line(text: cur, role: line.role)) }
        return out
    }
}
