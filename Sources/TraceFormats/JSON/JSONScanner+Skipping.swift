extension JSONScanner {
    // MARK: - Skipping

    /// Skips one value of any kind, checking its structure. Iterative: depth costs heap, not stack.
    public mutating func skipValue() throws(JSONError) {
        guard let c = peek() else { throw error("unexpected end of input, expected a value") }
        switch c {
        case 0x22: _ = try readString()
        case 0x7B, 0x5B: try skipContainer()
        case 0x74: guard literal("true") else { throw unexpected(expected: "a value") }
        case 0x66: guard literal("false") else { throw unexpected(expected: "a value") }
        case 0x6E: guard literal("null") else { throw unexpected(expected: "a value") }
        case 0x2D, 0x30...0x39: _ = try readDoubleBody()
        default: throw unexpected(expected: "a value")
        }
    }

    /// Skips an object or array, checking the whole grammar, as one byte-driven state machine
    /// (no call per token; strings are crossed eight bytes at a time). Container kinds of the
    /// first 64 levels live in a bit stack, deeper ones in an array.
    mutating func skipContainer() throws(JSONError) {
        var stack = BracketStack()
        // 0 value, 1 key, 2 colon, 3 comma or close.
        var state = 0
        var justOpened = false
        var i = pos
        while i < end {
            let c = base[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1; continue }
            switch state {
            case 0:
                if c == 0x22 {
                    i = try afterString(quote: i)
                    state = 3
                } else if c == 0x7B || c == 0x5B {
                    guard stack.depth < Self.maxDepth else { pos = i; throw error("nesting deeper than \(Self.maxDepth)") }
                    let isObject = c == 0x7B
                    stack.push(object: isObject)
                    i += 1
                    state = isObject ? 1 : 0
                    justOpened = true
                    continue
                } else if c == 0x5D && justOpened {
                    stack.pop()
                    i += 1
                    if stack.depth == 0 { pos = i; return }
                    state = 3
                } else if c == 0x2D || (c >= 0x30 && c <= 0x39) {
                    pos = i
                    try skipNumber()
                    i = pos
                    state = 3
                } else if c == 0x74 || c == 0x66 || c == 0x6E {
                    pos = i
                    guard literal(c == 0x74 ? "true" : c == 0x66 ? "false" : "null") else {
                        throw unexpected(expected: "a value")
                    }
                    i = pos
                    state = 3
                } else {
                    pos = i
                    if c == 0x5D { throw error("trailing ',' in array") }
                    throw unexpected(expected: "a value")
                }
            case 1:
                if c == 0x22 {
                    i = try afterString(quote: i)
                    state = 2
                } else if c == 0x7D && justOpened {
                    stack.pop()
                    i += 1
                    if stack.depth == 0 { pos = i; return }
                    state = 3
                } else {
                    pos = i
                    if c == 0x7D { throw error("trailing ',' in object") }
                    throw unexpected(expected: "a key string")
                }
            case 2:
                guard c == 0x3A else { pos = i; throw unexpected(expected: "':' after key") }
                i += 1
                state = 0
            default:
                let object = stack.topIsObject
                if c == 0x2C {
                    i += 1
                    state = object ? 1 : 0
                } else if (object && c == 0x7D) || (!object && c == 0x5D) {
                    stack.pop()
                    i += 1
                    if stack.depth == 0 { pos = i; return }
                } else {
                    pos = i
                    throw unexpected(expected: object ? "',' or '}' in object" : "',' or ']' in array")
                }
            }
            justOpened = false
        }
        pos = end
        throw error("unexpected end of input inside \(stack.topIsObject ? "an object" : "an array")")
    }


    /// Index of the closing quote of a string whose contents start at `start` (or `end`).
    @inline(__always)
    public static func stringEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var escaped = false
        return stringEnd(base, start, end, escaped: &escaped)
    }

    /// The same, also telling whether the string holds backslash escapes. Eight bytes at a time:
    /// the first '"' or '\\' is found with the classic "has zero byte" bit trick; most strings
    /// end within one or two words.
    @inline(__always)
    public static func stringEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: inout Bool) -> Int {
        var i = start
        while true {
            while i + 8 <= end {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let q = w ^ 0x2222_2222_2222_2222
                let b = w ^ 0x5C5C_5C5C_5C5C_5C5C
                let m = ((q &- 0x0101_0101_0101_0101) & ~q | (b &- 0x0101_0101_0101_0101) & ~b) & 0x8080_8080_8080_8080
                if m != 0 { i += m.trailingZeroBitCount >> 3; break }
                i += 8
            }
            guard i < end else { return end }
            let c = base[i]
            if c == 0x22 { return i }
            if c == 0x5C { escaped = true; i += 2 } else { i += 1 }
        }
    }

    /// The index just past the string whose opening quote is at `quote`.
    @inline(__always)
    func afterString(quote: Int) throws(JSONError) -> Int {
        let close = Self.stringEnd(base, quote + 1, end)
        guard close < end else { throw error("unterminated string", at: quote) }
        return close + 1
    }

    /// Skips an object or array checking only what finding its end needs: strings end and
    /// brackets pair up. The grammar inside (commas, colons, literals) is left to whoever decodes
    /// the value later: the OTLP decoder uses this to cut the span array into pieces that are
    /// then decoded, fully checked, on several cores.
    ///
    /// Returns how many objects or arrays sit directly inside the skipped value (the element
    /// count of an array of objects, such as OTLP events or links).
    @discardableResult
    public mutating func skipStructure() throws(JSONError) -> Int {
        guard let c = peek(), c == 0x7B || c == 0x5B else { try skipValue(); return 0 }
        var children = 0
        var stack = BracketStack()
        var i = pos
        while i < end {
            let c = base[i]
            if c == 0x22 {
                i = try afterString(quote: i)
                continue
            }
            if c == 0x7B || c == 0x5B {
                guard stack.depth < Self.maxDepth else { pos = i; throw error("nesting deeper than \(Self.maxDepth)") }
                stack.push(object: c == 0x7B)
                if stack.depth == 2 { children += 1 }
            } else if c == 0x7D || c == 0x5D {
                if let mismatch = stack.closeMismatch(c) { pos = i; throw error(mismatch) }
                stack.pop()
                if stack.depth == 0 { pos = i + 1; return children }
            }
            i += 1
        }
        pos = end
        throw error("unexpected end of input inside \(stack.topIsObject ? "an object" : "an array")")
    }

    @inline(__always)
    mutating func skipNumber() throws(JSONError) {
        let start = pos
        if base[pos] == 0x2D { pos += 1 }
        var digits = 0
        while pos < end {
            let c = base[pos]
            if c >= 0x30 && c <= 0x39 { digits += 1; pos += 1 }
            else if c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D { pos += 1 }
            else { break }
        }
        if digits == 0 { throw error("malformed number", at: start) }
    }
}

/// Kinds of the open containers while crossing a value: a bit per level for the first 64
/// levels (no allocation on the hot path), an array beyond.
struct BracketStack {
    private var bits: UInt64 = 0  // bit set = object at that level
    private var deep: [Bool] = []
    private(set) var depth = 0

    @inline(__always)
    mutating func push(object: Bool) {
        depth += 1
        if depth > 64 { deep.append(object) }
        else if object { bits |= 1 << UInt64(depth - 1) }
        else { bits &= ~(1 << UInt64(depth - 1)) }
    }

    @inline(__always)
    mutating func pop() {
        if depth > 64 { deep.removeLast() }
        depth -= 1
    }

    @inline(__always)
    var topIsObject: Bool {
        depth <= 0 ? false : depth > 64 ? deep[depth - 65] : (bits >> UInt64(depth - 1)) & 1 == 1
    }

    /// The error for closing bracket `c` (`}` or `]`), or nil when it matches the open one.
    @inline(__always)
    func closeMismatch(_ c: UInt8) -> String? {
        if depth == 0 { return "unexpected \(c == 0x7D ? "'}'" : "']'")" }
        let object = topIsObject
        if object == (c == 0x7D) { return nil }
        return object ? "expected '}' to close the object, found ']'" : "expected ']' to close the array, found '}'"
    }
}
