/// Byte-level helpers for the benchmark writer's hot path: pre-encoded keys, hex ids and
/// numbers written straight into the buffer, no intermediate Strings. Values passed here
/// are our own ASCII text and are not escaped.
enum RawJSON {
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always)
    static func lit(_ b: inout [UInt8], _ s: StaticString) {
        b.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    static func text(_ b: inout [UInt8], _ s: String) {
        b.append(contentsOf: s.utf8)
    }

    @inline(__always)
    static func hex16(_ b: inout [UInt8], _ v: UInt64) {
        hexDigits.withUnsafeBufferPointer { d in
            for shift in stride(from: 60, through: 0, by: -4) { b.append(d[Int((v >> UInt64(shift)) & 0xF)]) }
        }
    }

    @inline(__always)
    static func uint(_ b: inout [UInt8], _ v: UInt64) {
        if v < 10 { b.append(UInt8(truncatingIfNeeded: v) + 48); return }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &tmp) { buf in
            while x > 0 {
                buf[23 - n] = UInt8(truncatingIfNeeded: x % 10) + 48
                x /= 10
                n += 1
            }
            b.append(contentsOf: buf[(24 - n)...])
        }
    }

    /// `{"key":"K","value":{"stringValue":"A<num>C"}}` (num omitted when negative).
    @inline(__always)
    static func strAttr(_ b: inout [UInt8], _ key: StaticString, _ a: String, _ num: Int = -1, _ c: String = "") {
        lit(&b, "{\"key\":\"")
        lit(&b, key)
        lit(&b, "\",\"value\":{\"stringValue\":\"")
        text(&b, a)
        if num >= 0 { uint(&b, UInt64(num)) }
        if !c.isEmpty { text(&b, c) }
        lit(&b, "\"}}")
    }

    @inline(__always)
    static func strAttr(_ b: inout [UInt8], _ key: StaticString, _ a: StaticString) {
        lit(&b, "{\"key\":\"")
        lit(&b, key)
        lit(&b, "\",\"value\":{\"stringValue\":\"")
        lit(&b, a)
        lit(&b, "\"}}")
    }

    /// `{"key":"K","value":{"intValue":"N"}}`
    @inline(__always)
    static func intAttr(_ b: inout [UInt8], _ key: StaticString, _ v: Int) {
        lit(&b, "{\"key\":\"")
        lit(&b, key)
        lit(&b, "\",\"value\":{\"intValue\":\"")
        uint(&b, UInt64(v))
        lit(&b, "\"}}")
    }
}

extension JSONEmitter {
    /// Writes one value with raw byte access (the comma/indent bookkeeping is done first).
    public mutating func rawValue(_ body: (inout [UInt8]) -> Void) {
        beforeValue()
        body(&bytes)
    }
}
