import TraceModel

/// One log line from somewhere other than a file (Loki's query results): a JSON object or
/// logfmt as in logs files, else the line itself as the message.
public enum LogLine {
    /// The record, and whether the line was structured (JSON or logfmt) rather than plain text.
    public static func record(_ line: UnsafeBufferPointer<UInt8>) -> (record: LogRecord, structured: Bool) {
        var first = 0
        var last = line.count
        while first < last, line[first] == 0x20 || line[first] == 0x09 || line[first] == 0x0D || line[first] == 0x0A { first += 1 }
        while last > first, line[last - 1] == 0x20 || line[last - 1] == 0x09 || line[last - 1] == 0x0D || line[last - 1] == 0x0A { last -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: line[first..<last])
        if trimmed.first == 0x7B {
            var s = JSONScanner(line, from: first, to: last)
            if let r = try? JSONLogsDecoder.record(&s), s.peek() == nil { return (r, true) }
        } else if LogLoader.isLogfmtFirstLine(trimmed), let r = try? LogfmtDecoder.record(trimmed) {
            return (r, true)
        }
        return (LogRecord(time: 0, body: .string(String(decoding: trimmed, as: UTF8.self))), false)
    }
}
