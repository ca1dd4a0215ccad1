import Foundation
import TraceFormats
import TraceModel
import TraceSynth

/// `--otlp-proto`: decoding OTLP requests of 512 realistic spans (the benchmark writer's spans:
/// HTTP, database and internal spans with 6–9 attributes, some events, 20 services) from
/// protobuf, against the JSON decoder on the same spans, on one thread. Each batch is decoded
/// from its own buffer (copied in, as a receiver holds a request body), as a receiver would.
enum ProtoBench {
    static func run(batches: Int = 200, passes: Int = 5) throws {
        let perBatch = 512
        var json: [[UInt8]] = []
        var proto: [[UInt8]] = []
        for b in 0..<batches {
            var bytes: [UInt8] = []
            BenchOTLPWriter(seed: 42 + UInt64(b), chunkSpans: perBatch).write(spans: perBatch, traces: 1) { bytes += $0 }
            let set = try TraceLoader.decode(FileBytes(bytes, name: "batch.json")).set
            precondition(set.spans.count == perBatch, "batch \(b) has \(set.spans.count) spans")
            json.append(bytes)
            proto.append(OTLPProtobuf.encodeTraces(set))
        }
        let spans = batches * perBatch
        let jsonBytes = json.reduce(0) { $0 + $1.count }, protoBytes = proto.reduce(0) { $0 + $1.count }
        say("== --otlp-proto: \(batches) requests of \(perBatch) spans (\(spans) spans), one thread, best of \(passes) passes")
        say("request size per span: protobuf \(protoBytes / spans) bytes, JSON \(jsonBytes / spans) bytes")

        func time(_ label: String, bytes: Int, _ body: () throws -> Int) rethrows {
            var best = Double.infinity
            var count = 0
            for _ in 0..<passes {
                let t = DispatchTime.now().uptimeNanoseconds
                count = try body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
            }
            precondition(count == spans, "\(label): \(count) spans, want \(spans)")
            say(String(format: "%@ %9.0f spans/s  %6.2f µs/span  %7.1f MB/s", pad(label, 46),
                       Double(spans) / best, best / Double(spans) * 1e6, Double(bytes) / best / 1e6))
        }
        try time("decode protobuf (spans, details checked)", bytes: protoBytes) {
            var n = 0
            for b in proto { n += try OTLPProtobuf.decodeTraces(FileBytes(b, name: "b.pb")).set.spans.count }
            return n
        }
        try time("decode OTLP/JSON, same spans (JSON decoder)", bytes: jsonBytes) {
            var n = 0
            for b in json { n += try TraceLoader.decode(FileBytes(b, name: "b.json")).set.spans.count }
            return n
        }
        try time("decode protobuf + every span's details", bytes: protoBytes) {
            var n = 0
            for b in proto {
                let set = try OTLPProtobuf.decodeTraces(FileBytes(b, name: "b.pb")).set
                for s in set.spans where !set.details(s).attributes.isEmpty { n += 1 }
            }
            return n
        }
        let sets = try proto.map { try OTLPProtobuf.decodeTraces(FileBytes($0, name: "b.pb")).set }
        time("encode protobuf (load generator)", bytes: protoBytes) {
            var n = 0
            for set in sets { n += OTLPProtobuf.encodeTraces(set).isEmpty ? 0 : set.spans.count }
            return n
        }
    }
}
