import TraceModel

/// A byte-level pull parser over a JSON buffer. Foundation's JSONSerialization/JSONDecoder were
/// measured 25–40× too slow for million-span files (docs/decisions.md), so the span path reads
/// bytes directly: no intermediate tree, strings are byte ranges until someone needs a `String`.
///
/// Every failure is a `JSONError` carrying the byte offset, so callers can name file, offset
/// and line in one message. Nothing here recurses on input nesting: `skipValue` keeps an
/// explicit stack with a depth limit, so hostile input cannot overflow the call stack.
public struct JSONScanner {
    public let base: UnsafePointer<UInt8>
    public let end: Int
    public var pos: Int

    /// Deepest nesting accepted; real trace files stay below 20.
    public static let maxDepth = 512

    public init(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0, to stop: Int? = nil) {
        // An empty buffer has no base address; point at a static byte and scan nothing.
        base = buffer.baseAddress ?? UnsafePointer(JSONScanner.emptyByte)
        end = stop ?? buffer.count
        pos = start
    }

    nonisolated(unsafe) private static let emptyByte: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()

    public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: end) }

    // MARK: - Whitespace and peeking

    @inline(__always)
    public mutating func skipWhitespace() {
        while pos < end {
            let c = base[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
        }
    }

    /// The next significant byte, or nil at the end of input.
    @inline(__always)
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return pos < end ? base[pos] : nil
    }

    public var atEnd: Bool { mutating get { peek() == nil } }

    public func error(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(offset: offset ?? pos, message: message)
    }

    @inline(__always)
    public mutating func expect(_ c: UInt8, _ what: StaticString) throws(JSONError) {
        guard peek() == c else { throw unexpected(expected: what) }
        pos += 1
    }

    public func unexpected(expected: StaticString) -> JSONError {
        if pos >= end { return error("unexpected end of input, expected \(expected)") }
        return error("expected \(expected), found \(JSONScanner.describe(base[pos]))")
    }

    static func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16)
    }

    // MARK: - Containers

    /// Consumes `{`. Use `nextKey()` to walk the members.
    public mutating func beginObject() throws(JSONError) { try expect(0x7B, "'{'") }

    /// Returns the next key (with its `:` consumed) or nil after consuming the closing `}`.
    /// `first` must be true for the first call after `beginObject`.
    @inline(__always)
    public mutating func nextKey(first: inout Bool) throws(JSONError) -> JSONString? {
        // Fast path for compact JSON: `,"key":` (or `"key":` first) with no whitespace.
        var i = pos
        if !first, i < end, base[i] == 0x2C { i += 1 }
        if (i != pos || first), i < end, base[i] == 0x22 {
            var escaped = false
            let close = Self.stringEnd(base, i + 1, end, escaped: &escaped)
            if close + 1 < end, base[close + 1] == 0x3A {
                first = false
                pos = close + 2
                return JSONString(start: i + 1, end: close, escaped: escaped)
            }
        }
        guard let c = peek() else { throw error("unexpected end of input inside an object") }
        if c == 0x7D { pos += 1; return nil }
        if first {
            first = false
        } else {
            guard c == 0x2C else { throw unexpected(expected: "',' or '}' in object") }
            pos += 1
            guard peek() == 0x22 else { throw unexpected(expected: "a key string") }
        }
        guard base[pos] == 0x22 else { throw unexpected(expected: "a key string or '}'") }
        let key = try readString()
        try expect(0x3A, "':' after key")
        return key
    }

    public mutating func beginArray() throws(JSONError) { try expect(0x5B, "'['") }

    /// True when another element follows (positioned at it); false after consuming `]`.
    @inline(__always)
    public mutating func nextElement(first: inout Bool) throws(JSONError) -> Bool {
        guard let c = peek() else { throw error("unexpected end of input inside an array") }
        if c == 0x5D { pos += 1; return false }
        if first { first = false; return true }
        guard c == 0x2C else { throw unexpected(expected: "',' or ']' in array") }
        pos += 1
        guard let d = peek() else { throw error("unexpected end of input inside an array") }
        if d == 0x5D { throw error("trailing ',' in array") }
        return true
    }

    /// Consumes `null` if it is next.
    public mutating func consumeNull() -> Bool {
        guard peek() == 0x6E, pos + 4 <= end, base[pos + 1] == 0x75, base[pos + 2] == 0x6C, base[pos + 3] == 0x6C
        else { return false }
        pos += 4
        return true
    }

    // MARK: - Strings

    /// Reads a string; the result is the byte range between the quotes (escapes unresolved).
    @inline(__always)
    public mutating func readString() throws(JSONError) -> JSONString {
        guard peek() == 0x22 else { throw unexpected(expected: "a string") }
        let start = pos + 1
        var escaped = false
        let close = Self.stringEnd(base, start, end, escaped: &escaped)
        guard close < end else { throw error("unterminated string", at: start - 1) }
        pos = close + 1
        return JSONString(start: start, end: close, escaped: escaped)
    }

    /// The decoded text of a string read by `readString`.
    public func text(_ s: JSONString) -> String {
        if !s.escaped { return String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.count), as: UTF8.self) }
        return String(decoding: unescaped(s), as: UTF8.self)
    }

    public mutating func readText() throws(JSONError) -> String { text(try readString()) }

    /// Raw bytes of a string without escapes; escaped strings are decoded into `scratch`.
    public func withBytes<R>(_ s: JSONString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if !s.escaped { return body(UnsafeBufferPointer(start: base + s.start, count: s.count)) }
        let u = unescaped(s)
        return u.withUnsafeBufferPointer(body)
    }

    /// Resolves JSON escapes; invalid escapes and lone surrogates become U+FFFD.
    public func unescaped(_ s: JSONString) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.start
        while i < s.end {
            let c = base[i]
            if c != 0x5C { out.append(c); i += 1; continue }
            guard i + 1 < s.end else { break }
            let e = base[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var u = hex4(i, s.end) else { Self.appendScalar(0xFFFD, &out); continue }
                i += 4
                if u >= 0xD800 && u < 0xDC00 {
                    if i + 6 <= s.end, base[i] == 0x5C, base[i + 1] == 0x75, let lo = hex4(i + 2, s.end),
                       lo >= 0xDC00 && lo < 0xE000 {
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                        i += 6
                    } else {
                        u = 0xFFFD
                    }
                } else if u >= 0xDC00 && u < 0xE000 {
                    u = 0xFFFD
                }
                Self.appendScalar(u, &out)
            default:
                Self.appendScalar(0xFFFD, &out)
            }
        }
        return out
    }

    private func hex4(_ i: Int, _ limit: Int) -> UInt32? {
        guard i + 4 <= limit else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = IDBytes.hexValue(base[i + k]) else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    static func appendScalar(_ u: UInt32, _ out: inout [UInt8]) {
        let scalar = Unicode.Scalar(u) ?? "\u{FFFD}"
        for b in String(Character(scalar)).utf8 { out.append(b) }
    }

    /// Case-insensitive key comparison that also ignores `_`, so `traceId`, `trace_id` and
    /// `TraceID` all match the literal "traceid". `literal` must be lower-case without `_`.
    @inline(__always)
    public func key(_ s: JSONString, is literal: StaticString) -> Bool {
        let lit = literal.utf8Start
        let n = literal.utf8CodeUnitCount
        var j = 0
        var i = s.start
        while i < s.end {
            var c = base[i]
            i += 1
            if c == 0x5F { continue }
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if j >= n || lit[j] != c { return false }
            j += 1
        }
        return j == n
    }

    /// Exact byte comparison of a string with a literal.
    @inline(__always)
    public func string(_ s: JSONString, equals literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard s.count == n else { return false }
        let lit = literal.utf8Start
        for k in 0..<n where base[s.start + k] != lit[k] { return false }
        return true
    }

    // MARK: - Numbers and literals

    /// Reads an integer given as a JSON number or as a string holding one (proto3 JSON writes
    /// 64-bit integers as strings). Fractions are truncated; exponents are honoured.
    public mutating func readInt64() throws(JSONError) -> Int64 {
        guard let c = peek() else { throw error("unexpected end of input, expected a number") }
        if c == 0x22 {
            let s = try readString()
            var inner = JSONScanner(buffer, from: s.start, to: s.end)
            let v = try inner.parseIntegerBody(allowEmpty: false)
            inner.skipWhitespace()
            guard inner.pos == s.end else { throw error("not an integer in string", at: s.start - 1) }
            return v
        }
        return try parseIntegerBody(allowEmpty: false)
    }

    private mutating func parseIntegerBody(allowEmpty: Bool) throws(JSONError) -> Int64 {
        skipWhitespace()
        let start = pos
        var negative = false
        if pos < end && base[pos] == 0x2D { negative = true; pos += 1 }
        var value: UInt64 = 0
        var digits = 0
        var overflow = false
        while pos < end {
            let d = base[pos] &- 0x30
            if d > 9 { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { overflow = true }
            value = a
            digits += 1
            pos += 1
        }
        guard digits > 0 else { throw error("expected a number", at: start) }
        if pos < end, base[pos] == 0x2E || base[pos] == 0x65 || base[pos] == 0x45 {
            // Not an integer literal: parse as double and truncate.
            pos = start
            let d = try readDoubleBody()
            guard d.isFinite, d > -9.2e18, d < 9.2e18 else { throw error("number out of range", at: start) }
            return Int64(d)
        }
        guard !overflow, value <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)) else {
            throw error("integer out of range", at: start)
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- value) : Int64(value)
    }

    /// Reads a number (or a numeric string, or "NaN"/"Infinity" strings as proto3 JSON allows).
    public mutating func readDouble() throws(JSONError) -> Double {
        guard let c = peek() else { throw error("unexpected end of input, expected a number") }
        if c == 0x22 {
            let s = try readString()
            let t = text(s)
            if let d = Double(t) { return d }
            throw error("not a number in string", at: s.start - 1)
        }
        return try readDoubleBody()
    }

    private mutating func readDoubleBody() throws(JSONError) -> Double {
        let start = pos
        if pos < end && base[pos] == 0x2D { pos += 1 }
        while pos < end {
            let c = base[pos]
            if (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D {
                pos += 1
            } else {
                break
            }
        }
        let s = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
        guard let d = Double(s) else { throw error("malformed number", at: start) }
        return d
    }

    public mutating func readBool() throws(JSONError) -> Bool {
        guard let c = peek() else { throw error("unexpected end of input, expected true or false") }
        if c == 0x74, literal("true") { return true }
        if c == 0x66, literal("false") { return false }
        if c == 0x22 {
            let s = try readString()
            if string(s, equals: "true") { return true }
            if string(s, equals: "false") { return false }
            throw error("expected true or false", at: s.start)
        }
        throw unexpected(expected: "true or false")
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { return false }
        for k in 0..<n where base[pos + k] != word.utf8Start[k] { return false }
        pos += n
        return true
    }

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
    private mutating func skipContainer() throws(JSONError) {
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
                    let quote = i
                    i = Self.stringEnd(base, i + 1, end)
                    guard i < end else { pos = end; throw error("unterminated string", at: quote) }
                    i += 1
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
                    let quote = i
                    i = Self.stringEnd(base, i + 1, end)
                    guard i < end else { pos = end; throw error("unterminated string", at: quote) }
                    i += 1
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
                let quote = i
                i = Self.stringEnd(base, i + 1, end)
                guard i < end else { pos = end; throw error("unterminated string", at: quote) }
                i += 1
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
    private mutating func readKeyAndColon() throws(JSONError) {
        guard peek() == 0x22 else { throw unexpected(expected: "a key string") }
        _ = try readString()
        try expect(0x3A, "':' after key")
    }

    @inline(__always)
    private mutating func skipNumber() throws(JSONError) {
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

    /// What kind of value comes next (without consuming it).
    public mutating func nextKind() -> JSONKind {
        guard let c = peek() else { return .end }
        switch c {
        case 0x22: return .string
        case 0x7B: return .object
        case 0x5B: return .array
        case 0x74, 0x66: return .bool
        case 0x6E: return .null
        case 0x2D, 0x30...0x39: return .number
        default: return .invalid
        }
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

public enum JSONKind: Sendable { case object, array, string, number, bool, null, end, invalid }

/// A string's bytes between its quotes, in the scanner's buffer.
public struct JSONString: Sendable {
    public var start: Int
    public var end: Int
    /// True when the bytes contain backslash escapes that `JSONScanner.text` must resolve.
    public var escaped: Bool
    public var count: Int { end - start }
}

/// A parse failure at a byte offset of the scanned buffer.
public struct JSONError: Error, Sendable, Equatable {
    public var offset: Int
    public var message: String
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
