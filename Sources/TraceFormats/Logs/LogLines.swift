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

    public mutating func add(line: Int, offset: Int, reason: @autoclosure () -> String) {
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

    /// "3 bad log lines skipped (lines 2, 7, 9; first: …)"; nil when there were none.
    public var warning: String? { warning(noun: "bad log line") }

    /// "3 <noun>s skipped (lines 2, 7, 9; first: …)"; nil when there were none.
    public func warning(noun: String) -> String? {
        guard count > 0 else { return nil }
        let list = first.map(String.init).joined(separator: ", ") + (count > first.count ? ", …" : "")
        return "\(count) \(noun)\(count == 1 ? "" : "s") skipped (line\(first.count == 1 ? "" : "s") \(list); first: \(firstReason))"
    }
}

/// Decodes a line-oriented logs file (JSON objects or logfmt, one record per line). Large
/// inputs are cut at line boundaries and decoded on all cores; the records keep file order.
enum LogLines {
    enum Kind { case json, logfmt }

    struct Chunk {
        var records = 0
        var bad = BadLines()
        var lines = 0
    }

    /// Inputs below this are decoded on one thread.
    static let parallelBytes = 1 << 20

    /// Records go straight into the result array's storage: each piece of the file writes at its
    /// own offset (its first line's number, so there is room for every line), then the pieces
    /// are moved together. No record is copied or released on the way.
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
        run(parts) { k in box.chunks[k].lines = countLines(bytes, cuts[k], cuts[k + 1]) }
        var offsets = [0]
        for k in 0..<parts { offsets.append(offsets[k] + box.chunks[k].lines) }
        let firstLine = offsets
        let logs = [LogRecord](unsafeUninitializedCapacity: offsets[parts]) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let slots = Slots(base)
            run(parts) { k in
                box.chunks[k].records = decodeChunk(bytes, cuts[k], cuts[k + 1], kind, into: slots.base + firstLine[k], &box.chunks[k].bad)
            }
            var filled = box.chunks[0].records
            for k in 1..<parts {
                (base + filled).moveInitialize(from: base + firstLine[k], count: box.chunks[k].records)
                filled += box.chunks[k].records
            }
            initialized = filled
        }
        var bad = BadLines()
        for k in 0..<parts { bad.append(box.chunks[k].bad, lineBase: firstLine[k]) }
        return (logs, bad)
    }

    /// Runs `body` for 0..<n, on all cores when n > 1.
    static func run(_ n: Int, _ body: @Sendable (Int) -> Void) {
        if n == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: n, execute: body) }
    }

    /// Per-piece results written by the workers, each to its own slot (a raw buffer: no shared
    /// array whose uniqueness both threads would check while writing).
    final class ChunkBox: @unchecked Sendable {
        let chunks: UnsafeMutablePointer<Chunk>
        let count: Int
        init(_ n: Int) {
            count = n
            chunks = .allocate(capacity: n)
            chunks.initialize(repeating: Chunk(), count: n)
        }
        deinit {
            chunks.deinitialize(count: count)
            chunks.deallocate()
        }
    }

    /// The result's storage, shared by the workers (each writes its own range).
    struct Slots: @unchecked Sendable {
        let base: UnsafeMutablePointer<LogRecord>
        init(_ base: UnsafeMutablePointer<LogRecord>) { self.base = base }
    }

    static func countLines(_ bytes: FileBytes, _ start: Int, _ end: Int) -> Int {
        var lines = 0
        var pos = start
        while pos < end {
            guard let nl = memchr(bytes.base + pos, 0x0A, end - pos) else { return lines + 1 }
            lines += 1
            pos = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - bytes.base + 1
        }
        return lines
    }

    /// Decodes the lines of [start, end) into `out` (room for one record per line); returns
    /// how many records were written. Bad lines are numbered from 1 at `start`.
    static func decodeChunk(_ bytes: FileBytes, _ start: Int, _ end: Int, _ kind: Kind,
                            into out: UnsafeMutablePointer<LogRecord>, _ bad: inout BadLines) -> Int {
        var written = 0
        var line = 0
        var scratch: [Attribute] = []
        let base = bytes.base
        var pos = start
        while pos < end {
            let nl = memchr(base + pos, 0x0A, end - pos).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? end
            line += 1
            var first = pos
            while first < nl, base[first] == 0x20 || base[first] == 0x09 || base[first] == 0x0D { first += 1 }
            var last = nl
            while last > first, base[last - 1] == 0x20 || base[last - 1] == 0x09 || base[last - 1] == 0x0D { last -= 1 }
            pos = nl + 1
            guard first < last else { continue }
            if base[first] == 0x7B {
                var s = JSONScanner(bytes.buffer, from: first, to: last)
                do throws(JSONError) {
                    let r = try JSONLogsDecoder.record(&s, scratch: &scratch)
                    if s.peek() != nil { throw s.error("more text after the log object") }
                    (out + written).initialize(to: r)
                    written += 1
                } catch {
                    bad.add(line: line, offset: error.offset, reason: error.message)
                }
            } else if kind == .logfmt {
                do throws(LogfmtDecoder.Failure) {
                    (out + written).initialize(to: try LogfmtDecoder.record(UnsafeBufferPointer(start: base + first, count: last - first)))
                    written += 1
                } catch {
                    bad.add(line: line, offset: first, reason: reason(error))
                }
            } else {
                bad.add(line: line, offset: first, reason: "not a JSON object")
            }
        }
        return written
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
    public static func load(path: String, limit: InputLimit = InputLimit()) throws(LoadError) -> LoadedInput {
        try InputReader.load(path, limit: limit, check: startCheck) { b throws(LoadError) in try decode(b) }
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
        guard isLogfmtFirstLine(UnsafeBufferPointer(start: bytes.base + s.pos, count: end - s.pos)) else {
            let (line, column) = bytes.lineAndColumn(of: s.pos)
            throw LoadError(file: bytes.name, offset: s.pos, line: line, column: column,
                            message: "not a logs file: the first line is neither JSON nor logfmt (key=value)")
        }
        return try lines(bytes, from: start, kind: .logfmt)
    }

    /// The first line decides: `key=` at its start, and text (binary data such as /dev/urandom
    /// often has a `k=` somewhere, never a line free of control characters).
    static func isLogfmtFirstLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        LogfmtDecoder.looksLikeLogfmt(line) && !hasControlBytes(line)
    }

    /// Bytes below 0x20 other than tab, carriage return and escape (colour codes are common in logs).
    static func hasControlBytes(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x1B }
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
        var warnings = bad.warning.map { [$0] } ?? []
        TraceLoader.clampTimes(&set, into: &warnings)
        return LoadedInput(set: set, format: kind == .json ? .jsonLogs : .logfmt, warnings: warnings)
    }
}
