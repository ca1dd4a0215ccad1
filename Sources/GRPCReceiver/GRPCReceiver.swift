import GRPCCore
import GRPCNIOTransportHTTP2Posix
import NIOCore
import NIOPosix
import Receivers
import Synchronization

/// The OTLP/gRPC receiver: grpc-swift's HTTP/2 server (plaintext, gzip and deflate accepted)
/// serving OTLP's trace and logs Export services into a sink, on its own event loops.
public final class GRPCReceiver: Sendable {
    private let sink: any SpanSink
    private let maxRequestSize: Int
    private let counters = StatsCounters()
    private let group: MultiThreadedEventLoopGroup
    private let executor: GroupExecutor
    private let state = Mutex<State>(.idle)

    private enum State {
        case idle
        case serving(GRPCServer<HTTP2ServerTransport.Posix>, Task<Void, any Error>)
        case stopped
    }

    public init(sink: any SpanSink, maxRequestSize: Int = 16 << 20) {
        self.sink = sink
        self.maxRequestSize = maxRequestSize
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        executor = GroupExecutor(group)
    }

    /// Binds and starts serving; returns the bound address (port 0 → the real port). Throws
    /// when the address does not parse or cannot be bound; then nothing is left listening.
    public func start(address: String) async throws(ReceiverError) -> ListenAddress {
        let listen = try ListenAddress(parsing: address)
        switch await serve(listen) {
        case .success(let port):
            return ListenAddress(host: listen.host, port: port)
        case .failure(let error):
            await stop(grace: .zero)
            throw error
        }
    }

    /// Starts the server; the port it bound, or why not. Holds the server only in `state`, so
    /// `stop` lets go of all of it before the loops end.
    private func serve(_ listen: ListenAddress) async -> Result<Int, ReceiverError> {
        let maxRequestSize = maxRequestSize
        let config = HTTP2ServerTransport.Posix.Config.defaults { config in
            config.compression.enabledAlgorithms = [.gzip, .deflate]
            // The transport checks its limit on the message as sent and again as inflated, but
            // answers a message over it with a stream reset (the client sees UNAVAILABLE or
            // CANCELLED and retries), not RESOURCE_EXHAUSTED. So its limit is twice ours, the
            // bound on what a call can make us hold, and the export answers RESOURCE_EXHAUSTED
            // for a message between the two.
            config.rpc.maxRequestPayloadSize = maxRequestSize > Int.max / 2 ? Int.max : maxRequestSize * 2
            // The default window (64 KiB) makes a client wait for window updates several times
            // per 512-span batch; 8 MiB is grpc-swift's client default. Larger frames, fewer of them.
            config.http2.targetWindowSize = 8 << 20
            config.http2.maxFrameSize = 1 << 20
        }
        let transport = HTTP2ServerTransport.Posix(address: Self.socketAddress(listen), transportSecurity: .plaintext,
                                                   config: config, eventLoopGroup: group)
        let service = ExportService(intake: BatchIntake(sink: sink, stats: counters), maxRequestSize: maxRequestSize)
        let server = GRPCServer(transport: transport, services: [service])
        let serving = state.withLock { state -> Task<Void, any Error>? in
            guard case .idle = state else { return nil }
            // The server's connection and call tasks are child tasks: they inherit the executor.
            let serving = Task(executorPreference: executor) { try await server.serve() }
            state = .serving(server, serving)
            return serving
        }
        guard let serving else { return .failure(ReceiverError("the gRPC receiver was already started")) }
        do {
            let bound = try await transport.listeningAddress
            return .success(bound.ipv4?.port ?? bound.ipv6?.port ?? listen.port)
        } catch {
            // The serving task knows why (the bind error); the address only that there is none.
            var why: any Error = error
            if case .failure(let failure) = await serving.result { why = (failure as? RuntimeError)?.cause ?? failure }
            return .failure(ReceiverError("cannot listen on \(listen): \(why)"))
        }
    }

    private static func socketAddress(_ address: ListenAddress) -> GRPCNIOTransportCore.SocketAddress {
        switch address.host {
        case "localhost": .ipv4(host: "127.0.0.1", port: address.port)
        case let host where host.contains(":"): .ipv6(host: host, port: address.port)
        case let host: .ipv4(host: host, port: address.port)
        }
    }

    public var stats: ReceiverStats { counters.snapshot }

    /// Stops accepting connections and calls, lets calls in flight finish for up to `grace`,
    /// cancels what is left, and ends the event loops.
    public func stop(grace: Duration = .seconds(10)) async {
        guard await finishServing(grace: grace) else { return }
        executor.closed.store(true, ordering: .releasing)
        try? await group.shutdownGracefully()
    }

    /// Ends the server and lets go of it (its transport's last references run on the loops, so
    /// they must go before the loops do). False when already stopped.
    private func finishServing(grace: Duration) async -> Bool {
        let previous = state.withLock { state in
            defer { state = .stopped }
            return state
        }
        switch previous {
        case .stopped:
            return false
        case .idle:
            return true
        case .serving(let server, let serving):
            server.beginGracefulShutdown()
            await withTaskGroup(of: Void.self) { waits in
                waits.addTask { _ = await serving.result }
                waits.addTask { try? await Task.sleep(for: grace) }
                await waits.next()
                serving.cancel()
                waits.cancelAll()
            }
            return true
        }
    }
}
