/// UInt64 -> Int32 map with open addressing and a multiplicative hash: several times faster than
/// `Dictionary` (no per-key `Hasher`, one cache line per probe) for the million-entry span-id
/// lookups of tree building. Fibonacci hashing spreads both random ids and small dense keys.
struct IDTable {
    private struct Entry {
        var key: UInt64
        var value: Int32  // -1 = empty slot
    }

    private var entries: [Entry]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = [Entry](repeating: Entry(key: 0, value: -1), count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    subscript(key: UInt64) -> Int32? {
        let mask = entries.count - 1
        var i = slot(key)
        while entries[i].value >= 0 {
            if entries[i].key == key { return entries[i].value }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Stores `value` for `key` unless the key is present; returns the value already stored, if any.
    @discardableResult
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int32) -> Int32? {
        if (count + 1) * 2 > entries.count { grow() }
        let mask = entries.count - 1
        var i = slot(key)
        while entries[i].value >= 0 {
            if entries[i].key == key { return entries[i].value }
            i = (i + 1) & mask
        }
        entries[i] = Entry(key: key, value: value)
        count += 1
        return nil
    }

    /// Replaces the value of a key that is present (no-op otherwise).
    mutating func update(_ key: UInt64, _ value: Int32) {
        let mask = entries.count - 1
        var i = slot(key)
        while entries[i].value >= 0 {
            if entries[i].key == key { entries[i].value = value; return }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        var bigger = IDTable(capacity: entries.count)
        for e in entries where e.value >= 0 { bigger.insertIfAbsent(e.key, e.value) }
        self = bigger
    }
}
