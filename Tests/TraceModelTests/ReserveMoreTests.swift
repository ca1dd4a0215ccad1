import Testing
import TraceModel

/// Appending batches must grow storage geometrically: reserving `count + batch` each time made
/// every batch of a JSON Lines file copy all spans read so far (quadratic in the lines).
@Suite struct ReserveMoreTests {
    @Test func batchesGrowTheCapacityGeometrically() {
        var a: [Int] = []
        var growths = 0
        for batch in 0 ..< 1_000 {
            let before = a.capacity
            a.reserveMore(1_000)
            if a.capacity != before { growths += 1 }
            a.append(contentsOf: repeatElement(batch, count: 1_000))
        }
        #expect(a.count == 1_000_000)
        #expect(growths <= 20)  // log2(1000) + a few, not 1,000
    }
}
