import NIOCore
import NIOHTTP1

/// Runs a connection's decoding and sink calls on its own event loop, not on Swift's
/// cooperative pool: that pool has one thread per core, and anything in the process that blocks
/// it (a test waiting on a child process, the explorer's waits) would hold every answer.
final class LoopExecutor: TaskExecutor, Sendable {
    let eventLoop: any EventLoop
    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Asks a connection to close once its current request is answered (graceful stop).
struct ShutdownRequest: Sendable {}

/// One connection: reads a request (the body only up to the size limit), answers it, and
/// keeps the connection for the next one. Runs on the channel's event loop; decoding and the
/// sink run in a task, and the answer comes back to the loop. NIO's pipelining handler in
/// front holds a next request until this one is answered.
final class ReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(Incoming, ByteBuffer)
        /// The answer is known from the head: the body is read and dropped, then answered
        /// (nil: already answered, the connection is closing).
        case discarding(Reply?)
        case processing
    }

    private let ingest: Ingest
    private let executor: LoopExecutor
    private var state = State.idle
    private var keepAlive = true
    private var closing = false
    /// How long a connection that answered early with 413 keeps reading (and dropping) what the
    /// client still sends, so the client reads the answer instead of a reset.
    static let lingering: TimeAmount = .seconds(2)

    init(ingest: Ingest, eventLoop: any EventLoop) {
        self.ingest = ingest
        executor = LoopExecutor(eventLoop)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
            let routing = ingest.route(method: head.method.rawValue, uri: head.uri,
                                       contentType: head.headers.first(name: "content-type"),
                                       contentEncoding: head.headers.first(name: "content-encoding"))
            switch routing {
            case .refuse(let reply):
                state = .discarding(reply)
            case .accept(let incoming):
                if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > ingest.maxRequestSize {
                    refuseEarly(context, ingest.tooLarge(incoming, what: "the body (Content-Length \(length))"))
                    return
                }
                state = .receiving(incoming, context.channel.allocator.buffer(capacity: 0))
                // curl asks before sending a body over 1 MiB; without an answer it waits a second.
                if head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                    context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
                }
            }
        case .body(let chunk):
            ingest.stats.bytes.add(chunk.readableBytes, ordering: .relaxed)
            guard case .receiving(let incoming, var body) = state else { return }
            if body.readableBytes + chunk.readableBytes > ingest.maxRequestSize {
                refuseEarly(context, ingest.tooLarge(incoming, what: "the body"))
                return
            }
            state = .processing  // drops the buffer's second reference, so the write below does not copy
            body.writeImmutableBuffer(chunk)
            state = .receiving(incoming, body)
        case .end:
            switch state {
            case .receiving(let incoming, let body):
                state = .processing
                process(context, incoming, body)
            case .discarding(let reply?):
                send(context, reply)
            case .discarding(nil), .idle, .processing:
                break
            }
        }
    }

    private func process(_ context: ChannelHandlerContext, _ incoming: Incoming, _ body: ByteBuffer) {
        let bytes = Array(body.readableBytesView)
        let ingest = ingest
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let answer = context.eventLoop.makePromise(of: Reply.self)
        Task(executorPreference: executor) {
            answer.succeed(await ingest.process(incoming, body: bytes))
        }
        answer.futureResult.whenSuccess { reply in
            let (handler, context) = bound.value
            handler.send(context, reply)
        }
    }

    private func head(_ reply: Reply, close: Bool) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        if let type = reply.contentType { headers.add(name: "Content-Type", value: type) }
        headers.add(name: "Content-Length", value: String(reply.body.count))
        for (name, value) in reply.headers { headers.add(name: name, value: value) }
        if close { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
    }

    private func write(_ context: ChannelHandlerContext, _ reply: Reply, close: Bool) -> EventLoopFuture<Void> {
        ingest.stats.requests.add(1, ordering: .relaxed)
        if reply.status >= 400 { ingest.stats.failedRequests.add(1, ordering: .relaxed) }
        context.write(wrapOutboundOut(.head(head(reply, close: close))), promise: nil)
        if !reply.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: reply.body)))), promise: nil)
        }
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        return promise.futureResult
    }

    private func send(_ context: ChannelHandlerContext, _ reply: Reply) {
        state = .idle
        let close = !keepAlive || closing
        let written = write(context, reply, close: close)
        if close {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Answers before the body is read (too large), then stops sending, drops what still
    /// arrives for a while, and closes.
    private func refuseEarly(_ context: ChannelHandlerContext, _ reply: Reply) {
        state = .discarding(nil)
        closing = true
        let channel = context.channel
        write(context, reply, close: true).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: Self.lingering) { channel.close(promise: nil) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ShutdownRequest {
            closing = true
            if case .idle = state { context.close(promise: nil) }
        } else if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            // Waiting for the sink is not the client's idleness; anything else is (a half
            // request, or a kept-alive connection nobody uses).
            if case .processing = state { return }
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
