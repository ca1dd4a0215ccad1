import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The OTLP/HTTP and Zipkin receivers: HTTP/1.1 servers with keep-alive on their own event
/// loops (one per core), feeding one sink.
public final class ReceiverServer: Sendable {
    /// Where the receivers listen (port 0 asked: the port the system gave).
    public struct Bound: Sendable, Equatable {
        public var otlpHTTP: ListenAddress?
        public var zipkin: ListenAddress?
    }

    private let group: MultiThreadedEventLoopGroup
    private let counters = StatsCounters()
    private let listeners = Mutex<[any Channel]>([])
    /// Open connections, and whether `stop` began (a connection set up after that closes after
    /// its first answer, like the others).
    private let connections = Mutex<(open: [ObjectIdentifier: any Channel], stopping: Bool)>(([:], false))
    /// A connection silent this long is closed: a client that sends half a request and hangs
    /// holds nothing for longer.
    public let idleTimeout: Duration

    public init(threads: Int = System.coreCount, idleTimeout: Duration = .seconds(30)) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        self.idleTimeout = idleTimeout
    }

    /// Starts the receivers that have an address (nil: that one stays off). Throws when an
    /// address does not parse or cannot be bound; then nothing is left listening.
    public func start(otlpHTTP: String?, zipkin: String?, sink: any SpanSink,
                      maxRequestSize: Int = 16 << 20) throws(ReceiverError) -> Bound {
        var bound = Bound()
        do throws(ReceiverError) {
            if let otlpHTTP {
                bound.otlpHTTP = try listen(ListenAddress(parsing: otlpHTTP), role: .otlpHTTP, sink: sink, maxRequestSize: maxRequestSize)
            }
            if let zipkin {
                bound.zipkin = try listen(ListenAddress(parsing: zipkin), role: .zipkin, sink: sink, maxRequestSize: maxRequestSize)
            }
        } catch {
            for channel in listeners.withLock({ $0 }) { channel.close(promise: nil) }
            throw error
        }
        return bound
    }

    private func listen(_ address: ListenAddress, role: Role, sink: any SpanSink, maxRequestSize: Int) throws(ReceiverError) -> ListenAddress {
        let ingest = Ingest(role: role, sink: sink, maxRequestSize: maxRequestSize, stats: counters)
        let (seconds, attoseconds) = idleTimeout.components
        let idleTimeout = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [weak self] channel in
                do {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(ReceiverHandler(ingest: ingest, eventLoop: channel.eventLoop))
                    if self?.track(channel) ?? true { pipeline.fireUserInboundEventTriggered(ShutdownRequest()) }
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.bind(host: address.host, port: address.port).wait()
        } catch {
            throw ReceiverError("cannot listen on \(address): \(error)")
        }
        listeners.withLock { $0.append(channel) }
        return ListenAddress(host: address.host, port: channel.localAddress?.port ?? address.port)
    }

    /// Registers a new connection; true when the server is stopping.
    private func track(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let stopping = connections.withLock { c in
            c.open[id] = channel
            return c.stopping
        }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.connections.withLock { $0.open.removeValue(forKey: id) }
        }
        return stopping
    }

    public var stats: ReceiverStats { counters.snapshot }

    /// Open connections (for the status line and the tests).
    public var connectionCount: Int { connections.withLock { $0.open.count } }

    /// Stops listening, lets each connection finish the request it is on (its answer says
    /// `Connection: close`), waits up to `grace` for them, closes what is left, and ends the
    /// event loops.
    public func stop(grace: Duration = .seconds(10)) async {
        for channel in listeners.withLock({ $0 }) { try? await channel.close() }
        let open = connections.withLock { c in
            c.stopping = true
            return Array(c.open.values)
        }
        for channel in open { channel.pipeline.fireUserInboundEventTriggered(ShutdownRequest()) }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while connectionCount > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for channel in connections.withLock({ Array($0.open.values) }) { try? await channel.close() }
        try? await group.shutdownGracefully()
    }
}
