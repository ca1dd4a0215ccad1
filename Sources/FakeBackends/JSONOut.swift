/// Writes JSON bytes directly, keys in the order each backend sends them (a 1,000,000-span
/// trace is written without building an object tree first).
struct JSONOut {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for unit in text.utf8 {
            switch unit {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(unit >> 4)], hex[Int(unit & 15)]])
            default: bytes.append(unit)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"key":` (with a comma first unless `first`).
    mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: String, _ value: String, first: Bool = false) {
        key(name, first: first)
        string(value)
    }

    mutating func field(_ name: String, _ value: Int64, first: Bool = false) {
        key(name, first: first)
        raw(String(value))
    }

    /// `[a,b,…]` of strings.
    mutating func strings(_ values: [String]) {
        raw("[")
        for (i, value) in values.enumerated() {
            if i > 0 { raw(",") }
            string(value)
        }
        raw("]")
    }

    /// `[ … ]` with a comma between the elements each call of `element` writes.
    mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONOut, S.Element) -> Void) {
        raw("[")
        var first = true
        for item in items {
            if !first { raw(",") }
            first = false
            element(&self, item)
        }
        raw("]")
    }
}

/// Hex digits to bytes ("0a1b" → [10, 27]); nil when not hex of even length.
func hexBytes(_ hex: String) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(digits.count / 2)
    var i = 0
    while i < digits.count {
        guard let high = hexValue(digits[i]), let low = hexValue(digits[i + 1]) else { return nil }
        out.append(high << 4 | low)
        i += 2
    }
    return out
}

func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
