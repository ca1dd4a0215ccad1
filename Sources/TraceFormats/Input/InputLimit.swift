/// How much of an input may be held in memory: what is read from a stream (stdin, a pipe, a
/// device) and what gzip inflates to. Files on disk are mapped, not copied, and have no limit.
public struct InputLimit: Sendable, Equatable {
    /// Bytes; nil for the defaults below.
    public var maxBytes: Int?

    public init(maxBytes: Int? = nil) { self.maxBytes = maxBytes }

    /// The most a stream (or any inflated input) may hold by default.
    public static let defaultBytes = 4 << 30
    /// Inflated gzip may be at most this many times its compressed size by default (trace JSON
    /// measured 4–20×; see docs/decisions.md), but never less than `ratioFloor`.
    public static let defaultRatio = 100
    public static let ratioFloor = 256 << 20

    var stream: Int { maxBytes ?? Self.defaultBytes }

    func inflated(compressed: Int) -> Int {
        if let maxBytes { return maxBytes }
        let (byRatio, overflow) = compressed.multipliedReportingOverflow(by: Self.defaultRatio)
        return min(Self.defaultBytes, max(Self.ratioFloor, overflow ? Int.max : byRatio))
    }

    /// "4G", "512M", "100k", "1000000" (bytes; K, M, G, T are powers of 1024).
    public static func parse(_ text: String) -> Int? {
        var digits = Substring(text)
        // "2GB" and "2GiB" mean what "2G" means (binary units either way).
        for suffix in ["ib", "b"] where digits.count > suffix.count + 1 && digits.lowercased().hasSuffix(suffix) {
            let unit = digits.dropLast(suffix.count).last?.lowercased()
            if let unit, "kmgt".contains(unit) { digits = digits.dropLast(suffix.count); break }
        }
        var shift = 0
        if let last = digits.last?.lowercased(), let s = ["k": 10, "m": 20, "g": 30, "t": 40][last] {
            shift = s
            digits = digits.dropLast()
        }
        guard let n = Int(digits), n > 0, n <= Int.max >> shift else { return nil }
        return n << shift
    }

    /// "4 GiB", "300 MiB", "1000 bytes": whole units of the largest unit that fits, rounded
    /// down (the messages say "more than" it).
    public static func describe(_ bytes: Int) -> String {
        for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] where bytes >= 1 << shift {
            return "\(bytes >> shift) \(unit)"
        }
        return "\(bytes) bytes"
    }
}

/// What the first bytes of an input say about it, as they arrive.
public enum StartVerdict: Sendable {
    /// Cannot tell yet: read on.
    case undecided
    /// It can be read (or the decoder will tell): stop asking.
    case fine
    /// It cannot be read, whatever follows: stop reading.
    case fails(LoadError)
}

/// Looks at the bytes read so far (a prefix of the input).
public typealias StartCheck = @Sendable (FileBytes) -> StartVerdict

/// Calls a start check as an input grows: at 4 KiB, then each time the input has doubled,
/// until it decides.
struct StartWatch {
    let check: StartCheck?
    let name: String
    /// A raw stream may be gzip; its start is checked after inflating.
    let allowsGzip: Bool
    var next = 4096
    var decided = false

    init(check: StartCheck?, name: String, allowsGzip: Bool) {
        self.check = check
        self.name = name
        self.allowsGzip = allowsGzip
        decided = check == nil
    }

    mutating func look(_ buffer: GrowingBuffer) throws(LoadError) {
        guard !decided, buffer.count >= next, let check else { return }
        if allowsGzip && buffer.base[0] == 0x1F && buffer.base[1] == 0x8B {
            decided = true
            return
        }
        let prefix = FileBytes(base: UnsafePointer(buffer.base), count: buffer.count, name: name, release: .none)
        switch check(prefix) {
        case .undecided: next = buffer.count * 2
        case .fine: decided = true
        case .fails(let e): throw e
        }
    }
}
