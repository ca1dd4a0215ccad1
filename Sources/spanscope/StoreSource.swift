import Backends
import Foundation
import TerminalUI
import TraceAnalysis
import TraceFormats
import TraceModel
import TraceStore

/// A store (`spanscope listen`'s SQLite database) given where trace files go: `open traces.db`,
/// `analyze traces.db --since 1h --service S`. Told from trace files by SQLite's magic bytes,
/// before any file is loaded; opened read-only, so a store in use by a running receiver works.
enum StoreSource {
    static let magic = Array("SQLite format 3\0".utf8)
    /// Spans of a store the explorer loads: its newest traces up to this many.
    static let explorerWindow = 500_000

    /// The store among `files`, when the only input is one.
    static func path(_ files: [String]) -> String? {
        guard files.count == 1, let h = FileHandle(forReadingAtPath: files[0]) else { return nil }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: magic.count)).map { [UInt8]($0) } ?? []
        if head == magic { return files[0] }
        // A store being written can be all in its WAL, the main file still empty.
        var wal = stat()
        return head.isEmpty && stat(files[0] + "-wal", &wal) == 0 && wal.st_size > 0 ? files[0] : nil
    }

    /// Loads `files` like `TraceLoader.load`, reading a store from its database instead.
    /// `since` (Unix ns) and `service` narrow what a store gives.
    /// With `window`, a store gives only its newest traces that fit in that many spans (the
    /// explorer: opening a store of millions of spans reads a few batches, not all of them).
    static func load(paths files: [String], logs: [String], limit: InputLimit, since: Int64? = nil,
                     service: String? = nil, window: Int? = nil) -> (set: TraceSet, warnings: [String], errors: [LoadError]) {
        guard let path = path(files) else { return TraceLoader.load(paths: files, logs: logs, limit: limit) }
        var result = TraceLoader.load(paths: [], logs: logs, limit: limit)
        do throws(StoreError) {
            let store = try TraceStore.open(path: path, readOnly: true)
            var set: TraceSet
            if let window {
                let w = try store.newest(spanBudget: window, since: since, service: service)
                set = w.set
                if let note = w.note {
                    result.warnings.append("\(path): showing the \(note) (the explorer holds at most \(window) spans of a store; "
                                           + "'spanscope analyze \(path) --since …' reads all)")
                }
            } else {
                set = try store.loadAll(since: since, service: service)
            }
            if !result.set.logs.isEmpty { set.merge(result.set) }
            result.set = set
        } catch {
            result.errors.append(LoadError(file: error.file, message: error.message))
        }
        return result
    }

    /// `analyze STORE`: the traces `--service` and `--since`/`--lookback`/`--until` select
    /// (the backend search options, read the same way), reported like files.
    static func analyze(_ path: String, _ remote: BackendOptions, logs: [String], limit: InputLimit, format: ReportFormat,
                        traces: [String], options: AnalysisOptions, report: ReportOptions) -> Never {
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        var since: Int64? = nil
        if let lookback = remote.lookback {
            guard let d = Durations.parse(lookback) else { usage("--lookback: '\(lookback)' is not a duration (e.g. 30m, 1h, 2d)") }
            since = now - d
        } else if let text = remote.since {
            guard let t = time(text, now: now) else { usage("--since: '\(text)' is not a duration (1h), an RFC 3339 time or Unix seconds") }
            since = t
        }
        let loaded = load(paths: [path], logs: logs, limit: limit, since: since, service: remote.service)
        var set = loaded.set
        if let text = remote.until {
            guard let until = time(text, now: now) else { usage("--until: '\(text)' is not a duration, an RFC 3339 time or Unix seconds") }
            let early = Set(set.traces().filter { t in t.spanIndices.map { set.spans[$0].start }.min()! < until }.map(\.id))
            set = set.keeping(early)
        }
        for e in loaded.errors { Runner.printError("spanscope: \(Sanitize.text(e.description))") }
        Runner.report(set, failed: !loaded.errors.isEmpty, warnings: loaded.warnings, format: format, traces: traces,
                      options: options, report: report)
    }

    /// A duration back from `now` (1h), an RFC 3339 time, or Unix seconds: Unix nanoseconds.
    static func time(_ text: String, now: Int64) -> Int64? {
        if let d = Durations.parse(text) { return now - d }
        if let t = RFC3339.parse(text) { return t }
        return Int64(text).map { $0 * 1_000_000_000 }
    }

    static func usage(_ line: String) -> Never {
        Runner.printError("spanscope: \(line)")
        exit(64)
    }
}
