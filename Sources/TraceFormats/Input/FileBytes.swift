#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input, kept alive for as long as any span's details may be decoded from
/// them. Regular files are memory-mapped (a 1 GB file costs page cache, not a copy); stdin and
/// decompressed input live in one heap block.
public final class FileBytes: @unchecked Sendable {
    public let base: UnsafePointer<UInt8>
    public let count: Int
    /// Name for messages: the path, or "-" for stdin.
    public let name: String
    private let release: Release

    enum Release { case unmap, free, none }

    init(base: UnsafePointer<UInt8>, count: Int, name: String, release: Release) {
        self.base = base
        self.count = count
        self.name = name
        self.release = release
    }

    /// Copies bytes (tests, in-memory input).
    public convenience init(_ bytes: [UInt8], name: String = "<memory>") {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { p.initialize(from: a, count: b.count) }
        }
        self.init(base: UnsafePointer(p), count: bytes.count, name: name, release: .free)
    }

    public convenience init(_ text: String, name: String = "<memory>") {
        self.init(Array(text.utf8), name: name)
    }

    deinit {
        switch release {
        case .unmap: munmap(UnsafeMutableRawPointer(mutating: base), count)
        case .free: UnsafeMutablePointer(mutating: base).deallocate()
        case .none: break
        }
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
