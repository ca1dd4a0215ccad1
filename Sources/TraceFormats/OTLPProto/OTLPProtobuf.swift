import TraceModel

/// OTLP in protobuf (the wire format of OTLP/gRPC and of OTLP/HTTP with
/// `application/x-protobuf`), decoded by hand straight into the model, like the JSON scanner.
///
/// Decoding gives the same spans and details as the OTLP/JSON decoder gives for the same
/// message. The span path keeps attributes, events and links as the span's bytes (a detail
/// source decodes them on demand) but checks all of them first: wire types of known fields,
/// lengths, nesting, UTF-8. So a request either fails as a whole with one error naming the
/// byte offset and the field path, or everything in it can be shown later. Unknown fields are
/// skipped by wire type; a scalar field given twice keeps the last value, a message field given
/// twice is merged. Spans with unusable ids are skipped with a warning and counted in
/// `rejected` (the receiver's `partial_success`); invalid UTF-8 is shown with U+FFFD and warned.
public enum OTLPProtobuf {
    public struct Decoded: Sendable {
        public var set: TraceSet
        /// Problems that did not stop decoding (one line each, counted when repeated).
        public var warnings: [String]
        /// Spans (or log records) that were not taken: `rejected_spans` of a partial success.
        public var rejected: Int
    }

    /// An `ExportTraceServiceRequest` (or `TracesData`: the same field numbers). The set keeps
    /// `bytes` alive for the spans' details.
    public static func decodeTraces(_ bytes: FileBytes) throws(LoadError) -> Decoded {
        var d = ProtoDecoder(bytes)
        do throws(ProtoError) {
            try d.traces(sourceIndex: 0)
        } catch {
            throw LoadError(file: bytes.name, offset: error.offset, message: error.line)
        }
        d.set.detailSources.append(ProtoDetailSource(bytes: bytes, scopes: d.scopes))
        FollowsFromLinks.mark(&d.set)
        var warnings = d.warnings()
        TraceLoader.clampTimes(&d.set, into: &warnings)
        return Decoded(set: d.set, warnings: warnings, rejected: d.rejected)
    }

    /// An `ExportLogsServiceRequest` (or `LogsData`): log records with their resources.
    public static func decodeLogs(_ bytes: FileBytes) throws(LoadError) -> Decoded {
        var d = ProtoDecoder(bytes)
        do throws(ProtoError) {
            try d.logs()
        } catch {
            throw LoadError(file: bytes.name, offset: error.offset, message: error.line)
        }
        var warnings = d.warnings()
        TraceLoader.clampTimes(&d.set, into: &warnings)
        return Decoded(set: d.set, warnings: warnings, rejected: d.rejected)
    }

    /// `ExportTraceServiceResponse`: empty for full success, else `partial_success` with the
    /// rejected count and why.
    public static func traceResponse(rejectedSpans: Int64 = 0, errorMessage: String = "") -> [UInt8] {
        response(rejectedSpans, errorMessage)
    }

    /// `ExportLogsServiceResponse`, the same shape for log records.
    public static func logsResponse(rejectedLogRecords: Int64 = 0, errorMessage: String = "") -> [UInt8] {
        response(rejectedLogRecords, errorMessage)
    }

    /// `google.rpc.Status`, the body of an OTLP/HTTP error response in protobuf.
    /// With `retryAfterSeconds`, its `details` carry a `google.rpc.RetryInfo` (how gRPC says
    /// when to retry, in the `grpc-status-details-bin` trailer).
    public static func status(code: Int32, message: String, retryAfterSeconds: Int64? = nil) -> [UInt8] {
        var w = ProtoWriter()
        w.varint(1, UInt64(bitPattern: Int64(code)))
        w.string(2, message)
        if let retryAfterSeconds {
            w.message(3) { any in  // google.protobuf.Any
                any.string(1, "type.googleapis.com/google.rpc.RetryInfo")
                any.bytes(2, retryInfo(seconds: retryAfterSeconds))
            }
        }
        return w.out
    }

    /// `google.rpc.RetryInfo` with a `retry_delay` of whole seconds.
    public static func retryInfo(seconds: Int64) -> [UInt8] {
        var w = ProtoWriter()
        w.message(1) { duration in duration.varint(1, UInt64(bitPattern: seconds), always: true) }
        return w.out
    }

    static func response(_ rejected: Int64, _ message: String) -> [UInt8] {
        // rejected 0 with no message means full success: the empty message says that.
        guard rejected != 0 || !message.isEmpty else { return [] }
        var w = ProtoWriter()
        w.message(1) { w in
            w.varint(1, UInt64(bitPattern: rejected))
            w.string(2, message)
        }
        return w.out
    }
}
