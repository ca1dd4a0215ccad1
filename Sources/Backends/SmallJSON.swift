import TraceFormats

/// A JSON tree for the small bodies around the traces (name lists, search summaries, error
/// envelopes, Loki streams), read with the decoders' scanner so a broken body fails with its
/// byte offset. Trace bodies never come here: they stream through `TraceLoader`.
enum SmallJSON: Sendable, Equatable {
    case object([(String, SmallJSON)])
    case array([SmallJSON])
    case string(String)
    /// The number as written, so 64-bit nanoseconds keep every digit.
    case number(String)
    case bool(Bool)
    case null

    static func == (a: SmallJSON, b: SmallJSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// Deeper bodies are refused: none of the metadata answers nests more than a few levels.
    static let maxDepth = 64

    /// The whole body must be one value (whitespace around it allowed).
    static func parse(_ bytes: [UInt8]) throws(JSONError) -> SmallJSON {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) -> SmallJSON in
            var s = JSONScanner(buffer)
            let value = try read(&s, depth: 0)
            if s.peek() != nil { throw s.error("more data after the JSON value") }
            return value
        }
    }

    private static func read(_ s: inout JSONScanner, depth: Int) throws(JSONError) -> SmallJSON {
        guard depth < maxDepth else { throw s.error("nested too deeply") }
        switch s.nextKind() {
        case .object:
            try s.beginObject()
            var members: [(String, SmallJSON)] = []
            var first = true
            while let key = try s.nextKey(first: &first) {
                let name = s.text(key)
                members.append((name, try read(&s, depth: depth + 1)))
            }
            return .object(members)
        case .array:
            try s.beginArray()
            var items: [SmallJSON] = []
            var first = true
            while try s.nextElement(first: &first) { items.append(try read(&s, depth: depth + 1)) }
            return .array(items)
        case .string: return .string(try s.readText())
        case .number:
            let start = s.pos
            try s.skipValue()
            return .number(String(decoding: UnsafeBufferPointer(start: s.base + start, count: s.pos - start), as: UTF8.self))
        case .bool: return .bool(try s.readBool())
        case .null:
            guard s.consumeNull() else { throw s.unexpected(expected: "a JSON value") }
            return .null
        case .end: throw s.error("unexpected end of input, expected a JSON value")
        case .invalid: throw s.unexpected(expected: "a JSON value")
        }
    }

    subscript(_ key: String) -> SmallJSON? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    var members: [(String, SmallJSON)] {
        if case .object(let m) = self { return m }
        return []
    }

    var array: [SmallJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Integers written as numbers or as strings (protobuf JSON writes 64-bit values as strings).
    var int64: Int64? {
        switch self {
        case .number(let t), .string(let t): return Int64(t) ?? UInt64(t).map { $0 > UInt64(Int64.max) ? nil : Int64($0) } ?? nil
        default: return nil
        }
    }

    /// Strings of a list, skipping anything else.
    var strings: [String] { (array ?? []).compactMap(\.string) }
}
