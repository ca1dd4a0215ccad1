import Testing
@testable import Explorer

/// The `log:` filter's byte search and the deferral of heavy filter terms on large inputs.
@Suite struct LogFilterSearchTests {
    @Test(arguments: [
        ("hello world", "hello", true), ("hello world", "world", true), ("hello world", "o w", true),
        ("hello world", "worlds", false), ("aaab", "aab", true), ("abab", "abb", false),
        ("", "a", false), ("a", "", true), ("timeout\nretry", "t\nr", true), ("ab", "abc", false),
    ])
    func byteSearch(hay: String, needle: String, found: Bool) {
        #expect(ExplorerData.bytes(Array(hay.utf8), contain: Array(needle.utf8)) == found)
    }

    @Test func heavyTermsCanBeDeferredAndTheRestStays() {
        let all = TraceFilter("error log:timeout http.method=GET checkout", deferHeavy: false)
        #expect(all.terms.count == 4 && !all.deferred)
        let live = TraceFilter("error log:timeout http.method=GET checkout", deferHeavy: true)
        #expect(live.terms.count == 2 && live.deferred)
        #expect(!TraceFilter("error checkout", deferHeavy: true).deferred)
    }
}
