import Dispatch
import NIOCore
import NIOHTTP1

/// Reads one request at a time, asks the backend for the reply and writes it: whole, after
/// a delay, in slow chunks, cut short, huge, or never.
final class FakeHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let holder: BackendHolder
    private var head: HTTPRequestHead?

    init(holder: BackendHolder) {
        self.holder = holder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head, let backend = holder.current else {
                context.close(promise: nil)
                return
            }
            self.head = nil
            let request = FakeRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) })
            let exchange = Exchange(context: context, handler: self, backend: backend,
                                    keepAlive: head.isKeepAlive && backend.keepAliveEnabled, version: head.version,
                                    acceptsGzip: head.headers[canonicalForm: "accept-encoding"].contains { $0.lowercased().hasPrefix("gzip") })
            // Writing a large trace takes a while: off the event loop, so other connections
            // (and timers of clients sharing the machine's loops) stay on time.
            let eventLoop = context.eventLoop
            DispatchQueue.global().async {
                let reply = backend.reply(to: request)
                eventLoop.execute { exchange.send(reply) }
            }
        }
    }

    fileprivate func wrap(_ part: HTTPServerResponsePart) -> NIOAny { wrapOutboundOut(part) }
}

/// One response being written; every step runs on the channel's event loop.
private struct Exchange: @unchecked Sendable {
    // Only touched on the event loop (checked by NIOLoopBound where it is scheduled).
    let context: ChannelHandlerContext
    let handler: FakeHTTPHandler
    let backend: FakeBackend
    let keepAlive: Bool
    let version: HTTPVersion
    let acceptsGzip: Bool

    func send(_ reply: Reply) {
        switch reply {
        case .respond(let response):
            whole(response)
        case .delayed(let response, let seconds):
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { bound.value.whole(response) }
        case .slow(let response, let chunkBytes, let chunkDelay):
            writeHead(response, contentLength: response.body.count, identity: true)
            slowChunks(response.body[...], size: max(1, chunkBytes), delay: chunkDelay)
        case .truncated(let response, let afterBytes):
            writeHead(response, contentLength: response.body.count, identity: true)
            let part = response.body.prefix(max(0, min(afterBytes, response.body.count - 1)))
            context.write(handler.wrap(.body(.byteBuffer(context.channel.allocator.buffer(bytes: part)))), promise: nil)
            context.flush()
            context.close(promise: nil)
            backend.finished()
        case .huge(let bytes, let chunked):
            let response = FakeResponse(status: 200, headers: [("Content-Type", "application/json")], body: [])
            writeHead(response, contentLength: chunked ? nil : bytes, identity: true)
            hugeChunks(remaining: bytes)
        case .hang:
            break
        case .reset:
            context.close(promise: nil)
            backend.finished()
        }
    }

    private func whole(_ response: FakeResponse) {
        if let prepared = response.prepared {
            // Gzipped once when kept (what the compressor would write), else as it is.
            if acceptsGzip, backend.gzipEnabled, let gzipped = prepared.gzipped {
                var gzip = response
                gzip.headers.append(("Content-Encoding", "gzip"))
                writeHead(gzip, contentLength: gzipped.readableBytes, identity: true)
                context.write(handler.wrap(.body(.byteBuffer(gzipped))), promise: nil)
            } else {
                writeHead(response, contentLength: prepared.plain.readableBytes, identity: !response.compressible)
                context.write(handler.wrap(.body(.byteBuffer(prepared.plain))), promise: nil)
            }
            return end()
        }
        writeHead(response, contentLength: response.body.count, identity: !response.compressible)
        if !response.body.isEmpty {
            context.write(handler.wrap(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        end()
    }

    private func writeHead(_ response: FakeResponse, contentLength: Int?, identity: Bool) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if let contentLength { headers.replaceOrAdd(name: "Content-Length", value: String(contentLength)) }
        if identity { headers.add(name: identityMarker, value: "1") }
        headers.add(name: "Date", value: "Wed, 02 Dec 2026 00:00:00 GMT")
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(handler.wrap(.head(head)), promise: nil)
    }

    private func end() {
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(handler.wrap(.end(nil)), promise: promise)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { _ in
            let exchange = bound.value
            exchange.backend.finished()
            if !exchange.keepAlive { exchange.context.close(promise: nil) }
        }
    }

    private func slowChunks(_ rest: ArraySlice<UInt8>, size: Int, delay: Double) {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) {
            let exchange = bound.value
            guard exchange.context.channel.isActive else {
                exchange.backend.finished()
                return
            }
            if rest.isEmpty {
                exchange.end()
                return
            }
            let chunk = rest.prefix(size)
            exchange.context.writeAndFlush(exchange.handler.wrap(.body(.byteBuffer(exchange.context.channel.allocator.buffer(bytes: chunk)))), promise: nil)
            exchange.slowChunks(rest.dropFirst(size), size: size, delay: delay)
        }
    }

    /// Writes the next 64 KiB once the previous write went out, so a huge body never sits in memory.
    private func hugeChunks(remaining: Int) {
        if remaining <= 0 {
            end()
            return
        }
        let size = min(remaining, 65_536)
        var buffer = context.channel.allocator.buffer(capacity: size)
        buffer.writeRepeatingByte(UInt8(ascii: " "), count: size)
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(handler.wrap(.body(.byteBuffer(buffer))), promise: promise)
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { result in
            switch result {
            case .success: bound.value.hugeChunks(remaining: remaining - size)
            case .failure: bound.value.backend.finished()
            }
        }
    }
}
