import Foundation
import Synchronization
import TestSupport
import TraceFormats
import TraceModel
import TraceStore
import TraceSynth

/// Request `index` of stream `seed` (`spans` spans in `traces` traces), and its decoded spans.
struct Request: Sendable {
    let bytes: [UInt8]
    let set: TraceSet

    init(seed: UInt64, index: Int, spans: Int = 64, traces: Int = 4) throws {
        bytes = try ProtoBatches.request(seed: seed, index: index, spans: spans, traces: traces)
        set = try OTLPProtobuf.decodeTraces(FileBytes(bytes, name: "request \(index)")).set
    }

    /// Spans per trace.
    var counts: [TraceID: Int] {
        var out: [TraceID: Int] = [:]
        for s in set.spans { out[s.traceID, default: 0] += 1 }
        return out
    }
}

/// Requests `indexes` of stream `seed`, made on a thread of their own: generating hundreds
/// (JSON written, decoded, encoded, decoded again, in a debug build) would hold one of the
/// cooperative pool's two threads for seconds, and other suites' servers with it.
func requests(seed: UInt64, _ indexes: Range<Int>, spans: Int = 64, traces: Int = 4) async throws -> [Request] {
    try await onThread { try indexes.map { try Request(seed: seed, index: $0, spans: spans, traces: traces) } }
}

/// Span count per trace of the store's list.
func storedCounts(_ store: TraceStore) throws -> [TraceID: Int] {
    Dictionary(try store.traceList().map { ($0.traceID, $0.spanCount) }, uniquingKeysWith: +)
}

/// Waits (without blocking a pool thread for long) until `condition` holds or `seconds` pass.
func eventually(_ seconds: Double = 60, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try condition()
}

/// (trace, span) pairs, to compare sets of spans.
func spanKeys(_ set: TraceSet) -> Set<String> {
    Set(set.spans.map { "\($0.traceID.hex)/\($0.spanID.value)" })
}
