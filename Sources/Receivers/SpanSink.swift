import Synchronization
import TraceFormats
import TraceModel

/// What a receiver got, so a store can keep the received bytes and decode them again later.
public enum ReceivedFormat: String, Sendable, CaseIterable {
    case otlpTracesProtobuf = "OTLP/HTTP traces (protobuf)"
    case otlpTracesJSON = "OTLP/HTTP traces (JSON)"
    case otlpLogsProtobuf = "OTLP/HTTP logs (protobuf)"
    case otlpLogsJSON = "OTLP/HTTP logs (JSON)"
    case zipkinV2JSON = "Zipkin v2 JSON"
    case zipkinV1JSON = "Zipkin v1 JSON"

    /// Log records rather than spans.
    public var isLogs: Bool { self == .otlpLogsProtobuf || self == .otlpLogsJSON }
}

public enum SinkError: Error, Sendable, Equatable {
    /// Cannot take the batch now; the sender should retry (503 with Retry-After).
    case busy
    /// The batch could not be kept (500); the message says why.
    case failed(String)
}

/// Where received batches go. `accept` returns only once the batch is kept (committed, for a
/// store): the sender is told "accepted" after that and never before, so nothing acknowledged
/// can be lost. `body` is the request body as decoded (inflated when it came gzipped).
public protocol SpanSink: Sendable {
    func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError)
}

/// Keeps batches in memory: for tests and `--memory`. With a capacity (in spans and log
/// records), a batch that would go over it is refused as busy, as a store that cannot keep up.
public final class MemorySink: SpanSink {
    public struct Batch: Sendable {
        public var set: TraceSet
        public var body: [UInt8]
        public var format: ReceivedFormat
    }

    private let capacity: Int?
    private let state = Mutex<(batches: [Batch], items: Int)>(([], 0))

    public init(capacity: Int? = nil) {
        self.capacity = capacity
    }

    public func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError) {
        let items = batch.spans.count + batch.logs.count
        let taken = state.withLock { s in
            if let capacity, s.items + items > capacity { return false }
            s.batches.append(Batch(set: batch, body: body, format: format))
            s.items += items
            return true
        }
        if !taken { throw .busy }
    }

    public var batches: [Batch] { state.withLock { $0.batches } }
    public var spanCount: Int { state.withLock { $0.batches.reduce(0) { $0 + $1.set.spans.count } } }
    public var logCount: Int { state.withLock { $0.batches.reduce(0) { $0 + $1.set.logs.count } } }
}
