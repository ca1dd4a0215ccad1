import Foundation
import Reports
import TerminalUI
import TraceModel

/// The details pane for the log line under the logs cursor: time, severity, span, the body
/// (structured bodies as aligned key/values, long ones wrapped) and attributes.
enum LogDetailView {
    typealias Line = SpanDetailView.Line

    static func lines(_ state: AppState, _ wf: WaterfallState, width: Int) -> [Line] {
        guard let line = wf.logs.selected else { return [Line(text: "no log line under the cursor", role: .dim)] }
        let data = state.data
        let tree = wf.index.tree
        var spanLabel = "none in this trace"
        if line.node >= 0 {
            let span = data.set.spans[tree.nodes[Int(line.node)].spanIndex]
            spanLabel = data.set.service(span) + ": " + data.set.name(span)
        }
        let when = Format.clock(line.time) + " (" + LogPaneView.offset(line.time - tree.startNs) + " from trace start)"
        var out: [Line] = []
        switch line.source {
        case .record(let r):
            let rec = data.set.logs[Int(r)]
            let (sev, role) = LogPaneView.severity(line, data: data, tree: tree)
            out += SpanDetailView.wrap(Line(text: sev + " log record", role: role), width)
            var rows = [("time", when), ("severity", severityText(rec)), ("span", spanLabel),
                        ("span id", rec.spanID == .zero ? "-" : rec.spanID.hex), ("trace id", rec.traceID.hex)]
            if !rec.eventName.isEmpty { rows.append(("event name", rec.eventName)) }
            out += SpanDetailView.kvLines(rows, width: width)
            out += SpanDetailView.sectionLines("Body")
            if let kv = structured(rec.body) {
                out += SpanDetailView.kvLines(kv, width: width)
            } else {
                // A multi-line body (a stack trace) keeps its lines here; the pane shows it on one row.
                for part in SpanDetailView.bounded(rec.body.text, width).split(separator: "\n", omittingEmptySubsequences: false) {
                    let text = TextWidth.sanitize(part.replacingOccurrences(of: "\t", with: "    ").trimmingCharacters(in: ["\r"]))
                    out += SpanDetailView.wrap(Line(text: text, role: .normal), width)
                }
            }
            if !rec.attributes.isEmpty {
                out += SpanDetailView.sectionLines("Attributes")
                out += SpanDetailView.kvLines(SpanDetailView.sorted(rec.attributes), width: width)
            }
            if let res = data.set.resource(rec.resource), !res.attributes.isEmpty {
                out += SpanDetailView.sectionLines("Resource")
                out += SpanDetailView.kvLines(SpanDetailView.sorted(res.attributes), width: width)
            }
        case .event:
            let e = LogText.event(line, data: data, tree: tree)
            out += SpanDetailView.wrap(Line(text: "span event: " + (e?.name ?? "?"), role: .header), width)
            out += SpanDetailView.kvLines([("time", when), ("span", spanLabel)], width: width)
            if let e, !e.attributes.isEmpty {
                out += SpanDetailView.sectionLines("Attributes")
                out += SpanDetailView.kvLines(SpanDetailView.sorted(e.attributes), width: width)
            }
        }
        return out
    }

    static func severityText(_ r: LogRecord) -> String {
        let text = r.severityText.isEmpty ? LogText.severityLabel(r) : r.severityText
        return r.severityNumber == 0 ? text : text + " (\(r.severityNumber))"
    }

    /// Key/value rows of a structured body: a kvlist, or a string that holds a JSON object
    /// (nested objects flattened to dotted keys); nil for anything else.
    static func structured(_ body: AttributeValue) -> [(String, String)]? {
        switch body {
        case .keyValues(let kv):
            var out: [(String, String)] = []
            flatten(kv, prefix: "", into: &out)
            return out
        case .string(let s):
            guard s.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }) == UInt8(ascii: "{"),
                  let object = try? JSONSerialization.jsonObject(with: Data(s.utf8)),
                  object is [String: Any] else { return nil }
            var out: [(String, String)] = []
            flattenJSON(object, prefix: "", into: &out)
            return out
        default:
            return nil
        }
    }

    static func flatten(_ kv: [Attribute], prefix: String, into out: inout [(String, String)]) {
        for a in kv {
            let key = prefix + TextWidth.sanitize(a.key)
            if case .keyValues(let inner) = a.value, !inner.isEmpty {
                flatten(inner, prefix: key + ".", into: &out)
            } else {
                out.append((key, a.value.text))
            }
        }
    }

    static func flattenJSON(_ v: Any, prefix: String, into out: inout [(String, String)]) {
        if let d = v as? [String: Any], !d.isEmpty {
            for k in d.keys.sorted() { 
                let key = TextWidth.sanitize(k)
                flattenJSON(d[k]!, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &out)
            }
        } else if let s = v as? String {
            out.append((prefix, s))
        } else {
            let data = try? JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed])
            out.append((prefix, data.map { String(decoding: $0, as: UTF8.self) } ?? "?"))
        }
    }
}
