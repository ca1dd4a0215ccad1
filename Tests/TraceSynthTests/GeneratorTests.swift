import Foundation
import Testing
import TraceModel
@testable import TraceSynth
import TestSupport

@Suite struct CheckoutTraceTests {
    @Test func shape() {
        #expect(checkout.spans.count == 12)
        #expect(checkout.services == ["frontend", "checkout", "inventory", "payment"])
        #expect(checkout.spans.filter { $0.status == .error }.map(\.spanID) == [CheckoutTrace.id(9)])
        #expect(checkout.spans.flatMap(\.events).count == 1)
        #expect(checkout.isMicrosecondExact)
        // Every parent exists and encloses its child.
        for s in checkout.spans where !s.isRoot {
            let p = checkout.span(s.parentID)
            #expect(p != nil)
            if let p { #expect(p.startNs <= s.startNs && s.endNs <= p.endNs) }
        }
    }
}

@Suite struct DemoGeneratorTests {
    static let demo = DemoGenerator.generateDemo(seed: 7, traceCount: 60)

    @Test func sameSeedSameBytesDifferentSeedDifferentBytes() {
        let a = OTLPJSONLinesWriter.write(DemoGenerator.generateDemo(seed: 99, traceCount: 20))
        let b = OTLPJSONLinesWriter.write(DemoGenerator.generateDemo(seed: 99, traceCount: 20))
        let c = OTLPJSONLinesWriter.write(DemoGenerator.generateDemo(seed: 100, traceCount: 20))
        #expect(a == b)
        #expect(a != c)
        #expect(DemoGenerator.generateDemo(seed: 5, traceCount: 10) == DemoGenerator.generateDemo(seed: 5, traceCount: 10))
    }

    @Test func containsTheInterestingCases() {
        let demo = Self.demo
        let all = demo.flatMap(\.spans)
        #expect(demo.allSatisfy { $0.isMicrosecondExact })
        #expect(Set(demo.map(\.traceID)).count == demo.count)
        // Errors, with exception events.
        #expect(all.contains { $0.status == .error && $0.events.contains { $0.name == "exception" } })
        #expect(demo.contains { $0.spans[0].status == .error })
        // Retries.
        #expect(all.contains { $0.attributes.contains { $0.key == "retry.attempt" } })
        // Orphans: a non-root span whose parent is not in the trace.
        let orphans = demo.filter { t in t.spans.contains { !$0.isRoot && t.span($0.parentID) == nil } }
        #expect(!orphans.isEmpty)
        // Fan-out: some span with at least 8 children.
        #expect(demo.contains { t in
            Dictionary(grouping: t.spans, by: \.parentID).contains { !$0.key.isZero && $0.value.count >= 8 }
        })
        // A deliberately slow database span.
        #expect(all.contains { $0.attributes.contains { $0.key == "db.system" } && $0.durationNs >= 400_000_000 })
        #expect(all.contains { $0.attributes.contains { $0.key == "db.statement" } })
        // Queue: producer, and a consumer linked FOLLOWS_FROM.
        #expect(all.contains { $0.kind == .producer })
        #expect(all.contains { $0.kind == .consumer && $0.followsFrom })
        #expect(Set(all.map(\.service)).isSuperset(of: ["gateway", "auth", "cart", "checkout", "payment", "inventory", "fulfillment"]))
        #expect(demo.contains { !$0.logs.isEmpty })
    }

    @Test func childrenNestInParentsExceptConsumersAndOrphans() {
        for t in Self.demo {
            #expect(t.spans.filter(\.isRoot).count == 1)
            for s in t.spans where !s.isRoot && s.kind != .consumer {
                guard let p = t.span(s.parentID) else { continue }
                #expect(p.startNs <= s.startNs && s.endNs <= p.endNs, "\(s.name) outside \(p.name)")
            }
        }
    }

    @Test func splitMixIsStable() {
        var r = SplitMix64(seed: 0)
        // Reference values of SplitMix64 with seed 0.
        #expect(r.next() == 0xE220_A839_7B1D_CDAF)
        #expect(r.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}

@Suite struct BenchWriterTests {
    @Test func smallBenchFileIsValidWithRequestedSpanCount() throws {
        var bytes: [UInt8] = []
        let total = BenchOTLPWriter(flushBytes: 4096, chunkSpans: 64).write(spans: 1_000, traces: 3) { bytes += $0 }
        #expect(total == bytes.count)
        let obj = try #require(try parseJSON(bytes) as? [String: Any])
        let spans = otlpSpans(obj)
        #expect(spans.count == 1_000)
        #expect(Set(spans.compactMap { $0.span["traceId"] as? String }).count == 3)
        #expect(spans.filter { $0.span["parentSpanId"] == nil }.count == 3)
        var byID: [String: [String: Any]] = [:]
        for (_, s) in spans { byID[s["spanId"] as? String ?? ""] = s }
        func ns(_ s: [String: Any], _ k: String) -> Int64 { Int64(s[k] as? String ?? "") ?? -1 }
        for (_, s) in spans {
            guard let pid = s["parentSpanId"] as? String else { continue }
            let p = try #require(byID[pid])
            #expect(ns(p, "startTimeUnixNano") <= ns(s, "startTimeUnixNano"))
            #expect(ns(s, "endTimeUnixNano") <= ns(p, "endTimeUnixNano"))
        }
        let perSpan = Double(bytes.count) / 1_000
        #expect(perSpan > 700 && perSpan < 1_000)
    }

    @Test func chainIsOneDeepPath() throws {
        var bytes: [UInt8] = []
        BenchOTLPWriter(chunkSpans: 16).writeChain(depth: 200) { bytes += $0 }
        let spans = otlpSpans(try #require(try parseJSON(bytes) as? [String: Any])).map(\.span)
        #expect(spans.count == 200)
        var parentOf: [String: String] = [:]
        for s in spans { parentOf[s["spanId"] as? String ?? ""] = s["parentSpanId"] as? String }
        let childless = Set(parentOf.keys).subtracting(parentOf.values.compactMap { $0 })
        #expect(childless.count == 1)
        var depth = 1
        var cur = childless.first
        while let c = cur, let p = parentOf[c] { depth += 1; cur = p }
        #expect(depth == 200)
    }
}

@Suite struct FixtureFileTests {
    @Test func everyFormatFileParses() throws {
        for (path, bytes) in FixtureFiles.formatFiles() {
            if path.hasSuffix(".jsonl") {
                #expect(try jsonLines(bytes).count == 5, "\(path)")
            } else {
                #expect(try parseJSON(bytes) is [Any] || (try parseJSON(bytes)) is [String: Any], "\(path)")
            }
        }
    }

    @Test func fixturesOnDiskAreUpToDate() throws {
        let dir = Repo.fixtures
        var total = 0
        for (path, bytes) in FixtureFiles.all() {
            let url = dir.appendingPathComponent(path)
            let disk = try? Data(contentsOf: url)
            total += bytes.count
            #expect(disk.map { [UInt8]($0) == bytes } == true,
                    "Fixtures/\(path) is stale or missing: run `swift run spanscope-fixtures fixtures`")
        }
        #expect(total < 4_000_000)
    }

    @Test func demoFilesParse() throws {
        let files = FixtureFiles.demoFiles()
        let lines = try jsonLines(files[0].bytes) + jsonLines(files[1].bytes)
        #expect(lines.contains { $0["resourceLogs"] != nil })
        #expect(lines.filter { $0["resourceSpans"] != nil }.count == FixtureFiles.demoTraceCount / FixtureFiles.demoTracesPerLine)
        #expect((try parseJSON(files[2].bytes) as? [Any])?.isEmpty == false)
        #expect(((try parseJSON(files[3].bytes) as? [String: Any])?["data"] as? [Any])?.count == FixtureFiles.demoSubsetCount)
    }
}
