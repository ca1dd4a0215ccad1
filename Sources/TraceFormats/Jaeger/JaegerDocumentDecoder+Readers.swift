import TraceModel

extension JaegerDocumentDecoder {
    /// Envelope `errors: [{code, msg, traceID}]` → one message each.
    mutating func readEnvelopeErrors(_ s: inout JSONScanner) throws(JSONError) {
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            guard s.peek() == 0x7B else {
                if s.peek() == 0x22 { note("Jaeger query error: \(try s.readText())") } else { try s.skipValue() }
                return
            }
            var code = ""
            var msg = ""
            var trace = ""
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "code") {
                    let at = s.pos
                    try s.skipValue()
                    code = JaegerKeyValue.rawText(at: at, in: s)
                } else if s.key(k, is: "msg") || s.key(k, is: "message") {
                    if s.peek() == 0x22 { msg = try s.readText() } else { try s.skipValue() }
                } else if s.key(k, is: "traceid") {
                    if s.peek() == 0x22 { trace = try s.readText() } else { try s.skipValue() }
                } else {
                    try s.skipValue()
                }
            }
            var text = "Jaeger query error"
            if !code.isEmpty && code != "0" { text += " \(code)" }
            text += ": " + (msg.isEmpty ? "(no message)" : msg)
            if !trace.isEmpty { text += " (trace \(trace))" }
            note(text)
        }
    }

    mutating func readStrings(_ s: inout JSONScanner, into out: inout [String]) throws(JSONError) {
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            if s.peek() == 0x22 { out.append(try s.readText()) } else { try s.skipValue() }
        }
    }

    /// Elements in an array (0 for anything else).
    func countArray(_ s: inout JSONScanner) throws(JSONError) -> Int {
        var n = 0
        try s.forEachElement { (s: inout JSONScanner) throws(JSONError) in
            try s.skipValue()
            n += 1
        }
        return n
    }

    static func intern(_ s: JSONScanner, _ t: JSONString, _ set: inout TraceSet) -> StringID {
        s.withBytes(t) { b -> StringID in
            for c in b where c >= 0x80 { return set.strings.intern(JaegerText.string(b)) }
            return set.strings.intern(bytes: b)
        }
    }
}
