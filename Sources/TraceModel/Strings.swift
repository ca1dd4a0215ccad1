/// Index of an interned string in a `StringTable`.
public struct StringID: Hashable, Sendable, Comparable {
    public var raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    /// The empty string is always entry 0.
    public static let empty = StringID(0)
    public static func < (a: StringID, b: StringID) -> Bool { a.raw < b.raw }
}

/// Interns names and services: a trace of a million spans has a few hundred distinct names.
/// Lookup by raw UTF-8 bytes avoids building a String for names seen before.
public struct StringTable: Sendable {
    public private(set) var strings: [String] = [""]
    private var index: [Int: [UInt32]] = [:]
    /// Distinct interned byte strings that were not valid UTF-8 (stored with U+FFFD).
    public private(set) var invalidUTF8Count = 0

    public init() {}

    public subscript(id: StringID) -> String { strings[Int(id.raw)] }
    public var count: Int { strings.count }

    public mutating func intern(_ s: String) -> StringID {
        var s = s
        return s.withUTF8 { intern(bytes: $0) }
    }

    /// Interns bytes that are valid UTF-8 (callers unescape and validate first).
    public mutating func intern(bytes: UnsafeBufferPointer<UInt8>) -> StringID {
        if bytes.isEmpty { return .empty }
        let h = Self.hash(bytes)
        if let candidates = index[h] {
            for c in candidates where Self.equal(strings[Int(c)], bytes) { return StringID(c) }
        }
        let id = UInt32(strings.count)
        if let valid = String(validating: bytes, as: UTF8.self) {
            strings.append(valid)
        } else {
            invalidUTF8Count += 1
            strings.append(String(decoding: bytes, as: UTF8.self))
        }
        index[h, default: []].append(id)
        return StringID(id)
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(bitPattern: UInt(h))
    }

    static func equal(_ s: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = s
        return s.withUTF8 { u in
            u.count == bytes.count && (u.count == 0 || memcmpEqual(u.baseAddress!, bytes.baseAddress!, u.count))
        }
    }

    @inline(__always)
    static func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }
}
