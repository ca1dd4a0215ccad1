import CZlib
import NIOCore

/// A large body the fake keeps between requests, ready to write: as a buffer (writing it does
/// not copy 32 MB per request) and gzipped once (as the compressor in the pipeline would, at
/// zlib's default level), so a benchmark fetching the same trace again measures the client,
/// not the fake's copying and compressing.
struct PreparedBody: Sendable {
    let plain: ByteBuffer
    let gzipped: ByteBuffer?

    init(_ body: [UInt8], gzip: Bool) {
        plain = ByteBuffer(bytes: body)
        gzipped = gzip ? Self.gzip(body).map { ByteBuffer(bytes: $0) } : nil
    }

    /// gzip at level 6 (what NIO's `HTTPResponseCompressor` and `gzip -6` write); nil if zlib fails.
    static func gzip(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
