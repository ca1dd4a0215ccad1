import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCReceiver
import Receivers
import Synchronization
import Testing
import TestSupport
import TraceModel

/// A gRPC receiver on 127.0.0.1 (port from the system), stopped after `body`.
struct RunningGRPC: Sendable {
    let receiver: GRPCReceiver
    let port: Int

    static func with(sink: any SpanSink, maxRequestSize: Int = 16 << 20, _ body: (RunningGRPC) async throws -> Void) async throws {
        let receiver = GRPCReceiver(sink: sink, maxRequestSize: maxRequestSize)
        let bound = try await receiver.start(address: "127.0.0.1:0")
        #expect(bound.host == "127.0.0.1" && bound.port != 0)
        do {
            try await body(RunningGRPC(receiver: receiver, port: bound.port))
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }
}

/// What a call got back: the response message, or the error, with the trailers either way.
struct Answer: Sendable {
    var message: [UInt8]?
    var error: RPCError?
    var trailers: Metadata

    init(_ response: ClientResponse<[UInt8]>) {
        switch response.accepted {
        case .success(let contents):
            message = try? contents.message.get()
            if case .failure(let failure) = contents.message { error = failure }
            trailers = contents.trailingMetadata
        case .failure(let failure):
            error = failure
            trailers = failure.metadata
        }
    }
}

/// grpc-swift's own client over HTTP/2 (one connection per client), sending raw protobuf bytes.
enum RawClient {
    static func with<T: Sendable>(port: Int, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T) async throws -> T {
        // A call's `compression` is used only when the transport enables it.
        let config = HTTP2ClientTransport.Posix.Config.defaults { $0.compression.enabledAlgorithms = [.gzip, .deflate] }
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext, config: config)
        return try await withGRPCClient(transport: transport) { try await body($0) }
    }

    static func call(_ client: GRPCClient<HTTP2ClientTransport.Posix>, _ body: [UInt8], method: MethodDescriptor = GRPCReceiver.traceExport,
                     compression: CompressionAlgorithm? = nil, timeout: Duration = .seconds(60)) async throws -> Answer {
        var options = CallOptions.defaults
        options.compression = compression
        options.timeout = timeout
        return try await client.unary(request: ClientRequest(message: body), descriptor: method, serializer: RawBytes(),
                                      deserializer: RawBytes(), options: options) { (response: ClientResponse<[UInt8]>) -> Answer in
            Answer(response)
        }
    }
}

/// Holds every batch until `open()`: a store in the middle of a commit.
final class GateSink: SpanSink {
    let inner = MemorySink()
    private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>], entered: Int)>((false, [], 0))

    func accept(_ batch: TraceSet, body: [UInt8], format: ReceivedFormat) async throws(SinkError) {
        await withCheckedContinuation { continuation in
            let resume = state.withLock { s in
                s.entered += 1
                if s.open { return true }
                s.waiting.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
        try await inner.accept(batch, body: body, format: format)
    }

    var entered: Int { state.withLock { $0.entered } }

    func open() {
        let waiting = state.withLock { s in
            s.open = true
            defer { s.waiting = [] }
            return s.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

/// Waits (without blocking a thread) until `condition` holds or `timeout` passes; true if it held.
func eventually(timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while await !condition() {
        if clock.now > deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}
