import Foundation

/// The part of TraceQL a trace explorer sends: one spanset `{ a && b && … }` of comparisons
/// on intrinsics (`name`, `duration`, `status`, `kind`, `rootServiceName`, `rootName`,
/// `traceDuration`) and attributes (`resource.x`, `span.x`, `.x`). Anything else is a parse
/// error, as the real parser would report something for it.
struct TraceQL {
    struct Condition {
        var field: String
        var op: String
        var value: String
        /// The value was a quoted string (else a number, duration or keyword).
        var quoted: Bool
    }

    var conditions: [Condition]

    /// nil message = parsed.
    static func parse(_ text: String) -> Result<TraceQL, TraceQLError> {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix("{"), body.hasSuffix("}") else {
            return .failure(TraceQLError("parse error at line 1, col 1: syntax error: unexpected IDENTIFIER, expecting {"))
        }
        body = String(body.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        if body.isEmpty || body == "true" { return .success(TraceQL(conditions: [])) }
        if body.contains("||") || body.contains("{") || body.contains("}") {
            return .failure(TraceQLError("parse error: the fake Tempo understands one spanset of && conditions"))
        }
        var conditions: [Condition] = []
        for part in body.components(separatedBy: "&&") {
            let term = part.trimmingCharacters(in: .whitespaces)
            guard let op = ["!=", ">=", "<=", "=~", "!~", "=", ">", "<"].first(where: { term.contains($0) }),
                  let range = term.range(of: op) else {
                return .failure(TraceQLError("parse error at line 1: syntax error near \(goQuote(term))"))
            }
            let field = term[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            var value = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
            let quoted = value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
            if quoted { value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"") }
            guard !field.isEmpty, !value.isEmpty || quoted else {
                return .failure(TraceQLError("parse error at line 1: syntax error near \(goQuote(term))"))
            }
            conditions.append(Condition(field: field, op: op, value: value, quoted: quoted))
        }
        return .success(TraceQL(conditions: conditions))
    }

    /// Spans of `trace` that satisfy every span condition, when the trace-level ones hold.
    func matchingSpans(_ trace: FakeTrace) -> [FakeSpan] {
        let root = trace.root
        for condition in conditions {
            switch condition.field {
            case "rootServiceName", "trace:rootService":
                if !compare(root?.service ?? "", condition) { return [] }
            case "rootName", "trace:rootName":
                if !compare(root?.name ?? "", condition) { return [] }
            case "traceDuration", "trace:duration":
                if !compareDuration(trace.duration, condition) { return [] }
            default:
                continue
            }
        }
        return trace.spans.filter { span in conditions.allSatisfy { matches(span, $0) } }
    }

    /// Names of attributes the query touched (Tempo returns those with each matched span).
    var touchedAttributes: [String] {
        conditions.compactMap { condition in
            let field = condition.field
            for prefix in ["span.", "resource.", "."] where field.hasPrefix(prefix) { return String(field.dropFirst(prefix.count)) }
            return nil
        }
    }

    var touchesName: Bool { conditions.contains { $0.field == "name" || $0.field == "span:name" } }

    private func matches(_ span: FakeSpan, _ condition: Condition) -> Bool {
        switch condition.field {
        case "rootServiceName", "trace:rootService", "rootName", "trace:rootName", "traceDuration", "trace:duration":
            return true
        case "name", "span:name":
            return compare(span.name, condition)
        case "duration", "span:duration":
            return compareDuration(span.duration, condition)
        case "status", "span:status":
            return compare(span.error ? "error" : "unset", condition)
        case "kind", "span:kind":
            return compare(span.kind.rawValue, condition)
        case "resource.service.name", ".service.name":
            return compare(span.service, condition)
        default:
            for prefix in ["span.", "resource.", "."] where condition.field.hasPrefix(prefix) {
                let key = String(condition.field.dropFirst(prefix.count))
                if key == "error" && condition.value == "true" { return span.error == (condition.op == "=") }
                guard let value = span.attributes.first(where: { $0.key == key })?.value else { return condition.op == "!=" }
                return compare(value, condition)
            }
            return false
        }
    }

    private func compare(_ actual: String, _ condition: Condition) -> Bool {
        switch condition.op {
        case "=": return actual == condition.value
        case "!=": return actual != condition.value
        case "=~", "!~":
            let regex = try? NSRegularExpression(pattern: "^(?:\(condition.value))$")
            let found = regex?.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil
            return condition.op == "=~" ? found : !found
        default:
            if let a = Double(actual), let b = Double(condition.value) { return order(a, b, condition.op) }
            return false
        }
    }

    private func compareDuration(_ ns: Int64, _ condition: Condition) -> Bool {
        guard let wanted = parseGoDuration(condition.value) else { return false }
        if condition.op == "=" { return ns == wanted }
        if condition.op == "!=" { return ns != wanted }
        return order(Double(ns), Double(wanted), condition.op)
    }

    private func order(_ a: Double, _ b: Double, _ op: String) -> Bool {
        switch op {
        case ">": return a > b
        case ">=": return a >= b
        case "<": return a < b
        case "<=": return a <= b
        default: return false
        }
    }
}

struct TraceQLError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
