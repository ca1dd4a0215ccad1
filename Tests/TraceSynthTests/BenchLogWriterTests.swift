import Testing
import TraceFormats
import TraceModel
import TraceSynth

@Suite struct BenchLogWriterTests {
    @Test func linesLoadBackLinkedToTheGivenSpansWithExactTimes() throws {
        let refs = [BenchLogWriter.SpanRef(trace: TraceID(high: 0xabc, low: 0xdef), span: SpanID(0x123), start: 1_700_000_000_123_456_000),
                    BenchLogWriter.SpanRef(trace: TraceID(high: 1, low: 2), span: SpanID(3), start: 1_709_164_800_000_000_000)]
        var bytes: [UInt8] = []
        let n = BenchLogWriter(flushBytes: 512).write(lines: 200, spans: refs) { bytes += $0 }
        #expect(n == bytes.count)
        #expect(bytes.count / 200 > 150 && bytes.count / 200 < 260)
        let input = try LogLoader.decode(FileBytes(bytes, name: "bench.jsonl"))
        #expect(input.warnings.isEmpty)
        #expect(input.set.logs.count == 200)
        let linked = input.set.logs.filter { $0.traceID != .zero }
        #expect(linked.count == 180)
        for r in linked {
            let ref = try #require(refs.first { $0.trace == r.traceID })
            #expect(r.spanID == ref.span)
            // Within the 5 ms the writer adds.
            #expect(r.time >= ref.start && r.time < ref.start + 5_000_000)
        }
        // In time order, as log files are; microseconds survive both time shapes.
        #expect(input.set.logs.map(\.time) == input.set.logs.map(\.time).sorted())
        #expect(input.set.logs.allSatisfy { $0.time % 1000 == 0 })
        #expect(input.set.logs.filter(\.isError).count == 4)
    }
}
