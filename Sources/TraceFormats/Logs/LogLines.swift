#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import TraceModel

/// The lines of a logs file that could not be read: how many, and where the first few are, so
/// a million bad lines make one warning.
public struct BadLines: Sendable, Equatable {
    public var count = 0
    /// 1-based line numbers of the first `shown` bad lines.
    public var first: [Int] = []
    public var firstOffset = 0
    public var firstReason = ""
    public static let shown = 5

    mutating func add(line: Int, offset: Int, reason: @autoclosure () -> String) {
        if count == 0 { firstOffset = offset; firstReason = reason() }
        count += 1
        if first.count < Self.shown { first.append(line) }
    }

    /// Appends the bad lines of a later chunk whose first line is `lineBase + 1`.
    mutating func append(_ other: BadLines, lineBase: Int) {
        guard other.count > 0 else { return }
        if count == 0 { firstOffset = other.firstOffset; firstReason = other.firstReason }
        count += other.count
        for l in other.first where first.count < Self.shown { first.append(l + lineBase) }
    }

    /// "3 bad log lines skipped (lines 2, 7, 9)"; nil when there were none.
    public var warning: String? {
        guard count > 0 else { return nil }
        let list = first.map(String.init).joined(separator: ", ") + (count > first.count ? ", …" : "")
        return "\(count) bad log line\(count == 1 ? "" : "s") skipped (line\(first.count == 1 ? "" : "s") \(list); first: \(firstReason))"
    }
}

/// Decodes a line-oriented logs file (JSON objects or logfmt, one record per line). Large
/// inputs are cut at line boundaries and decoded on all cores; the records keep file order.
enum LogLines {
    enum Kind { case json, logfmt }

    struct Chunk {
        var logs: [LogRecord] = []
        var bad = BadLines()
        var lines = 0
    }

    /// Inputs below this are decoded on one thread.
    static let parallelBytes = 1 << 20

    static func decode(_ bytes: FileBytes, from start: Int, kind: Kind) -> (logs: [LogRecord], bad: BadLines) {
        let size = bytes.count - start
        let cores = max(1, min(4, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        let parts = size < parallelBytes ? 1 : cores
        var bounds = [start]
        for k in 1..<max(parts, 1) {
            var p = max(start + size * k / parts, bounds.last!)
            while p < bytes.count && bytes.base[p - 1] != 0x0A { p += 1 }
            bounds.append(p)
        }
        bounds.append(bytes.count)
        let cuts = bounds
        let box = ChunkBox(parts)
        if parts == 1 {
            box.chunks[0] = decodeChunk(bytes, bounds[0], bounds[1], kind)
        } else {
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                box.chunks[k] = decodeChunk(bytes, cuts[k], cuts[k + 1], kind)
            }
        }
        var logs = box.chunks[0].logs
        var bad = box.chunks[0].bad
        var lineBase = box.chunks[0].lines
        if parts > 1 {
            logs.reserveCapacity(box.chunks.reduce(0) { $0 + $1.logs.count })
            for k in 1..<parts {
                logs.append(contentsOf: box.chunks[k].logs)
                bad.append(box.chunks[k].bad, lineBase: lineBase)
                lineBase += box.chunks[k].lines
            }
        }
        return (logs, bad)
    }

    final class ChunkBox: @unchecked Sendable {
        var chunks: [Chunk]
        init(_ n: Int) { chunks = Array(repeating: Chunk(), count: n) }
    }

    static func decodeChunk(_ bytes: FileBytes, _ start: Int, _ end: Int, _ kind: Kind) -> Chunk {
        var chunk = Chunk()
        chunk.logs.reserveCapacity((end - start) / 160)
        let base = bytes.base
        var pos = start
        while pos < end {
            let nl = memchr(base + pos, 0x0A, end - pos).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
            chunk.lines += 1
            var first = pos
            while first < nl, base[first] == 0x20 || base[first] == 0x09 || base[first] == 0x0D { first += 1 }
            var last = nl
            while last > first, base[last - 1] == 0x20 || base[last - 1] == 0x09 || base[last - 1] == 0x0D { last -= 1 }
            if first < last {
                if base[first] == 0x7B {
                    var s = JSONScanner(bytes.buffer, from: first, to: last)
                    do throws(JSONError) {
                        let r = try JSONLogsDecoder.record(&s)
                        if s.peek() != nil { throw s.error("more text after the log object") }
                        chunk.logs.append(r)
                    } catch {
                        chunk.bad.add(line: chunk.lines, offset: error.offset, reason: error.message)
                    }
                } else if kind == .logfmt {
                    do throws(LogfmtDecoder.Failure) {
                        chunk.logs.append(try LogfmtDecoder.record(UnsafeBufferPointer(start: base + first, count: last - first)))
                    } catch {
                        chunk.bad.add(line: chunk.lines, offset: first, reason: reason(error))
                    }
                } else {
                    chunk.bad.add(line: chunk.lines, offset: first, reason: "not a JSON object")
                }
            }
            pos = nl + 1
        }
        return chunk
    }

    static func reason(_ f: LogfmtDecoder.Failure) -> String {
        switch f {
        case .noPairs: return "no key=value pairs"
        case .unterminatedQuote: return "unterminated quoted value"
        case .badKey: return "a quote where a key should be"
        }
    }
}

/// Loads files given with `--logs`, deciding by the first line: an OTLP request (`resourceLogs`,
/// also `resourceSpans` lines of a Collector file: all of it is kept), else JSON log lines (any
/// object: `{"traceId":…,"spanId":…}` is a log line here, not a Zipkin span), a JSON array
/// (read as a trace file would be), or logfmt.
public enum LogLoader {
    public static func load(path: String) throws(LoadError) -> LoadedInput {
        try decode(try InputReader.open(path))
    }

    public static func decode(_ bytes: FileBytes) throws(LoadError) -> LoadedInput {
        let start = bytes.count >= 3 && bytes.base[0] == 0xEF && bytes.base[1] == 0xBB && bytes.base[2] == 0xBF ? 3 : 0
        var s = bytes.scanner(from: start)
        guard let c = s.peek() else {
            throw LoadError(file: bytes.name, offset: 0, message: bytes.count == 0 ? "empty input" : "no log lines (only whitespace)")
        }
        if c == 0x7B && !FormatSniffer.isOTLPRequest(s) { return try lines(bytes, from: start, kind: .json) }
        if c == 0x7B || c == 0x5B { return try TraceLoader.decode(bytes) }
        var end = s.pos
        while end < bytes.count && bytes.base[end] != 0x0A { end += 1 }
        guard LogfmtDecoder.looksLikeLogfmt(UnsafeBufferPointer(start: bytes.base + s.pos, count: end - s.pos)) else {
            let (line, column) = bytes.lineAndColumn(of: s.pos)
            throw LoadError(file: bytes.name, offset: s.pos, line: line, column: column,
                            message: "not a logs file: the first line is neither JSON nor logfmt (key=value)")
        }
        return try lines(bytes, from: start, kind: .logfmt)
    }

    /// JSON or logfmt lines; fails only when no line could be read.
    static func lines(_ bytes: FileBytes, from start: Int, kind: LogLines.Kind) throws(LoadError) -> LoadedInput {
        let (logs, bad) = LogLines.decode(bytes, from: start, kind: kind)
        if logs.isEmpty && bad.count > 0 {
            let (line, column) = bytes.lineAndColumn(of: bad.firstOffset)
            throw LoadError(file: bytes.name, offset: bad.firstOffset, line: line, column: column,
                            message: "no log line could be read (\(bad.firstReason))")
        }
        var set = TraceSet()
        set.logs = logs
        return LoadedInput(set: set, format: kind == .json ? .jsonLogs : .logfmt, warnings: bad.warning.map { [$0] } ?? [])
    }
}
