import Dispatch
import Synchronization

/// Totals since the receivers started, for the status line.
public struct ReceiverStats: Sendable, Equatable {
    /// Requests answered (any status).
    public var requests = 0
    /// Spans and log records kept by the sink (acknowledged to their senders).
    public var spans = 0
    public var logRecords = 0
    /// Spans and log records a request carried but the decoder could not take (partial success).
    public var rejectedItems = 0
    /// Requests answered with an error status (4xx, 5xx), 503s included.
    public var failedRequests = 0
    /// 503s: the sink was busy.
    public var busy = 0
    /// Request body bytes read from the network (as sent, before inflating); for gRPC, the
    /// messages as the transport hands them over (inflated).
    public var bytes = 0
    /// When this was taken (monotonic nanoseconds), for rates.
    public var uptimeNanoseconds: UInt64 = 0

    /// Spans per second between an earlier snapshot and this one.
    public func spansPerSecond(since earlier: ReceiverStats) -> Double {
        let seconds = Double(uptimeNanoseconds &- earlier.uptimeNanoseconds) / 1e9
        return seconds > 0 ? Double(spans - earlier.spans) / seconds : 0
    }
}

/// The live counters, updated from every connection (of every receiver that shares them).
public final class StatsCounters: Sendable {
    public init() {}

    public let requests = Atomic<Int>(0)
    public let spans = Atomic<Int>(0)
    public let logRecords = Atomic<Int>(0)
    public let rejectedItems = Atomic<Int>(0)
    public let failedRequests = Atomic<Int>(0)
    public let busy = Atomic<Int>(0)
    public let bytes = Atomic<Int>(0)

    public var snapshot: ReceiverStats {
        ReceiverStats(requests: requests.load(ordering: .relaxed), spans: spans.load(ordering: .relaxed),
                      logRecords: logRecords.load(ordering: .relaxed), rejectedItems: rejectedItems.load(ordering: .relaxed),
                      failedRequests: failedRequests.load(ordering: .relaxed), busy: busy.load(ordering: .relaxed),
                      bytes: bytes.load(ordering: .relaxed), uptimeNanoseconds: DispatchTime.now().uptimeNanoseconds)
    }
}
