/// How long and how much the store keeps (`--retain`, `--max-store`): whole traces go, those
/// received longest ago first, checked every `interval` on the store's writer.
public struct Retention: Sendable {
    public var maxAge: Duration?
    /// Bytes of database pages in use (the file keeps its size; freed pages are reused).
    public var maxBytes: Int?
    public var interval: Duration = .seconds(5)

    public init(maxAge: Duration? = nil, maxBytes: Int? = nil) {
        self.maxAge = maxAge
        self.maxBytes = maxBytes
    }

    var isOff: Bool { maxAge == nil && maxBytes == nil }

    var maxAgeNanoseconds: Int64? {
        maxAge.map { d in
            let (s, atto) = d.components
            return s * 1_000_000_000 + atto / 1_000_000_000
        }
    }
}

/// Totals since the sink was made, for the status line.
public struct StoreSinkStats: Sendable, Equatable {
    /// Batches, spans and log records committed (acknowledged to their senders).
    public var committedBatches = 0
    public var committedSpans = 0
    public var committedLogs = 0
    /// Transactions that committed them: fewer than the batches when commits were grouped.
    public var transactions = 0
    /// Bytes of batches taken and not yet committed.
    public var pendingBytes = 0
    /// Batches refused because too many bytes were pending (answered 503 / UNAVAILABLE).
    public var busyRefusals = 0
    /// Batches whose commit failed (answered 500).
    public var failedBatches = 0
    /// The last commit or retention error, one line.
    public var lastError: String?
    /// Bytes the store takes on disk (database and WAL).
    public var storeSizeBytes = 0
    /// Traces retention dropped.
    public var tracesDropped = 0
    /// The longest a retention step held the writer, in nanoseconds (appends wait meanwhile).
    public var longestRetentionStep: Int64 = 0
}
