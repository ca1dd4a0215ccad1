import Testing
@testable import Explorer
import TerminalUI

/// Golden screens of the statistics, filter, outlier and compare features (text and roles).
@Suite struct SlowPartSnapshotTests {
    static let cases: [(name: String, fixture: String, keys: String, width: Int, height: Int)] = [
        ("checkout-statistics", "checkout", "t", 120, 16),
        ("checkout-statistics-narrow", "checkout", "tj", 80, 14),
        ("checkout-statistics-services", "checkout", "t<Tab>sS", 120, 10),
        ("checkout-statistics-filter", "checkout", "t<Enter>", 120, 14),
        ("demo-statistics-all", "demo", "t", 120, 20),
        ("demo-outlier", "demo", "/duration>1s<Enter><Enter>jjjjjj<Enter>", 140, 26),
        ("demo-compare", "demo", "mjv", 150, 20),
        ("demo-list-marked", "demo", "m", 120, 8),
    ]

    @Test(arguments: cases.indices)
    func golden(_ i: Int) throws {
        let c = Self.cases[i]
        let (set, analysis) = c.fixture == "demo" ? try Fixture.demo() : try Fixture.checkout()
        let out = try ExplorerApp.renderHeadless(set: set, analysis: analysis, width: c.width, height: c.height, keys: c.keys)
        #expect(out.text.split(separator: "\n", omittingEmptySubsequences: false).count == c.height)
        try Snapshot.expect(c.name + ".txt", Snapshot.document(text: out.text, roles: out.roles))
    }
}
