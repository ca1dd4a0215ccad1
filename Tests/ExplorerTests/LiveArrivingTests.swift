import Foundation
import Testing
@testable import Explorer
import TraceAnalysis
import TraceModel

/// A trace that got spans lately is marked as still arriving, in the list and in its
/// waterfall, until it has been quiet for `LiveState.quietSeconds` by the explorer's clock
/// (the times of live events, never the wall clock, so screens stay reproducible).
@Suite struct LiveArrivingTests {
    typealias L = LiveDataTests
    static let other = TraceID(high: 0, low: 0x78)

    func app() throws -> ExplorerApp {
        let first = try L.decode(L.line([
            L.span(1, name: "checkout", start: L.base, end: L.base + 1_000_000),
            L.span(5, trace: Self.other, name: "search", start: L.base + 10, end: L.base + 2_000_000),
        ]))
        var app = ExplorerApp(set: first, analysis: Analysis(first), width: 110, height: 14)
        app.markLive(arriving: true)
        return app
    }

    func row(_ screen: String, _ name: String) -> String {
        screen.split(separator: "\n").first { $0.contains("svc: " + name) }.map(String.init) ?? ""
    }

    @Test func aTraceIsArrivingUntilQuietForFiveSeconds() throws {
        var app = try app()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        app.absorb(try L.decode(L.line([L.span(2, parent: 1, name: "pay", start: L.base + 5, end: L.base + 900_000)])), at: t0)
        var screen = app.render(width: 110, height: 14).text()
        #expect(row(screen, "checkout").contains("… svc: checkout"))
        #expect(!row(screen, "search").contains("…"))
        // 4 s later (a status line from the source moves the clock): still arriving.
        app.send(.live(.status("2 spans/s", at: t0.addingTimeInterval(4))))
        screen = app.render(width: 110, height: 14).text()
        #expect(row(screen, "checkout").contains("…"))
        #expect(screen.contains("live · 2 spans/s"))
        // The waterfall says so too.
        _ = try app.press("<Enter>")
        let title = app.render(width: 110, height: 14).text().split(separator: "\n")[0]
        #expect(title.contains("still arriving"))
        // Quiet for 5 s: no longer.
        app.send(.live(.status("0 spans/s", at: t0.addingTimeInterval(5.5))))
        #expect(!app.render(width: 110, height: 14).text().split(separator: "\n")[0].contains("still arriving"))
        _ = try app.press("<Esc>")
        #expect(!row(app.render(width: 110, height: 14).text(), "checkout").contains("…"))
    }

    @Test func onlyASourceThatAsksForItMarksArriving() throws {
        var app = try app()
        app.state.live!.marksArriving = false
        app.absorb(try L.decode(L.line([L.span(2, parent: 1, name: "pay", start: L.base + 5, end: L.base + 900_000)])), at: Date())
        #expect(!row(app.render(width: 110, height: 14).text(), "checkout").contains("…"))
    }

    @Test func arrivingSurvivesAReplacementThatRenumbersTraces() throws {
        var app = try app()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        app.absorb(try L.decode(L.line([L.span(6, parent: 5, trace: Self.other, name: "db", start: L.base + 20, end: L.base + 30)])), at: t0)
        // Only the second trace is kept: it becomes trace 0, and is still the one arriving.
        let kept = app.state.data.set.keeping([Self.other])
        app.send(.live(.data(ExplorerData.replacing(app.state.data, with: kept), spans: 0, at: t0.addingTimeInterval(1))))
        let screen = app.render(width: 110, height: 14).text()
        #expect(row(screen, "search").contains("…"))
        #expect(!screen.contains("checkout"))
    }
}

/// `listen` never stops receiving: the feed keeps the explorer to the newest traces.
@Suite struct LiveTrimTests {
    typealias L = LiveDataTests

    /// Trace `n`: `spans` spans starting at `L.base + n` ms.
    static func trace(_ n: UInt64, spans: Int) throws -> TraceSet {
        let id = TraceID(high: 0, low: 0x100 + n)
        let start = L.base + Int64(n) * 1_000_000
        let list = (0..<spans).map { k in
            L.span(UInt64(k + 1), parent: k == 0 ? 0 : 1, trace: id, name: "op\(n)", start: start + Int64(k), end: start + 500)
        }
        return try L.decode(L.line(list))
    }

    /// Drains the inbox into `app` until the feed is idle and a message came.
    static func settle(_ feed: LiveFeed, _ app: inout ExplorerApp) {
        let deadline = Date().addingTimeInterval(20)
        var got = false
        while Date() < deadline {
            _ = feed.inbox.wait(timeoutMs: 50)
            for m in feed.inbox.drain() { app.send(m); got = true }
            if got && feed.isIdle && feed.inbox.drain().isEmpty { return }
        }
    }

    /// A live explorer on traces 1 and 2 (4 spans each) and its feed.
    static func start() throws -> (ExplorerApp, LiveFeed) {
        var first = try trace(1, spans: 4)
        first.merge(try trace(2, spans: 4))
        var app = ExplorerApp(set: first, analysis: Analysis(first), width: 100, height: 14)
        app.markLive()
        return (app, LiveFeed(data: app.state.data, inbox: Inbox()))
    }

    @Test func trimKeepsTheNewestWholeTracesAndWhatWaits() throws {
        var (app, feed) = try Self.start()
        // Under the limit: nothing to do.
        #expect(!feed.trim(above: 100, keeping: 6))
        feed.submit(try Self.trace(3, spans: 4))
        feed.submit(try Self.trace(4, spans: 3))
        // 15 spans held or waiting: keep the newest that fit in 8 → traces 4 (3) and 3 (4).
        #expect(feed.trim(above: 10, keeping: 8))
        Self.settle(feed, &app)
        let ids = Set(app.state.data.summaries.map(\.traceID.low))
        #expect(ids == [0x103, 0x104])
        #expect(app.state.data.set.spans.count == 7)
        // The dropped traces' request bodies are not held any more (one per kept trace here),
        // or hours of listening would hold every body received.
        #expect(app.state.data.set.detailSources.count == 2)
        // A later batch merges on top of the trimmed data.
        feed.submit(try Self.trace(5, spans: 2))
        Self.settle(feed, &app)
        #expect(Set(app.state.data.summaries.map(\.traceID.low)) == [0x103, 0x104, 0x105])
    }

    /// A trim renumbers the traces and resets the screens: on the statistics screen it waits
    /// (with what arrives after it) until the person leaves, then the list shows all of it.
    @Test func aTrimWaitsWhileStatisticsAreShown() throws {
        var (app, feed) = try Self.start()
        _ = try app.press("t")
        #expect(app.state.screen == .statistics)
        // New traces are taken in as usual (the statistics stay a snapshot)…
        feed.submit(try Self.trace(3, spans: 4))
        Self.settle(feed, &app)
        #expect(Set(app.state.data.summaries.map(\.traceID.low)) == [0x101, 0x102, 0x103])
        // …a trim is not, nor what is built on it.
        #expect(feed.trim(above: 10, keeping: 8))
        Self.settle(feed, &app)
        feed.submit(try Self.trace(4, spans: 2))
        Self.settle(feed, &app)
        #expect(app.state.screen == .statistics && app.state.statistics != nil)
        #expect(Set(app.state.data.summaries.map(\.traceID.low)) == [0x101, 0x102, 0x103])
        #expect(app.state.live?.label().contains("waiting") == true, "\(app.state.live?.label() ?? "")")
        _ = try app.press("<Esc>")
        #expect(app.state.screen == .traceList)
        #expect(Set(app.state.data.summaries.map(\.traceID.low)) == [0x102, 0x103, 0x104])
        #expect(app.state.live?.held == nil)
        // On the list a trim is shown at once.
        #expect(feed.trim(above: 6, keeping: 6))
        Self.settle(feed, &app)
        #expect(Set(app.state.data.summaries.map(\.traceID.low)) == [0x103, 0x104])
        // Left without `back` (Enter on a row shows its spans elsewhere): the next status tick
        // shows what waited.
        _ = try app.press("t")
        feed.submit(try Self.trace(5, spans: 2))
        Self.settle(feed, &app)
        #expect(feed.trim(above: 6, keeping: 4))
        Self.settle(feed, &app)
        #expect(app.state.live?.held != nil)
        _ = try app.press("<Enter>")
        #expect(!app.state.screen.isSnapshot)
        app.send(.live(.status("tick", at: Date())))
        #expect(app.state.live?.held == nil)
        #expect(Set(app.state.data.summaries.map(\.traceID.low)) == [0x104, 0x105])
    }
}
