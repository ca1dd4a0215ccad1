#if canImport(Glibc)
import Glibc
#endif

/// Early verdicts on streamed and inflated input: each says, from a prefix, what decoding the
/// whole input would say about its start, and only once more bytes cannot change the answer.
/// A gzip bomb of zeros, `/dev/zero` or `/dev/urandom` then fail after one block instead of
/// filling memory.
extension TraceLoader {
    /// More leading whitespace than any writer emits: a stream of spaces is not a trace.
    public static let maxLeadingWhitespace = 1 << 20

    public static let startCheck: StartCheck = { checkStart($0) }

    static func checkStart(_ prefix: FileBytes) -> StartVerdict {
        var s = prefix.scanner(from: bomLength(prefix))
        guard s.peek() != nil else { return whitespaceVerdict(prefix) }
        if FormatSniffer.sniff(s) != nil { return .fine }
        guard settled(s, count: prefix.count) else { return .undecided }
        do throws(LoadError) { _ = try decode(prefix) } catch { return .fails(error) }
        return .fine
    }

    static func whitespaceVerdict(_ prefix: FileBytes) -> StartVerdict {
        guard prefix.count >= maxLeadingWhitespace else { return .undecided }
        return .fails(LoadError(file: prefix.name, offset: 0,
                                message: "over \(InputLimit.describe(maxLeadingWhitespace)) of whitespace and no value: not a trace or log file"))
    }

    static func bomLength(_ bytes: FileBytes) -> Int {
        bytes.count >= 3 && bytes.base[0] == 0xEF && bytes.base[1] == 0xBB && bytes.base[2] == 0xBF ? 3 : 0
    }

    /// True when what the sniffer read of the first value cannot change with more bytes: the
    /// sniffer decides on the first byte or two, else on the first object, which here ends or
    /// breaks well before the end of the prefix.
    static func settled(_ start: JSONScanner, count: Int) -> Bool {
        var s = start
        if s.peek() == 0x5B { s.pos += 1 }
        guard let c = s.peek() else { return false }
        guard c == 0x7B else { return true }
        do throws(JSONError) {
            try s.skipValue()
            return true
        } catch {
            // Errors that only say the prefix ended are not final; a token cut by the end of
            // the prefix is reported at its start, so leave a margin.
            return error.offset < count - 64 && !error.message.hasPrefix("unexpected end") && error.message != "unterminated string"
        }
    }
}

extension LogLoader {
    /// Lines read at the start of a logs stream, none of them a record, before it is called
    /// not a logs file.
    public static let badLinesBeforeGivingUp = 100

    public static let startCheck: StartCheck = { checkStart($0) }

    static func checkStart(_ prefix: FileBytes) -> StartVerdict {
        let start = TraceLoader.bomLength(prefix)
        var s = prefix.scanner(from: start)
        guard let c = s.peek() else { return TraceLoader.whitespaceVerdict(prefix) }
        let isOTLP = c == 0x7B && FormatSniffer.isOTLPRequest(s)
        if c == 0x5B || isOTLP { return TraceLoader.checkStart(prefix) }
        let kind: LogLines.Kind
        if c == 0x7B {
            // JSON lines, once the first object shows it is not an OTLP request.
            guard TraceLoader.settled(s, count: prefix.count) else { return .undecided }
            kind = .json
        } else {
            let lineEnd = memchr(prefix.base + s.pos, 0x0A, prefix.count - s.pos)
                .map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - prefix.base }
            let line = Array(UnsafeBufferPointer(start: prefix.base + s.pos, count: (lineEnd ?? prefix.count) - s.pos))
            // Final when the line is whole, or binary, or when an '=' would not make it logfmt.
            let final = lineEnd != nil || line.withUnsafeBufferPointer { hasControlBytes($0) }
                || !(line + [0x3D]).withUnsafeBufferPointer { LogfmtDecoder.looksLikeLogfmt($0) }
            guard final else { return .undecided }
            if !line.withUnsafeBufferPointer({ isLogfmtFirstLine($0) }) {
                do throws(LoadError) { _ = try decode(prefix) } catch { return .fails(error) }
                return .fine
            }
            kind = .logfmt
        }
        return linesVerdict(prefix, from: start, kind: kind)
    }

    /// Fine as soon as one whole line is a record; fails when many are and none is.
    static func linesVerdict(_ prefix: FileBytes, from start: Int, kind: LogLines.Kind) -> StartVerdict {
        var end = prefix.count
        while end > start && prefix.base[end - 1] != 0x0A { end -= 1 }
        guard end > start else { return .undecided }
        let whole = FileBytes(base: prefix.base, count: end, name: prefix.name, release: .none)
        let (logs, bad) = LogLines.decode(whole, from: start, kind: kind)
        if !logs.isEmpty { return .fine }
        guard bad.count >= badLinesBeforeGivingUp else { return .undecided }
        let (line, column) = whole.lineAndColumn(of: bad.firstOffset)
        return .fails(LoadError(file: prefix.name, offset: bad.firstOffset, line: line, column: column,
                                message: "not a logs file: none of its first \(bad.count) lines could be read (\(bad.firstReason))"))
    }
}
