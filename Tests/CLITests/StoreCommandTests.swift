import ChildProcess
import Foundation
import Testing
import TestSupport

/// A store (written by `spanscope-store-writer`, built beside `spanscope`) as a source.
@Suite struct StoreCommandTests {
    /// A store of `batches` batches of 4 traces of 16 spans, in its own directory.
    static func store(batches: Int) throws -> String {
        let path = try CLI.temp("unused", "").replacingOccurrences(of: "/unused", with: "/traces.db")
        let writer = CLI.buildDirectory.appendingPathComponent("spanscope-store-writer").path
        let r = try ChildProcess.run(writer, [path, "\(batches)", "3"], timeout: 120)
        #expect(r.status == 0, "\(r.stderrText)")
        return path
    }

    func traces(_ json: String) throws -> [[String: Any]] {
        let doc = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return doc?["traces"] as? [[String: Any]] ?? []
    }

    @Test func analyzeReadsAStoreAndNarrowsItBySinceAndService() throws {
        let path = try Self.store(batches: 5)
        let all = try CLI.run(["analyze", path, "--json"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(try traces(all.stdout).count == 20)
        #expect(try traces(all.stdout).allSatisfy { $0["spanCount"] as? Int == 16 })

        // The generated spans are from 2023: none started in the last hour, all since 2023-11-14.
        let recent = try CLI.run(["analyze", path, "--json", "--since", "1h"])
        #expect(recent.status == 0)
        #expect(try traces(recent.stdout).isEmpty)
        let since = try CLI.run(["analyze", path, "--json", "--since", "2023-11-14T00:00:00Z"])
        #expect(try traces(since.stdout).count == 20)

        let payment = try CLI.run(["analyze", path, "--json", "--service", "payment"])
        let some = try traces(payment.stdout)
        #expect(!some.isEmpty && some.count < 20)
        let bad = try CLI.run(["analyze", path, "--since", "yesterday"])
        #expect(bad.status != 0)
        #expect(bad.stderr.hasPrefix("spanscope: --since: 'yesterday' is not a duration"))
    }

    @Test func openShowsAStoresTraceList() throws {
        let path = try Self.store(batches: 2)
        let r = try CLI.run(["open", path, "--render", "120x20"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("8 traces"), "\(r.stdout)")
    }

    @Test func aForeignSQLiteFileIsOneClearLineAndUntouched() throws {
        // Only the header says SQLite: not a database at all.
        let path = try CLI.temp("other.db", "SQLite format 3\u{0}" + String(repeating: "x", count: 200))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let r = try CLI.run(["analyze", path])
        #expect(r.status == 1)
        #expect(r.stderr == "spanscope: \(path): is not a readable spanscope store (file is not a database; left untouched)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
