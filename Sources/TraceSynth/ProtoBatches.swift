import TraceFormats
import TraceModel

/// OTLP protobuf export requests of the benchmark writer's realistic spans, as an SDK would
/// send them: the store's benchmark, its durability test and its writer helper share them.
public enum ProtoBatches {
    /// Request `index` of the stream seeded by `seed`: `spans` spans over `traces` traces.
    public static func request(seed: UInt64, index: Int, spans: Int = 512, traces: Int = 8) throws(LoadError) -> [UInt8] {
        var json: [UInt8] = []
        BenchOTLPWriter(seed: seed &+ UInt64(index) &* 0x9E37_79B9, chunkSpans: spans).write(spans: spans, traces: traces) { json += $0 }
        let set = try TraceLoader.decode(FileBytes(json, name: "generated batch \(index)")).set
        return OTLPProtobuf.encodeTraces(set)
    }
}
