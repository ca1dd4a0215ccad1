/// Text from a trace or a server, made fit for one line of a message: control and format
/// characters removed (line breaks and tabs become one space), runs of spaces folded, at most
/// `limit` characters (the last one "…" when cut).
public func oneLine(_ text: String, limit: Int = 200) -> String {
    var out = ""
    var lastSpace = false
    for scalar in text.unicodeScalars {
        let category = scalar.properties.generalCategory
        if category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator {
            if scalar == "\t" || scalar == "\n" || scalar == "\r", !lastSpace, !out.isEmpty {
                out.unicodeScalars.append(" ")
                lastSpace = true
            }
            continue
        }
        if scalar == " " {
            if lastSpace { continue }
            lastSpace = true
        } else {
            lastSpace = false
        }
        out.unicodeScalars.append(scalar)
    }
    while out.hasSuffix(" ") { out.removeLast() }
    if out.count > limit { out = String(out.prefix(limit - 1)) + "…" }
    return out
}
