import GRPCCore
import Receivers
import TraceFormats

/// A message as it came off the wire and as it goes back: the hand-written decoder reads the
/// protobuf bytes itself, so gRPC needs no message types (docs/decisions.md). Clients (the
/// tests, the benchmark) send with it too.
public struct RawBytes: MessageSerializer, MessageDeserializer {
    public init() {}

    public func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }

    public func deserialize<Bytes: GRPCContiguousBytes>(_ bytes: Bytes) throws -> [UInt8] {
        bytes.withUnsafeBytes { Array($0) }
    }
}

extension GRPCReceiver {
    /// `opentelemetry.proto.collector.trace.v1.TraceService/Export`
    public static let traceExport = ExportService.traces
    /// `opentelemetry.proto.collector.logs.v1.LogsService/Export`
    public static let logsExport = ExportService.logs
}

/// OTLP's two Export services (traces and logs), registered by hand with raw-bytes messages.
struct ExportService: RegistrableRPCService {
    static let traces = export("opentelemetry.proto.collector.trace.v1.TraceService")
    static let logs = export("opentelemetry.proto.collector.logs.v1.LogsService")

    static func export(_ service: String) -> MethodDescriptor {
        MethodDescriptor(service: ServiceDescriptor(fullyQualifiedService: service), method: "Export", type: .unary)
    }

    let intake: BatchIntake
    let maxRequestSize: Int

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for (method, format) in [(Self.traces, ReceivedFormat.otlpTracesProtobuf), (Self.logs, .otlpLogsProtobuf)] {
            router.registerHandler(forMethod: method, deserializer: RawBytes(), serializer: RawBytes()) { request, _ in
                StreamingServerResponse(single: await export(request, format: format, method: method))
            }
        }
    }

    private func export(_ request: StreamingServerRequest<[UInt8]>, format: ReceivedFormat, method: MethodDescriptor) async -> ServerResponse<[UInt8]> {
        let stats = intake.stats
        stats.requests.add(1, ordering: .relaxed)
        let response = await answer(request, format: format, method: method)
        if case .failure = response.accepted { stats.failedRequests.add(1, ordering: .relaxed) }
        return response
    }

    private func answer(_ request: StreamingServerRequest<[UInt8]>, format: ReceivedFormat, method: MethodDescriptor) async -> ServerResponse<[UInt8]> {
        let body: [UInt8]
        do {
            // A unary call: exactly one message.
            body = try await ServerRequest(stream: request).message
        } catch let error as RPCError {
            return ServerResponse(error: error)
        } catch {
            return ServerResponse(error: RPCError(code: .internalError, message: "reading the request: \(error)"))
        }
        intake.stats.bytes.add(body.count, ordering: .relaxed)
        guard body.count <= maxRequestSize else {
            return ServerResponse(error: RPCError(code: .resourceExhausted,
                                                  message: "the message (\(body.count) bytes) is larger than the limit of \(maxRequestSize) bytes"))
        }
        // On the receiver's event loops, as the whole server (`GroupExecutor`).
        switch await intake.take(body, format: format, name: "\(method.service.service)/\(method.method)") {
        case .accepted(let rejected, let message):
            return ServerResponse(message: BatchIntake.protobufResponse(logs: format.isLogs, rejected: rejected, message: message))
        case .undecodable(let why):
            return ServerResponse(error: RPCError(code: .invalidArgument, message: why))
        case .busy:
            // The OTLP exporters retry UNAVAILABLE, after the RetryInfo's delay where there is one:
            // the Python SDK reads it from its own trailer, others from the status details.
            var trailers = Metadata()
            trailers.addBinary(OTLPProtobuf.retryInfo(seconds: 1), forKey: "google.rpc.retryinfo-bin")
            trailers.addBinary(OTLPProtobuf.status(code: 14, message: Self.busyMessage, retryAfterSeconds: 1), forKey: "grpc-status-details-bin")
            return ServerResponse(error: RPCError(code: .unavailable, message: Self.busyMessage, metadata: trailers))
        case .failed(let why):
            return ServerResponse(error: RPCError(code: .internalError, message: why))
        }
    }

    static let busyMessage = "the store cannot keep up; retry later"
}
