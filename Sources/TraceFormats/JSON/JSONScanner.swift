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
