import Foundation
import Testing
import TraceFormats
import TraceModel

/// `--follow`'s reader: complete lines only, truncation and rotation start over with a notice,
/// standard input ends with its last line.
@Suite struct FollowReaderTests {
    static func line(trace: UInt64, name: String) -> String {
        let t = TraceID(high: 0, low: trace).hex32
        return #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"\#(t)","spanId":"00000000000000a1","name":"\#(name)","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000001000"}]}]}]}"# + "\n"
    }

    static func names(_ u: FollowReader.Update) -> [String] {
        guard let set = u.batch?.set else { return [] }
        return set.spans.map { set.name($0) }
    }

    static func dir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static func append(_ url: URL, _ text: String) throws {
        let h = try FileHandle(forWritingTo: url)
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    }

    @Test func partialLinesWaitAndTruncationStartsOver() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(at: d) }
        let url = d.appendingPathComponent("t.jsonl")
        try Self.line(trace: 1, name: "one").write(to: url, atomically: false, encoding: .utf8)
        let reader = try FollowReader(path: url.path)
        #expect(Self.names(reader.poll()) == ["one"])
        #expect(reader.poll().batch == nil)  // nothing new
        let two = Self.line(trace: 2, name: "two")
        try Self.append(url, String(two.prefix(30)))
        #expect(reader.poll().batch == nil)  // half a line waits
        try Self.append(url, String(two.dropFirst(30)))
        #expect(Self.names(reader.poll()) == ["two"])
        // Copy-truncate rotation: shorter than what was read.
        try Self.line(trace: 3, name: "three").write(to: url, atomically: false, encoding: .utf8)
        let h = try FileHandle(forWritingTo: url)
        try h.truncate(atOffset: UInt64(Self.line(trace: 3, name: "three").utf8.count))
        try h.close()
        let after = reader.poll()
        #expect(after.notices.contains { $0.contains("truncated") })
        #expect(Self.names(after) == ["three"])
    }

    @Test func aFileReplacedAtItsPathIsReadFromItsStart() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(at: d) }
        let url = d.appendingPathComponent("t.jsonl")
        try (Self.line(trace: 1, name: "old") + Self.line(trace: 2, name: "old2")).write(to: url, atomically: false, encoding: .utf8)
        let reader = try FollowReader(path: url.path)
        #expect(Self.names(reader.poll()) == ["old", "old2"])
        // Rename rotation: a new file (another inode) appears at the path, longer than the old.
        let next = d.appendingPathComponent("next.jsonl")
        try (Self.line(trace: 3, name: "new") + Self.line(trace: 4, name: "new2") + Self.line(trace: 5, name: "new3"))
            .write(to: next, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(at: url, to: d.appendingPathComponent("t.jsonl.1"))
        try FileManager.default.moveItem(at: next, to: url)
        let after = reader.poll()
        #expect(after.notices.contains { $0.contains("replaced") })
        #expect(Self.names(after) == ["new", "new2", "new3"])
    }

    @Test func standardInputEndsWithItsLastLineEvenWithoutANewline() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let reader = try FollowReader(path: "-", stdin: fds[0])
        let text = Self.line(trace: 1, name: "a") + String(Self.line(trace: 2, name: "b").dropLast())
        _ = text.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        var names: [String] = []
        while !reader.ended { names += Self.names(reader.poll()) }
        #expect(names == ["a", "b"])
        close(fds[0])
    }

    @Test func aBrokenLineIsAnErrorAndTheNextLinesStillLoad() throws {
        let d = try Self.dir()
        defer { try? FileManager.default.removeItem(at: d) }
        let url = d.appendingPathComponent("t.jsonl")
        try "{\"resourceSpans\":[oops\n".write(to: url, atomically: false, encoding: .utf8)
        let reader = try FollowReader(path: url.path)
        let first = reader.poll()
        #expect(first.batch == nil && first.errors.count == 1)
        try Self.append(url, Self.line(trace: 9, name: "fine") + "{oops\n")
        let second = reader.poll()
        #expect(Self.names(second) == ["fine"])
        // The broken appended line is named by where it is in the file.
        try Self.append(url, "[1,\n")
        let third = reader.poll()
        let start = "{\"resourceSpans\":[oops\n".utf8.count + Self.line(trace: 9, name: "fine").utf8.count + "{oops\n".utf8.count
        #expect(third.errors.first?.description.contains("lines appended at byte \(start)") == true, "\(third.errors)")
    }
}
