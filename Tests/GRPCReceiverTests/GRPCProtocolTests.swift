import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCReceiver
import NIOPosix
import Receivers
import Synchronization
import Testing
import TestSupport
import TraceFormats
import TraceModel

/// The OTLP/gRPC receiver against grpc-swift's own client: status codes as the OTLP
/// specification gives them, limits, concurrency and a graceful stop.
@Suite struct GRPCProtocolTests {
    static func spans(_ answer: Answer) -> (rejected: UInt64, message: String)? {
        // ExportTraceServiceResponse { partial_success (1) { rejected_spans (1), error_message (2) } }
        guard let bytes = answer.message, bytes.count > 2, bytes[0] == 0x0A else { return nil }
        return Proto.fields(Array(bytes[2...])).map { ($0.number, $0.text) }
    }

    @Test func exportsTracesAndLogsIntoTheSink() async throws {
        let sink = MemorySink()
        let batch = try Sample.protobufBatch(seed: 1, spans: 64)
        var logSet = TraceSet()
        logSet.logs = [LogRecord(time: Sample.t0, severityNumber: 9, body: .string("hello"))]
        let logs = OTLPProtobuf.encodeLogs(logSet)
        try await RunningGRPC.with(sink: sink) { r in
            let (traces, logged) = try await RawClient.with(port: r.port) { client in
                (try await RawClient.call(client, batch.bytes), try await RawClient.call(client, logs, method: GRPCReceiver.logsExport))
            }
            #expect(traces.error == nil && traces.message == [], "full success is the empty response")
            #expect(logged.error == nil && logged.message == [])
            #expect(sink.batches.map(\.format) == [.otlpTracesProtobuf, .otlpLogsProtobuf])
            #expect(sink.batches.first.map { $0.body == batch.bytes } == true, "the store keeps the bytes as received")
            #expect(SpanView.of(sink.batches[0].set) == SpanView.of(batch.set))
            #expect(sink.batches[1].set.logs.map(\.body) == [.string("hello")])
            let stats = r.receiver.stats
            #expect(stats.requests == 2 && stats.spans == 64 && stats.logRecords == 1 && stats.failedRequests == 0)
            #expect(stats.bytes == batch.bytes.count + logs.count)
        }
    }

    @Test func rejectedSpansArePartialSuccess() async throws {
        let sink = MemorySink()
        let body = Proto.request([Proto.span(id: [1, 2, 3, 4, 5, 6, 7, 8], name: "good"), Proto.span(id: [1, 2, 3], name: "short id")])
        try await RunningGRPC.with(sink: sink) { r in
            let answer = try await RawClient.with(port: r.port) { try await RawClient.call($0, body) }
            #expect(answer.error == nil)
            let partial = try #require(Self.spans(answer), "\(answer)")
            #expect(partial.rejected == 1 && !partial.message.isEmpty)
            #expect(sink.spanCount == 1)
            #expect(r.receiver.stats.rejectedItems == 1 && r.receiver.stats.spans == 1)
        }
    }

    @Test func undecodableBodyIsInvalidArgument() async throws {
        let sink = MemorySink()
        try await RunningGRPC.with(sink: sink) { r in
            // resource_spans (field 1) claims 80 bytes; 1 follows.
            let answer = try await RawClient.with(port: r.port) { try await RawClient.call($0, [0x0A, 0x50, 0x01]) }
            let error = try #require(answer.error)
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("TraceService/Export") && !error.message.contains("\n"), "\(error.message)")
            #expect(sink.batches.isEmpty)
            #expect(r.receiver.stats.failedRequests == 1)
        }
    }

    @Test func busySinkIsUnavailableWithRetryInfo() async throws {
        let sink = MemorySink(capacity: 10)
        let batch = try Sample.protobufBatch(seed: 2, spans: 20)
        try await RunningGRPC.with(sink: sink) { r in
            let answer = try await RawClient.with(port: r.port) { try await RawClient.call($0, batch.bytes) }
            let error = try #require(answer.error)
            #expect(error.code == .unavailable)
            #expect(sink.batches.isEmpty, "a refused batch is not kept")
            // RetryInfo{retry_delay: 1s}, where the Python exporter looks and in the status details.
            #expect(Array(answer.trailers[binaryValues: "google.rpc.retryinfo-bin"]) == [OTLPProtobuf.retryInfo(seconds: 1)])
            let details = Array(answer.trailers[binaryValues: "grpc-status-details-bin"])
            #expect(details == [OTLPProtobuf.status(code: 14, message: error.message, retryAfterSeconds: 1)])
            #expect(r.receiver.stats.busy == 1 && r.receiver.stats.spans == 0)
        }
    }

    /// A store that cannot write.
    struct FailingSink: SpanSink {
        func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError) {
            throw .failed("disk I/O error")
        }
    }

    @Test func failedSinkIsInternal() async throws {
        try await RunningGRPC.with(sink: FailingSink()) { r in
            let body = Proto.request([Proto.span(id: [1, 2, 3, 4, 5, 6, 7, 8], name: "lost")])
            let answer = try await RawClient.with(port: r.port) { try await RawClient.call($0, body) }
            #expect(answer.error?.code == .internalError && answer.error?.message == "disk I/O error", "\(answer)")
            #expect(r.receiver.stats.spans == 0 && r.receiver.stats.failedRequests == 1)
        }
    }

    /// Notes whether each batch arrived on an event loop thread.
    final class LoopCheckingSink: SpanSink {
        let onLoop = Mutex<[Bool]>([])
        func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError) {
            let here = MultiThreadedEventLoopGroup.currentEventLoop != nil
            onLoop.withLock { $0.append(here) }
        }
    }

    @Test func decodingAndTheSinkRunOnTheReceiversLoops() async throws {
        let sink = LoopCheckingSink()
        try await RunningGRPC.with(sink: sink) { r in
            let body = Proto.request([Proto.span(id: [1, 2, 3, 4, 5, 6, 7, 8], name: "where")])
            try await RawClient.with(port: r.port) { client in
                for _ in 0..<3 {
                    let answer = try await RawClient.call(client, body)
                    #expect(answer.error == nil)
                }
            }
            #expect(sink.onLoop.withLock { $0 } == [true, true, true], "not on Swift's cooperative pool")
        }
    }

    @Test func oversizeMessageIsResourceExhausted() async throws {
        let sink = MemorySink()
        // A valid request a little over the limit: the answer says why.
        let over = Proto.request([Proto.span(id: [1, 2, 3, 4, 5, 6, 7, 8], name: String(repeating: "x", count: 5000))])
        let batch = try Sample.protobufBatch(seed: 3, spans: 200)
        try #require(batch.bytes.count > 2 * 4096)
        // Zeros inflate far past the limit from a few bytes on the wire.
        let bomb = [UInt8](repeating: 0, count: 1 << 20)
        try await RunningGRPC.with(sink: sink, maxRequestSize: 4096) { r in
            let (little, littleGzipped, large, inflated, small) = try await RawClient.with(port: r.port) { client in
                (try await RawClient.call(client, over),
                 try await RawClient.call(client, over, compression: .gzip),
                 try await RawClient.call(client, batch.bytes),
                 try await RawClient.call(client, bomb, compression: .gzip),
                 try await RawClient.call(client, Proto.request([Proto.span(id: [1, 2, 3, 4, 5, 6, 7, 8], name: "small")])))
            }
            #expect(little.error?.code == .resourceExhausted, "\(little)")
            #expect(little.error?.message.contains("larger than the limit of 4096 bytes") == true)
            #expect(littleGzipped.error?.code == .resourceExhausted, "the limit is on the inflated size: \(littleGzipped)")
            // Far over it (twice the limit, as sent or inflated) the transport resets the stream
            // before holding the message: the client sees UNAVAILABLE.
            let refused: Set<RPCError.Code> = [.unavailable, .resourceExhausted]
            #expect(large.error.map { refused.contains($0.code) } == true, "\(large)")
            #expect(inflated.error.map { refused.contains($0.code) } == true, "\(inflated)")
            #expect(small.error == nil, "the connection still serves calls within the limit")
            #expect(sink.spanCount == 1)
        }
    }

    @Test func gzipRequestsAreAccepted() async throws {
        let sink = MemorySink()
        let batch = try Sample.protobufBatch(seed: 4, spans: 100)
        try await RunningGRPC.with(sink: sink) { r in
            let answer = try await RawClient.with(port: r.port) { try await RawClient.call($0, batch.bytes, compression: .gzip) }
            #expect(answer.error == nil)
            #expect(sink.batches.first.map { $0.body == batch.bytes } == true, "kept as inflated")
        }
    }

    @Test func unknownMethodIsUnimplemented() async throws {
        let sink = MemorySink()
        let metrics = MethodDescriptor(service: ServiceDescriptor(fullyQualifiedService: "opentelemetry.proto.collector.metrics.v1.MetricsService"), method: "Export")
        try await RunningGRPC.with(sink: sink) { r in
            let answer = try await RawClient.with(port: r.port) { try await RawClient.call($0, [0x0A, 0x00], method: metrics) }
            #expect(answer.error?.code == .unimplemented)
            #expect(sink.batches.isEmpty)
        }
    }

    @Test func concurrentCallsOnSeveralConnectionsAreAllKept() async throws {
        let sink = MemorySink()
        let connections = 4, callsEach = 25, spansEach = 8
        try await RunningGRPC.with(sink: sink) { r in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<connections {
                    group.addTask {
                        try await RawClient.with(port: r.port) { client in
                            // All of a connection's calls at once: HTTP/2 streams on one connection.
                            try await withThrowingTaskGroup(of: Answer.self) { calls in
                                for i in 0..<callsEach {
                                    let first = UInt64(c * callsEach + i) * UInt64(spansEach) + 1
                                    let spans = (first..<first + UInt64(spansEach)).map { id in
                                        Proto.span(id: withUnsafeBytes(of: id.bigEndian) { Array($0) }, name: "op-\(id)")
                                    }
                                    calls.addTask { try await RawClient.call(client, Proto.request(spans)) }
                                }
                                for try await answer in calls { #expect(answer.error == nil, "\(answer)") }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let total = connections * callsEach * spansEach
            #expect(sink.spanCount == total)
            let ids = Set(sink.batches.flatMap { $0.set.spans.map(\.spanID) })
            #expect(ids.count == total, "every span once")
            #expect(r.receiver.stats.requests == connections * callsEach && r.receiver.stats.spans == total)
        }
    }

    @Test func stopLetsTheCallInFlightFinish() async throws {
        let sink = GateSink()
        let receiver = GRPCReceiver(sink: sink)
        let port = try await receiver.start(address: "127.0.0.1:0").port
        let batch = try Sample.protobufBatch(seed: 5, spans: 16)
        try await RawClient.with(port: port) { client in
            // The held call outlasts any number of probes below (each at most 5 s): on a loaded
            // machine a probe caught by the listener's closing can wait out its deadline.
            let call = Task { try await RawClient.call(client, batch.bytes, timeout: .seconds(300)) }
            #expect(await eventually { sink.entered == 1 }, "the call reached the sink")
            let stopping = Task { await receiver.stop(grace: .seconds(300)) }
            // Stopped accepting: a call on a new connection fails (an empty logs request never
            // reaches the sink), while the held call still waits in the sink.
            let refused = await eventually {
                let answer = try? await RawClient.with(port: port) { try await RawClient.call($0, [], method: GRPCReceiver.logsExport, timeout: .seconds(5)) }
                return answer?.error != nil || answer == nil
            }
            #expect(refused, "new calls are refused once stop began")
            sink.open()
            let answer = try await call.value
            #expect(answer.error == nil, "\(answer)")
            await stopping.value
            #expect(sink.inner.spanCount == 16)
            #expect(receiver.stats.requests == 1 && receiver.stats.spans == 16)
        }
    }

    @Test func badAddressesAreOneLineErrors() async throws {
        let taken = GRPCReceiver(sink: MemorySink())
        let bound = try await taken.start(address: "127.0.0.1:0")
        for address in ["nonsense", "127.0.0.1:\(bound.port)"] {
            let other = GRPCReceiver(sink: MemorySink())
            let error = await #expect(throws: ReceiverError.self) { _ = try await other.start(address: address) }
            let text = error?.description ?? ""
            #expect(!text.contains("\n") && text.contains(address == "nonsense" ? "is not an address" : "cannot listen on 127.0.0.1:\(bound.port)"), "\(text)")
            await other.stop()
        }
        await taken.stop()
    }
}
