import TraceModel

/// A trace search, the same for every backend; the client turns it into each API's parameters
/// and units. Times are Unix nanoseconds.
public struct SearchQuery: Sendable, Equatable {
    public enum Window: Sendable, Equatable {
        /// The last `ns` nanoseconds before now (`15m`, `1h`, `2d`).
        case lookback(Int64)
        /// Absolute bounds, Unix ns.
        case between(start: Int64, end: Int64)
    }
    public var service: String?
    public var operation: String?
    /// `key=value` tags (span or resource attributes), in the order given.
    public var tags: [Tag] = []
    public var minDuration: Int64?
    public var maxDuration: Int64?
    public var window: Window = .lookback(3_600_000_000_000)
    public var limit: Int = 20
    /// Raw TraceQL (Tempo only); when set it replaces service/operation/tags.
    public var traceQL: String?

    public struct Tag: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(service: String? = nil, operation: String? = nil, tags: [Tag] = [], minDuration: Int64? = nil, maxDuration: Int64? = nil,
                window: Window = .lookback(3_600_000_000_000), limit: Int = 20, traceQL: String? = nil) {
        self.service = service
        self.operation = operation
        self.tags = tags
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.window = window
        self.limit = limit
        self.traceQL = traceQL
    }

    /// The window as absolute bounds at `now` (Unix ns).
    public func bounds(now: Int64) -> (start: Int64, end: Int64) {
        switch window {
        case .lookback(let ns): return (now - ns, now)
        case .between(let start, let end): return (start, end)
        }
    }
}
