import Testing
@testable import Backends

@Test func searchWindowBoundsFollowNow() {
    let q = SearchQuery(window: .lookback(10))
    #expect(q.bounds(now: 100) == (90, 100))
}
