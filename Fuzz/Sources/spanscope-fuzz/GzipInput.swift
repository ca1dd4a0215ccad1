#if canImport(Glibc)
import Glibc
#endif
import TraceFormats

/// The gzip target goes through `TraceLoader.load(path:)`, as a `.gz` file on the command line
/// does: the bytes are written to an unlinked temporary file and opened by its /proc path.
///
/// Mutated gzip data almost never passes the CRC check, so the decoders behind it would go
/// unfuzzed. Input that does not start with the gzip magic is therefore wrapped here in two
/// valid members (stored blocks), with a zero byte of padding between them when its length is
/// odd: the inflate loop, member concatenation, padding and the decoders are all reached, and
/// `.gz` seeds still fuzz the header, truncation and corruption paths.
enum GzipInput {
    nonisolated(unsafe) static var fd: Int32 = -1

    static func run(_ data: [UInt8]) {
        let file = data.starts(with: [0x1F, 0x8B]) ? data : wrap(data)
        if fd < 0 {
            // tmpfs when there is one: on ext4 every rewrite would be flushed to disk.
            for dir in ["/dev/shm", "/tmp"] where fd < 0 {
                var template = Array("\(dir)/spanscope-fuzz-gzip-XXXXXX".utf8CString)
                fd = mkstemp(&template)
                if fd >= 0 { unlink(template) }
            }
            precondition(fd >= 0, "cannot create a temporary file")
        }
        var done = 0
        while done < file.count {
            let n = file.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, file.count - done, off_t(done)) }
            precondition(n > 0, "cannot write the temporary file")
            done += n
        }
        precondition(ftruncate(fd, off_t(file.count)) == 0)
        guard let input = try? TraceLoader.load(path: "/proc/self/fd/\(fd)") else { return }
        Pipeline.analyze(input.set, reports: false)
    }

    static func wrap(_ data: [UInt8]) -> [UInt8] {
        let half = data.count / 2
        var out = member(data[..<half])
        if data.count % 2 == 1 { out.append(0) }
        out += member(data[half...])
        return out
    }

    /// One gzip member holding `data` in stored (uncompressed) deflate blocks.
    static func member(_ data: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        var rest = data
        repeat {
            let block = rest.prefix(0xFFFF)
            rest = rest.dropFirst(block.count)
            let n = UInt16(block.count)
            out += [rest.isEmpty ? 1 : 0, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8)]
            out += block
        } while !rest.isEmpty
        out += littleEndian(crc32(data)) + littleEndian(UInt32(truncatingIfNeeded: data.count))
        return out
    }

    static func littleEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
