import TraceModel

/// Why a store could not be opened, written or read: one line naming the file.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// What the bytes of a stored batch are, so loading picks the decoder that made its spans.
public enum BatchFormat: Int, Sendable {
    /// An `ExportTraceServiceRequest` in protobuf (OTLP/gRPC, OTLP/HTTP `application/x-protobuf`).
    case otlpProtobufTraces = 1
    /// An `ExportLogsServiceRequest` in protobuf.
    case otlpProtobufLogs = 2
    /// OTLP/JSON (traces or logs), as OTLP/HTTP `application/json` sends it.
    case otlpJSON = 3
}

/// A decoded batch with the bytes its spans' detail ranges point into, as `append` stores it.
public struct StoreBatch: Sendable {
    public var set: TraceSet
    public var bytes: [UInt8]
    public var format: BatchFormat

    /// `set` must be what `format`'s decoder made of `bytes`.
    public init(set: TraceSet, bytes: [UInt8], format: BatchFormat) {
        self.set = set
        self.bytes = bytes
        self.format = format
    }
}

/// One row of the trace list, read from the per-trace table without touching the spans.
public struct StoredTrace: Sendable, Equatable {
    public var traceID: TraceID
    /// Earliest span start and latest span end, Unix epoch nanoseconds.
    public var start: Int64
    public var end: Int64
    /// The root span's service and name; the earliest span's while no root has arrived.
    public var rootService: String
    public var rootName: String
    public var hasRoot: Bool
    public var spanCount: Int
    public var errorCount: Int
    /// When the last span of this trace was received (Unix epoch nanoseconds).
    public var received: Int64
}

/// What `enforceRetention` removed.
public struct RetentionResult: Sendable, Equatable {
    public var tracesDropped: Int
    /// Pages of the database no longer in use (reused by later appends; the file keeps its size).
    public var bytesFreed: Int
    /// A slice was asked for and filled: more may be due (call again).
    public var more = false
}
