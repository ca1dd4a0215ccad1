import CZlib

/// Inflates gzip input (concatenated members are one stream, as gzip(1) reads them) into one
/// block, at most `limit` bytes, stopping early when the start check rejects what came out.
enum Gunzip {
    static func inflate(_ input: FileBytes, limit: Int, check: StartCheck?) throws(LoadError) -> FileBytes {
        var stream = z_stream()
        // 15 + 16: gzip wrapper only.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw LoadError(file: input.name, message: "cannot initialise gzip decoder")
        }
        defer { inflateEnd(&stream) }
        var out = GrowingBuffer(capacity: min(max(input.count * 4, 1 << 16), limit + 1))
        var watch = StartWatch(check: check, name: input.name, allowsGzip: false)
        var consumed = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.base)
        stream.avail_in = UInt32(clamping: input.count)
        func fail(_ e: LoadError) -> LoadError {
            out.release()
            return e
        }
        while true {
            guard out.makeRoom(limit: limit) else {
                throw fail(LoadError(file: input.name, message: tooLargeMessage(limit)))
            }
            stream.next_out = out.end
            stream.avail_out = UInt32(clamping: out.room)
            let before = stream.avail_out
            let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
            out.count += Int(before - stream.avail_out)
            consumed = input.count - Int(stream.avail_in)
            do throws(LoadError) { try watch.look(out) } catch { throw fail(error) }
            if rc == Z_STREAM_END {
                var rest = consumed
                while rest < input.count, input.base[rest] == 0 { rest += 1 }  // trailing padding
                if rest + 1 < input.count, input.base[rest] == 0x1F, input.base[rest + 1] == 0x8B {
                    inflateReset(&stream)
                    stream.next_in = UnsafeMutablePointer(mutating: input.base + rest)
                    stream.avail_in = UInt32(clamping: input.count - rest)
                    continue
                }
                break
            }
            if rc == Z_BUF_ERROR && stream.avail_in == 0 {
                throw fail(LoadError(file: input.name, offset: consumed, message: "gzip data is truncated"))
            }
            if rc != Z_OK && rc != Z_BUF_ERROR {
                let why = stream.msg.map { String(cString: $0) } ?? "code \(rc)"
                throw fail(LoadError(file: input.name, offset: consumed, message: "gzip data is corrupt (\(why))"))
            }
            if input.count > Int(UInt32.max), stream.avail_in == 0, consumed < input.count {
                stream.next_in = UnsafeMutablePointer(mutating: input.base + consumed)
                stream.avail_in = UInt32(clamping: input.count - consumed)
            }
        }
        return out.bytes(name: input.name)
    }

    static func tooLargeMessage(_ limit: Int) -> String {
        "gzip data inflates to more than \(InputLimit.describe(limit)); stopped (--max-input-size sets the limit)"
    }
}

/// A gzip request body (`Content-Encoding: gzip`) of the receivers, inflated to at most
/// `limit` bytes: the size limit of a request applies to what it inflates to.
public enum GzipBody {
    public enum Failure: Error, Sendable {
        case tooLarge
        case corrupt(LoadError)
    }

    public static func inflate(_ bytes: [UInt8], name: String, limit: Int) throws(Failure) -> [UInt8] {
        do {
            let inflated = try Gunzip.inflate(FileBytes(bytes, name: name), limit: limit, check: nil)
            return withExtendedLifetime(inflated) { Array(inflated.buffer) }
        } catch {
            throw error.message == Gunzip.tooLargeMessage(limit) ? .tooLarge : .corrupt(error)
        }
    }
}
