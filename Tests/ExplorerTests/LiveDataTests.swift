import Foundation
import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceFormats
import TraceModel
import TraceAnalysis

/// Data that grows while the explorer shows it: generations of `ExplorerData`, the state that
/// follows its spans, the feed, the inbox and the run loop that wakes for it.
@Suite struct LiveDataTests {
    static let trace = TraceID(high: 0, low: 0x77)

    /// One OTLP span as a JSON object.
    static func span(_ id: UInt64, parent: UInt64 = 0, trace: TraceID = trace, name: String, start: Int64, end: Int64) -> String {
        let p = parent == 0 ? "" : #","parentSpanId":"\#(SpanID(parent).hex)""#
        return #"{"traceId":"\#(trace.hex32)","spanId":"\#(SpanID(id).hex)"\#(p),"name":"\#(name)","startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(end)"}"#
    }

    /// One JSON line: an OTLP request with these spans of service `svc`.
    static func line(_ spans: [String], svc: String = "svc") -> String {
        #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(svc)"}}]},"scopeSpans":[{"spans":[\#(spans.joined(separator: ","))]}]}]}"# + "\n"
    }

    static func decode(_ text: String) throws -> TraceSet {
        try TraceLoader.decode(FileBytes(text, name: "batch.jsonl")).set
    }

    static let base: Int64 = 1_700_000_000_000_000_000

    @Test func anOrphanIsRehungWhenItsParentArrivesAndTheCursorFollowsItsSpan() throws {
        let first = try Self.decode(Self.line([
            Self.span(1, name: "root", start: Self.base, end: Self.base + 1_000_000),
            Self.span(3, parent: 2, name: "child", start: Self.base + 200_000, end: Self.base + 500_000),
            Self.span(4, parent: 3, name: "grandchild", start: Self.base + 300_000, end: Self.base + 400_000),
        ]))
        var app = ExplorerApp(set: first, analysis: Analysis(first), width: 100, height: 16)
        #expect(app.state.screen == .waterfall(0))
        #expect(app.wf.index.tree.missingParentCount == 1)
        _ = try app.press("G")
        let selected = app.wf.index.tree.nodes[Int(app.wf.selectedNode)].spanID
        #expect(selected == SpanID(4))
        // The missing parent arrives, and a second trace.
        app.absorb(try Self.decode(Self.line([
            Self.span(2, parent: 1, name: "middle", start: Self.base + 100_000, end: Self.base + 900_000),
            Self.span(9, trace: TraceID(high: 0, low: 0x78), name: "other", start: Self.base, end: Self.base + 5),
        ])))
        let tree = app.wf.index.tree
        #expect(tree.missingParentCount == 0)
        #expect(tree.nodes.map(\.spanID) == [1, 2, 3, 4].map { SpanID($0) })
        #expect(tree.nodes.map(\.depth) == [0, 1, 2, 3])
        // Still on the grandchild, by span, though its node number changed.
        #expect(tree.nodes[Int(app.wf.selectedNode)].spanID == selected)
        #expect(app.state.data.generation == 1)
        #expect(app.state.data.summaries.count == 2)
        #expect(app.state.data.summaries[0].traceID == Self.trace)  // positions stay
        let screen = app.render(width: 100, height: 16).text()
        #expect(screen.contains("middle"))
        #expect(screen.contains("live · +1 new"))
    }

    @Test func collapsedSpansAndSearchFollowTheirSpans() throws {
        let first = try Self.decode(Self.line([
            Self.span(1, name: "root", start: Self.base, end: Self.base + 1_000_000),
            Self.span(2, parent: 1, name: "late-a", start: Self.base + 500_000, end: Self.base + 600_000),
            Self.span(3, parent: 2, name: "leaf", start: Self.base + 510_000, end: Self.base + 520_000),
        ]))
        var app = ExplorerApp(set: first, analysis: Analysis(first), width: 100, height: 16)
        _ = try app.press("/leaf<Enter>")
        #expect(app.wf.matches.count == 1)
        _ = try app.press("k<Space>")  // collapse late-a
        // An earlier sibling arrives: late-a moves down one node number.
        app.absorb(try Self.decode(Self.line([
            Self.span(5, parent: 1, name: "early", start: Self.base + 100_000, end: Self.base + 200_000),
            Self.span(6, parent: 5, name: "leaf", start: Self.base + 110_000, end: Self.base + 120_000),
        ])))
        let tree = app.wf.index.tree
        let lateA = try #require(tree.nodes.firstIndex { $0.spanID == SpanID(2) })
        #expect(app.wf.collapsed == [Int32(lateA)])
        #expect(app.wf.matches.count == 2)
        #expect(!app.wf.rows.visibleRows.contains { tree.nodes[Int($0)].spanID == SpanID(3) })
    }

    @Test func pausingHoldsNewDataUntilResumed() throws {
        let first = try Self.decode(Self.line([Self.span(1, name: "a", start: Self.base, end: Self.base + 10)]))
        var app = ExplorerApp(set: first, analysis: Analysis(first), width: 100, height: 12)
        app.markLive()
        _ = try app.press("q")  // to the list
        _ = try app.press("w")
        #expect(app.state.live?.following == false)
        app.absorb(try Self.decode(Self.line([Self.span(2, trace: TraceID(high: 0, low: 0x99), name: "b", start: Self.base + 5, end: Self.base + 9)])))
        #expect(app.state.list.rows.count == 1)
        #expect(app.render(width: 100, height: 12).text().contains("paused · 1 span waiting"))
        _ = try app.press("w")
        #expect(app.state.list.rows.count == 2)
        #expect(app.state.live?.following == true)
    }

    /// A file the Collector's file exporter keeps writing: lines appear in batches, the last one
    /// sometimes half-written. The feed turns each into a generation; screens after each batch.
    @Test func followingAFileScreenAfterEachBatch() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("traces.jsonl")
        let handle = { () throws -> FileHandle in
            _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            return try FileHandle(forWritingTo: file)
        }
        let out = try handle()
        var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: 110, height: 14)
        app.markLive()
        let feed = LiveFeed(data: app.state.data, inbox: Inbox())
        feed.follow(paths: [file.path], interval: 0.02)
        func waitForData() -> Bool {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                _ = feed.inbox.wait(timeoutMs: 100)
                var got = false
                for m in feed.inbox.drain() {
                    app.send(m)
                    if case .live(.data) = m { got = true }
                }
                if got { return true }
            }
            return false
        }
        for batch in 0..<3 {
            var text = ""
            for k in 0..<2 {
                let t = TraceID(high: 1, low: UInt64(batch * 10 + k))
                text += Self.line([Self.span(1, trace: t, name: "op\(batch)", start: Self.base + Int64(batch * 1000 + k), end: Self.base + 5000)])
            }
            // The second line is written in two parts: the first part alone must wait.
            let cut = text.utf8.count - 40
            try out.write(contentsOf: Data(text.utf8.prefix(cut)))
            #expect(waitForData())
            #expect(app.state.data.summaries.count == batch * 2 + 1)
            try out.write(contentsOf: Data(text.utf8.dropFirst(cut)))
            #expect(waitForData())
            let screen = app.render(width: 110, height: 14).text()
            #expect(screen.contains("\((batch + 1) * 2)/\((batch + 1) * 2) traces"), "\(screen)")
            #expect(screen.contains("op\(batch)"))
        }
        // Truncated and rewritten (log rotation by copy-truncate): read again, with a notice.
        try out.truncate(atOffset: 0)
        try out.seek(toOffset: 0)
        try out.write(contentsOf: Data(Self.line([Self.span(1, trace: TraceID(high: 2, low: 1), name: "after", start: Self.base, end: Self.base + 9)]).utf8))
        #expect(waitForData())
        #expect(app.state.data.summaries.contains { $0.rootName == "after" })
        #expect(feed.generations >= 4)
    }

    /// The run loop wakes for a message posted from another thread while it waits for keys.
    @Test func theRunLoopWakesForMessagesFromOtherThreads() throws {
        let first = try Self.decode(Self.line([Self.span(1, name: "a", start: Self.base, end: Self.base + 10)]))
        var app = ExplorerApp(set: first, analysis: Analysis(first), width: 80, height: 10)
        let inbox = Inbox()
        let backend = HeadlessBackend(width: 80, height: 10)
        let more = try Self.decode(Self.line([Self.span(7, trace: TraceID(high: 0, low: 0x5), name: "posted", start: Self.base, end: Self.base + 3)]))
        let next = app.state.data.merging(more)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.1)
            inbox.post(.live(.notice("hello from another thread")))
            inbox.post(.live(.data(next, spans: 1, at: Date())))
        }
        app.run(backend: backend, inbox: inbox, idleLimit: 4)
        #expect(app.state.data === next)
        #expect(backend.screen.text().contains("hello from another thread"))
    }
}

/// Work that can take more than a frame is a job: `update` returns it, the result comes back as
/// a message, the status line says what runs, and `<Esc>` cancels it.
@Suite struct JobTests {
    @Test func searchingALargeTraceIsAJobWhoseResultComesBackAsAMessage() throws {
        var app = Synthetic.app(parents: Synthetic.tree(Thresholds.backgroundSpans + 5_000, fanout: 4))
        for k in try KeyNotation.parse("/op3") { app.handle(k) }
        let effects = app.handle(.enter)
        guard case .run(let job)? = effects.first else { Issue.record("no job: \(effects)"); return }
        #expect(app.wf.matches.isEmpty)
        #expect(app.render(width: 120, height: 30).text().contains("searching span details… (Esc cancels)"))
        app.send(.jobDone(job.id, job.work(job.progress)))
        #expect(app.wf.matches.count == (Thresholds.backgroundSpans + 5_000) / 4)
        #expect(app.state.running == nil)
    }

    @Test func escapeCancelsAJobAndItsLateResultIsIgnored() throws {
        var app = Synthetic.app(parents: Synthetic.tree(Thresholds.backgroundSpans + 5_000, fanout: 4))
        for k in try KeyNotation.parse("/op3") { app.handle(k) }
        guard case .run(let job)? = app.handle(.enter).first else { Issue.record("no job"); return }
        app.handle(.escape)
        #expect(job.progress.isCancelled)
        #expect(app.state.message == "cancelled: searching span details")
        // The job notices and stops; had it finished anyway, its result is dropped.
        #expect(job.work(job.progress) == .cancelled)
        app.send(.jobDone(job.id, .searchMatches(query: "op3", trace: 0, generation: 0, matches: [1])))
        #expect(app.wf.matches.isEmpty)
        // The waterfall is still there: Esc went to the job, not to the screen.
        #expect(app.state.screen == .waterfall(0))
    }

    @Test func writingAWholeLargeTraceIsAJob() throws {
        var app = Synthetic.app(parents: Synthetic.tree(Thresholds.backgroundSpans + 1, fanout: 4))
        app.handle(.character("x"))
        let effects = app.handle(.character("O"))
        guard case .run(let job)? = effects.first else { Issue.record("no job: \(effects)"); return }
        let done = app.send(.jobDone(job.id, job.work(job.progress)))
        guard case .writeFile(let path, let bytes)? = done.first else { Issue.record("no file: \(done)"); return }
        #expect(path.hasSuffix(".otlp.json"))
        #expect(bytes.count > 1_000_000)
        #expect(app.state.message.hasPrefix("wrote \(path) (\(Thresholds.backgroundSpans + 1) spans"))
    }
}

extension JobTests {
    @Test func statisticsOfALargeInputAreAJobThenOpen() throws {
        var app = Synthetic.app(parents: Synthetic.tree(Thresholds.backgroundSpans + 10, fanout: 3))
        _ = app.handle(.character("q"))  // to the list
        let effects = app.handle(.character("t"))
        guard case .run(let job)? = effects.first else { Issue.record("no job: \(effects)"); return }
        #expect(app.state.screen == .traceList)
        app.send(.jobDone(job.id, job.work(job.progress)))
        #expect(app.state.screen == .statistics)
        // Computed once: a second `t` opens at once.
        _ = app.handle(.character("q"))
        #expect(app.handle(.character("t")).isEmpty)
        #expect(app.state.screen == .statistics)
    }
}

@Suite struct OverlayTests {
    /// Help, the prompt and the export menu are one `overlay`: opening one closes the other.
    @Test func oneOverlayAtATime() throws {
        var app = Synthetic.app(parents: Synthetic.tree(20, fanout: 3))
        _ = try app.press("x")
        #expect(app.state.overlay == .exportMenu && app.state.context == .export)
        var state = app.state
        state.helpVisible = true
        #expect(state.overlay == .help && !state.exportMenu)
        state.searchActive = false  // not the open one: nothing changes
        #expect(state.overlay == .help)
        _ = try app.press("<Esc>?")
        #expect(app.state.overlay == .help && app.state.context == .help)
    }
}
