/// One `key=value` word after unquoting.
struct QueryWord {
    var key: String
    var value: String
    /// The key was quoted: always a tag, even when it spells a reserved name.
    var keyQuoted: Bool
    var raw: String
    var column: Int

    /// Whitespace separates words except inside double quotes; `\"` and `\\` escape inside quotes.
    static func split(_ text: String) -> Result<[QueryWord], QueryError> {
        let chars = Array(text)
        var words: [QueryWord] = []
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace {
                i += 1
                continue
            }
            let start = i
            var key = ""
            var value = ""
            var seenEquals = false
            var keyQuoted = false
            while i < chars.count, !chars[i].isWhitespace {
                let c = chars[i]
                if c == "\"" {
                    let quoteAt = i
                    i += 1
                    var closed = false
                    while i < chars.count {
                        if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" {
                            if seenEquals { value.append(chars[i + 1]) } else { key.append(chars[i + 1]) }
                            i += 2
                            continue
                        }
                        if chars[i] == "\"" {
                            closed = true
                            i += 1
                            break
                        }
                        if seenEquals { value.append(chars[i]) } else { key.append(chars[i]) }
                        i += 1
                    }
                    if !closed {
                        return .failure(QueryError(column: quoteAt + 1, word: String(chars[start...]), reason: "unterminated quote"))
                    }
                    if !seenEquals { keyQuoted = true }
                    continue
                }
                if c == "=", !seenEquals {
                    seenEquals = true
                } else if seenEquals {
                    value.append(c)
                } else {
                    key.append(c)
                }
                i += 1
            }
            let raw = String(chars[start..<i])
            guard seenEquals else {
                return .failure(QueryError(column: start + 1, word: raw, reason: "expected key=value (e.g. service=frontend, min=200ms, since=1h)"))
            }
            words.append(QueryWord(key: key, value: value, keyQuoted: keyQuoted, raw: raw, column: start + 1))
        }
        return .success(words)
    }

    /// Quotes when the text would not read back as itself: whitespace, quotes, backslashes, an
    /// empty text; for keys also `=`, a leading `{` and reserved names (which would not be a tag).
    static func quoted(_ text: String, key: Bool) -> String {
        let needs = text.isEmpty || text.contains { $0.isWhitespace || $0 == "\"" || $0 == "\\" }
            || (key && (text.contains("=") || text.hasPrefix("{") || QueryReader.Field(text) != nil))
        guard needs else { return text }
        var out = "\""
        for c in text {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}
