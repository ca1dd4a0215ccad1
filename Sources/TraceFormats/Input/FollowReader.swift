#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TraceModel

/// Reads what is appended to a file (or arrives on stdin), as `tail -F` does, and decodes it:
/// JSON Lines of OTLP requests or Zipkin lists, as the Collector's file exporter writes them.
/// Only complete lines are decoded; a partly written last line waits for its end. A file that
/// shrinks (truncated) or is replaced (rotated: another inode at the path) is read again from
/// its start, with a notice.
public final class FollowReader {
    public let path: String
    private var fd: Int32 = -1
    private var inode: UInt64 = 0
    /// Bytes of the file read so far (complete lines and the partial tail).
    private var offset = 0
    /// The unfinished last line.
    private var partial: [UInt8] = []
    /// Where in the input `partial` (the next line) starts: error messages name file offsets.
    private var lineStart = 0
    public private(set) var ended = false
    /// Largest read at once; a huge file arrives in several batches.
    public var maxRead = 64 << 20

    public var isStdin: Bool { path == "-" }

    /// `stdin`: the descriptor standard input was read from (the explorer moves the terminal
    /// onto descriptor 0 when traces come through a pipe, and keeps the pipe elsewhere).
    public init(path: String, stdin: Int32 = 0) throws(LoadError) {
        self.path = path
        if isStdin { fd = stdin } else { try reopen() }
    }

    deinit { if fd > 0 && !isStdin { close(fd) } }

    private func reopen() throws(LoadError) {
        if fd > 0 { close(fd) }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LoadError(file: path, message: "cannot open: " + String(cString: strerror(errno))) }
        var st = stat()
        fstat(fd, &st)
        inode = UInt64(st.st_ino)
        offset = 0
        partial = []
        lineStart = 0
    }

    /// What a poll found: decoded batches of complete lines, and notices for the status line.
    public struct Update {
        public var batch: LoadedInput?
        public var notices: [String] = []
        public var errors: [LoadError] = []
    }

    /// New complete lines since the last call, decoded. Files: never blocks. Stdin: blocks until
    /// some bytes arrive (or the end of input: then `ended`).
    public func poll() -> Update {
        var update = Update()
        if !isStdin { checkReplaced(&update) }
        var chunk = [UInt8](repeating: 0, count: isStdin ? 1 << 20 : 0)
        if isStdin {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { ended = n == 0 || errno != EINTR; return finishPartial(&update) }
            chunk.removeSubrange(n...)
        } else {
            var st = stat()
            guard fstat(fd, &st) == 0 else { return update }
            let size = Int(st.st_size)
            guard size > offset else { return update }
            chunk = [UInt8](repeating: 0, count: min(size - offset, maxRead))
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard n > 0 else { return update }
            chunk.removeSubrange(n...)
            offset += n
        }
        decodeLines(chunk, &update)
        return update
    }

    /// Truncated (shorter than what was read) or rotated (another file at the path): start over.
    private func checkReplaced(_ update: inout Update) {
        var st = stat()
        if stat(path, &st) == 0, UInt64(st.st_ino) != inode {
            do throws(LoadError) { try reopen() } catch { update.errors.append(error); return }
            update.notices.append("\(path): replaced (rotated); reading the new file from its start")
            return
        }
        if fstat(fd, &st) == 0, Int(st.st_size) < offset {
            offset = 0
            partial = []
            lineStart = 0
            update.notices.append("\(path): truncated; reading it again from its start")
        }
    }

    /// Decodes everything up to the last newline; keeps the rest for the next poll.
    private func decodeLines(_ chunk: [UInt8], _ update: inout Update) {
        guard let lastNewline = chunk.lastIndex(of: 0x0A) else {
            partial += chunk
            return
        }
        var lines = partial
        lines += chunk[...lastNewline]
        partial = Array(chunk[(lastNewline + 1)...])
        decode(lines, &update)
        lineStart += lines.count
    }

    /// At the end of stdin the last line needs no newline.
    private func finishPartial(_ update: inout Update) -> Update {
        if ended && !partial.isEmpty {
            let rest = partial
            partial = []
            decode(rest, &update)
        }
        return update
    }

    private func decode(_ bytes: [UInt8], _ update: inout Update) {
        guard bytes.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) else { return }
        // Offsets in messages are the batch's own: say where it starts in the input.
        let name = (isStdin ? "<stdin>" : path) + (lineStart > 0 ? " (lines appended at byte \(lineStart))" : "")
        do throws(LoadError) {
            update.batch = try TraceLoader.decode(FileBytes(bytes, name: name))
        } catch {
            update.errors.append(error)
        }
    }
}
