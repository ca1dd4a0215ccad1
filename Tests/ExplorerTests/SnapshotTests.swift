import Testing
@testable import Explorer
import TerminalUI

@Suite struct SnapshotTests {
    static let cases: [(name: String, fixture: String, keys: String, width: Int, height: Int)] = [
        ("checkout-waterfall", "checkout", "", 120, 24),
        ("checkout-moved", "checkout", "jjj", 120, 24),
        ("checkout-details", "checkout", "jj<Enter>", 140, 30),
        ("checkout-collapsed", "checkout", "jh", 120, 24),
        ("checkout-error-details", "checkout", "e<Enter>", 140, 40),
        ("checkout-help", "checkout", "?", 120, 40),
        ("checkout-search", "checkout", "/payment<Enter>", 120, 24),
        ("checkout-ascii", "checkout", "j", 100, 20),
        ("checkout-critical-off", "checkout", "c", 120, 24),
        ("checkout-critical-section", "checkout", "pppp", 120, 24),
        ("demo-list", "demo", "", 120, 24),
        ("demo-list-sorted", "demo", "ss", 120, 24),
        ("demo-list-filter", "demo", "/error", 120, 24),
        ("demo-open", "demo", "j<Enter>", 120, 24),
        // Linked logs: a span's error log and exception event; all logs of the trace.
        ("demo-logs-span", "demo", "jjj<Enter>GL", 120, 30),
        ("demo-logs-trace", "demo", "jjj<Enter>A", 120, 30),
        // Statistics, span filter, outliers, compare.
        ("checkout-statistics", "checkout", "t", 120, 16),
        ("checkout-statistics-narrow", "checkout", "tj", 80, 14),
        ("checkout-statistics-services", "checkout", "t<Tab>sS", 120, 10),
        ("checkout-statistics-filter", "checkout", "t<Enter>", 120, 14),
        ("demo-statistics-all", "demo", "t", 120, 20),
        ("demo-outlier", "demo", "/duration>1s<Enter><Enter>jjjjjj<Enter>", 140, 26),
        ("demo-compare", "demo", "mjv", 150, 20),
        ("demo-list-marked", "demo", "m", 120, 8),
        ("checkout-statistics-help", "checkout", "t?", 100, 26),
    ]

    @Test(arguments: cases.indices)
    func golden(_ i: Int) throws {
        let c = Self.cases[i]
        let (set, analysis) = c.fixture == "demo" ? try Fixture.demo() : try Fixture.checkout()
        let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: c.width, height: c.height,
                                                 keys: c.keys, unicode: c.name != "checkout-ascii")
        #expect(out.text.split(separator: "\n", omittingEmptySubsequences: false).count == c.height)
        try Snapshot.expect(c.name + ".txt", Snapshot.document(text: out.text, roles: out.roles))
    }
}
