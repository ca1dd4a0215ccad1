#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFileGuard

/// Opens an input: a path (memory-mapped), `-` (stdin, read fully), either of them gzip
/// compressed (detected by the magic bytes, not the name). What is read into memory (streams,
/// inflated gzip) is bounded by an `InputLimit`, and a `StartCheck` stops reading as soon as
/// the first bytes show the input cannot be read (`/dev/zero` stops after its first block).
public enum InputReader {
    /// `mapping: false` reads regular files with read(2) instead (the benchmark compares both).
    public static func open(_ path: String, limit: InputLimit = InputLimit(), check: StartCheck? = nil,
                            mapping: Bool = true) throws(LoadError) -> FileBytes {
        let raw = path == "-" ? try readStream(fd: 0, name: "-", limit: limit, check: check)
            : try openFile(path, limit: limit, check: check, mapping: mapping)
        guard raw.count >= 2 && raw.base[0] == 0x1F && raw.base[1] == 0x8B else { return raw }
        let inflated: FileBytes
        do throws(LoadError) {
            inflated = try Gunzip.inflate(raw, limit: limit.inflated(compressed: raw.count), check: check)
        } catch {
            throw raw.changed ? changedError(raw) : error
        }
        if raw.changed { throw changedError(raw) }
        return inflated
    }

    /// Opens and decodes. A mapped file that shrank while it was decoded is an error, whatever
    /// the decoder made of the zero pages it read in place of the lost bytes.
    static func load<T>(_ path: String, limit: InputLimit, check: StartCheck?,
                        _ decode: (FileBytes) throws(LoadError) -> T) throws(LoadError) -> T {
        let bytes = try open(path, limit: limit, check: check)
        let result: T
        do throws(LoadError) {
            result = try decode(bytes)
        } catch {
            throw bytes.changed ? changedError(bytes) : error
        }
        if bytes.changed { throw changedError(bytes) }
        return result
    }

    static func changedError(_ bytes: FileBytes) -> LoadError {
        var st = stat()
        let now = stat(bytes.name, &st) == 0 ? ": it shrank from \(bytes.count) to \(st.st_size) bytes" : ""
        return LoadError(file: bytes.name, message: "file changed while reading\(now)")
    }

    static func openFile(_ path: String, limit: InputLimit, check: StartCheck?, mapping: Bool) throws(LoadError) -> FileBytes {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { throw LoadError(file: path, message: systemError("cannot open")) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw LoadError(file: path, message: systemError("cannot stat")) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw LoadError(file: path, message: "is a directory") }
        if (st.st_mode & S_IFMT) != S_IFREG {
            // Pipes, devices, process substitution: read as a stream.
            return try readStream(fd: fd, name: path, limit: limit, check: check)
        }
        let size = Int(st.st_size)
        if size == 0 { return FileBytes([], name: path) }
        if mapping, let mapped = map(fd: fd, size: size, name: path) { return mapped }
        // A file on disk is read whole: its size, not a stream limit, bounds it.
        return try readStream(fd: fd, name: path, limit: InputLimit(maxBytes: .max), check: nil, expected: size)
    }

    /// Maps a regular file, guarded against it shrinking (see CFileGuard); nil when mapping is
    /// unavailable or unsafe (no guard slot), and the file is read instead.
    static func map(fd: Int32, size: Int, name: String) -> FileBytes? {
        guard cfileguard_install() == 0 else { return nil }
        // No MAP_POPULATE: measured on an 848 MB file, populating takes 65 ms where the page
        // faults of a sequential read (the kernel maps 16 pages per fault) take 25 ms.
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        let slot = cfileguard_add(p, size)
        guard slot >= 0 else {
            munmap(p, size)
            return nil
        }
        madvise(p, size, MADV_SEQUENTIAL)
        return FileBytes(base: p.assumingMemoryBound(to: UInt8.self), count: size, name: name, release: .unmap(guardSlot: slot))
    }

    /// Reads until end of file, at most `limit.stream` bytes, stopping early when `check`
    /// rejects the start.
    static func readStream(fd: Int32, name: String, limit: InputLimit, check: StartCheck?, expected: Int = 0) throws(LoadError) -> FileBytes {
        let max = limit.stream
        var buffer = GrowingBuffer(capacity: expected > 0 ? expected + 1 : 1 << 20)
        var watch = StartWatch(check: check, name: name, allowsGzip: true)
        while true {
            guard buffer.makeRoom(limit: max) else {
                buffer.release()
                throw LoadError(file: name, message: "input is larger than \(InputLimit.describe(max)); stopped reading (--max-input-size sets the limit)")
            }
            let n = read(fd, buffer.end, buffer.room)
            if n < 0 {
                if errno == EINTR { continue }
                buffer.release()
                throw LoadError(file: name, message: systemError("read failed"))
            }
            if n == 0 { break }
            buffer.count += n
            do throws(LoadError) { try watch.look(buffer) } catch {
                buffer.release()
                throw error
            }
        }
        return buffer.bytes(name: name)
    }

    static func systemError(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}

/// A malloc'd block grown with realloc: glibc moves a large block with mremap, so growing a
/// 2 GiB buffer neither copies it nor holds old and new at once.
struct GrowingBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 1)
        base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    var end: UnsafeMutablePointer<UInt8> { base + count }
    var room: Int { capacity - count }

    /// Ensures room for one more byte while `count <= limit`; false once `count` is past the limit
    /// (one byte over is how a stream shows it is larger than the limit).
    mutating func makeRoom(limit: Int) -> Bool {
        if count > limit { return false }
        guard count == capacity else { return true }
        let (doubled, overflow) = capacity.multipliedReportingOverflow(by: 2)
        let bigger = Swift.min(overflow ? Int.max : doubled, limit &+ 1 < 0 ? Int.max : limit + 1)
        guard bigger > capacity, let p = realloc(base, bigger) else { return false }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = bigger
        return true
    }

    func release() { free(base) }

    func bytes(name: String) -> FileBytes {
        FileBytes(base: UnsafePointer(base), count: count, name: name, release: .free)
    }
}

/// Why a whole input could not be loaded. One line: file, byte offset (line and column when the
/// input is text), and what was wrong.
public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var offset: Int?
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, offset: Int? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var where_ = ""
        if let offset {
            where_ = ": byte \(offset)"
            if let line, let column { where_ += " (line \(line), column \(column))" }
        }
        let name = file == "-" ? "<stdin>" : file
        return "\(name)\(where_): \(message)"
    }
}
