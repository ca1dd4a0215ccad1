import TraceFormats
import TraceModel

/// What every receiver does with a request body, whatever its protocol (HTTP or gRPC) then
/// answers: decodes it, hands the batch to the sink and counts what was kept.
public struct BatchIntake: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Kept (or nothing to keep). `rejected` items could not be taken; `message` says why
        /// (for OTLP's `partial_success`).
        case accepted(rejected: Int, message: String)
        /// The body is not what the format says (one line).
        case undecodable(String)
        /// The sink cannot take the batch now: the sender should retry.
        case busy
        /// The sink could not keep the batch; why.
        case failed(String)
    }

    public let sink: any SpanSink
    public let stats: StatsCounters

    public init(sink: any SpanSink, stats: StatsCounters) {
        self.sink = sink
        self.stats = stats
    }

    /// `body` is the decompressed request body; `name` names it in messages ("POST /v1/traces").
    public func take(_ body: [UInt8], format: ReceivedFormat, name: String) async -> Outcome {
        let decoded: Decoded
        do throws(LoadError) {
            decoded = try decode(body, format: format, name: name)
        } catch {
            return .undecodable(error.description)
        }
        let items = format.isLogs ? decoded.set.logs.count : decoded.set.spans.count
        if items > 0 {
            do throws(SinkError) {
                try await sink.accept(decoded.set, body: body, format: format)
            } catch {
                switch error {
                case .busy:
                    stats.busy.add(1, ordering: .relaxed)
                    return .busy
                case .failed(let why):
                    return .failed(why)
                }
            }
        }
        stats.rejectedItems.add(decoded.rejected, ordering: .relaxed)
        if format.isLogs {
            stats.logRecords.add(items, ordering: .relaxed)
        } else {
            stats.spans.add(items, ordering: .relaxed)
        }
        var message = decoded.warnings.joined(separator: "; ")
        if message.count > 1000 { message = String(message.prefix(1000)) + "…" }
        return .accepted(rejected: decoded.rejected, message: message)
    }

    /// OTLP's protobuf `Export…ServiceResponse` for an accepted batch: empty, or
    /// `partial_success` when items were rejected or something was worth saying.
    public static func protobufResponse(logs: Bool, rejected: Int, message: String) -> [UInt8] {
        logs ? OTLPProtobuf.logsResponse(rejectedLogRecords: Int64(rejected), errorMessage: message)
            : OTLPProtobuf.traceResponse(rejectedSpans: Int64(rejected), errorMessage: message)
    }

    private struct Decoded {
        var set: TraceSet
        var warnings: [String]
        var rejected: Int
    }

    private func decode(_ body: [UInt8], format: ReceivedFormat, name: String) throws(LoadError) -> Decoded {
        switch format {
        case .otlpTracesProtobuf, .otlpLogsProtobuf:
            let bytes = FileBytes(adopting: body, name: name)
            let d = try format.isLogs ? OTLPProtobuf.decodeLogs(bytes) : OTLPProtobuf.decodeTraces(bytes)
            return Decoded(set: d.set, warnings: d.warnings, rejected: d.rejected)
        case .otlpTracesJSON, .otlpLogsJSON, .zipkinV2JSON, .zipkinV1JSON:
            let otlp = format != .zipkinV2JSON && format != .zipkinV1JSON
            // An empty OTLP request is a success with nothing in it.
            if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) && otlp {
                return Decoded(set: TraceSet(), warnings: [], rejected: 0)
            }
            let loaded = try TraceLoader.decode(FileBytes(adopting: body, name: name))
            let want: InputFormat = otlp ? .otlp : .zipkin
            guard loaded.format == want else {
                throw LoadError(file: name, offset: 0, message: "this is \(loaded.format.rawValue), not \(want.rawValue)")
            }
            return Decoded(set: loaded.set, warnings: loaded.warnings, rejected: 0)
        }
    }
}
