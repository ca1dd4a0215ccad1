/// The TraceQL a Tempo search sends for a query without raw TraceQL.
extension BackendClient {
    /// `{ resource.service.name = "cart" && name = "GET /" && .http.status_code = 500 && duration >= 200ms }`.
    static func traceQL(for query: SearchQuery) -> String {
        var terms: [String] = []
        if let service = query.service { terms.append("resource.service.name = \(traceQLString(service))") }
        if let operation = query.operation { terms.append("name = \(traceQLString(operation))") }
        for tag in query.tags {
            let attribute = traceQLAttribute(tag.key)
            let text = "\(attribute) = \(traceQLString(tag.value))"
            // Attributes are typed: 500 the number is not "500" the string; match either.
            if let literal = traceQLLiteral(tag.value) { terms.append("(\(text) || \(attribute) = \(literal))") } else { terms.append(text) }
        }
        if let min = query.minDuration { terms.append("duration >= \(Durations.goFormat(min))") }
        if let max = query.maxDuration { terms.append("duration <= \(Durations.goFormat(max))") }
        return terms.isEmpty ? "{}" : "{ " + terms.joined(separator: " && ") + " }"
    }

    static func traceQLString(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// A scoped key (`span.x`, `resource.x`, `.x`) is kept; others match span or resource
    /// (`.key`); names outside TraceQL's identifier characters are quoted (`."a b"`).
    static func traceQLAttribute(_ key: String) -> String {
        for scope in ["span.", "resource.", "."] where key.hasPrefix(scope) && key.count > scope.count {
            let name = String(key.dropFirst(scope.count))
            return scope + (isPlainName(name) ? name : traceQLString(name))
        }
        return "." + (isPlainName(key) ? key : traceQLString(key))
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "." }
    }

    /// The value as a TraceQL number or boolean, when it reads as one.
    static func traceQLLiteral(_ value: String) -> String? {
        if value == "true" || value == "false" { return value }
        if Int64(value) != nil { return value }
        if value.contains("."), let d = Double(value), d.isFinite, value.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return value }
        return nil
    }
}
