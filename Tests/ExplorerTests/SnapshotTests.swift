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
        // Service map (M): all traces, sorted, one trace, <Enter> on an edge, at 80 columns.
        ("service-map-all", "demo", "M", 80, 14),
        ("service-map-all-by-p95", "demo", "Mssss", 80, 14),
        ("service-map-trace", "checkout", "M", 80, 10),
        ("service-map-trace-ascii", "checkout", "M", 80, 10),
        ("service-map-enter", "checkout", "Mjj<Enter>", 80, 12),
        ("service-map-list-enter", "demo", "Mjjjjj<Enter>", 80, 10),
        // End-to-end path (a) on a producer/consumer trace; the status line when it opens.
        ("messaging-open", "messaging", "", 100, 10),
        ("messaging-end-to-end", "messaging", "a", 100, 10),
        ("messaging-end-to-end-ascii", "messaging", "a", 100, 10),
        // Attribute keys take the width they need (up to half the pane); a longer key wraps.
        ("long-keys-details", "longkeys", "<Enter>", 140, 24),
        ("long-keys-details-narrow", "longkeys", "<Enter>", 70, 34),
        // Narrow terminals: the timeline goes first, then the service prefix; the span name stays.
        ("checkout-narrow-60", "checkout", "j", 60, 12),
        ("checkout-narrow-40", "checkout", "j", 40, 12),
        // A Zipkin server half: its parent is the client half with the same id.
        ("zipkin-shared-details", "shared", "jj<Enter>", 140, 20),
        // The marks' legend at the end of the waterfall's help, in unicode and ASCII.
        ("checkout-help-marks", "checkout", "?" + String(repeating: "j", count: 60), 120, 30),
        ("checkout-help-marks-ascii", "checkout", "?" + String(repeating: "j", count: 60), 120, 30),
    ]

    @Test(arguments: cases.indices)
    func golden(_ i: Int) throws {
        let c = Self.cases[i]
        let fixture = switch c.fixture {
        case "demo": try Fixture.demo()
        case "messaging": try EndToEndExplorerTests.messaging()
        case "longkeys": try NewUserFixture.longKeys()
        case "shared": try NewUserFixture.sharedSpan()
        default: try Fixture.checkout()
        }
        try Snapshot.expectScreen(c.name, fixture, keys: c.keys, width: c.width, height: c.height,
                                  unicode: !c.name.hasSuffix("ascii"))
    }
}
