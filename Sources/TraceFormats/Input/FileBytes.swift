#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFileGuard

/// The bytes of one input, kept alive for as long as any span's details may be decoded from
/// them. Regular files are memory-mapped (a 1 GB file costs page cache, not a copy); stdin and
/// decompressed input live in one heap block (malloc'd).
public final class FileBytes: @unchecked Sendable {
    public let base: UnsafePointer<UInt8>
    public let count: Int
    /// Name for messages: the path, or "-" for stdin.
    public let name: String
    private let release: Release

    enum Release {
        /// A mapping registered with the SIGBUS guard in `guardSlot`.
        case unmap(guardSlot: Int32)
        case free, none
        /// The bytes are an array's, kept alive (and never changed) by this object.
        case array([UInt8])
    }

    init(base: UnsafePointer<UInt8>, count: Int, name: String, release: Release) {
        self.base = base
        self.count = count
        self.name = name
        self.release = release
    }

    /// Copies bytes (tests, in-memory input).
    public convenience init(_ bytes: [UInt8], name: String = "<memory>") {
        let p = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: UInt8.self)
        bytes.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { p.initialize(from: a, count: b.count) }
        }
        self.init(base: UnsafePointer(p), count: bytes.count, name: name, release: .free)
    }

    /// Takes the array itself, no copy: a 300 MB response body is not held twice while it is
    /// decoded. The array's storage cannot move or change while this object holds the only
    /// reference to it that is ever used again (arrays are values: the caller's copy, if it
    /// keeps one, shares the storage until it writes, and then gets storage of its own).
    public convenience init(adopting bytes: [UInt8], name: String = "<memory>") {
        guard !bytes.isEmpty else {
            self.init(bytes, name: name)
            return
        }
        let base = bytes.withUnsafeBufferPointer { $0.baseAddress! }
        self.init(base: base, count: bytes.count, name: name, release: .array(bytes))
    }

    public convenience init(_ text: String, name: String = "<memory>") {
        self.init(Array(text.utf8), name: name)
    }

    deinit {
        switch release {
        case .unmap(let slot):
            cfileguard_remove(slot)
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        case .free: free(UnsafeMutableRawPointer(mutating: base))
        case .none, .array: break
        }
    }

    /// True when the mapped file shrank under us and a read found its pages gone: those bytes
    /// now read as zeros, and nothing decoded from this input can be trusted.
    public var changed: Bool {
        if case .unmap(let slot) = release { return cfileguard_tripped(slot) != 0 }
        return false
    }

    /// For detail sources (`SpanDetailSource.unavailable`).
    public var unavailable: String? {
        changed ? "\(name) changed after loading (it shrank); details are unavailable" : nil
    }

    public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    public func scanner(from start: Int = 0, to stop: Int? = nil) -> JSONScanner {
        JSONScanner(buffer, from: start, to: stop)
    }

    /// 1-based line and column of a byte offset, for error messages.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let limit = min(offset, count)
        var i = 0
        while i < limit {
            if base[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, limit - lineStart + 1)
    }
}
