import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOHTTPCompression
import NIOPosix
import NIOSSL
import Synchronization

/// The listening socket and its connections: HTTP/1.1 with keep-alive, optional TLS (and
/// client certificates), gzip when the client accepts it, on NIO's shared event loops.
final class FakeServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let children: ChildChannels

    private init(channel: any Channel, port: Int, children: ChildChannels) {
        self.channel = channel
        self.port = port
        self.children = children
    }

    static func start(port: Int, tls: (certPEM: String, keyPEM: String)?, clientCA: String?, holder: BackendHolder) throws -> FakeServer {
        let sslContext = try tls.map { tls in try makeTLS(tls, clientCA: clientCA) }
        let children = ChildChannels()
        let bootstrap = ServerBootstrap(group: fakeEventLoops)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                holder.current?.accepted()
                children.add(channel)
                channel.closeFuture.whenComplete { _ in children.remove(channel) }
                do {
                    guard let sslContext else {
                        try configureHTTP1(channel, holder: holder)
                        return channel.eventLoop.makeSucceededVoidFuture()
                    }
                    // Over TLS, as real servers do: HTTP/2 when the client offers it (ALPN), else HTTP/1.1.
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    return channel.configureHTTP2SecureUpgrade(
                        h2ChannelConfigurator: { connection in
                            connection.configureHTTP2Pipeline(mode: .server) { stream in
                                holder.current?.acceptedHTTP2Stream()
                                return stream.eventLoop.makeCompletedFuture {
                                    try stream.pipeline.syncOperations.addHandlers([
                                        HTTP2FramePayloadToHTTP1ServerCodec(), FakeHTTPHandler(holder: holder),
                                    ])
                                }
                            }.map { _ in }
                        },
                        http1ChannelConfigurator: { connection in
                            connection.eventLoop.makeCompletedFuture { try configureHTTP1(connection, holder: holder) }
                        })
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        let channel = try bootstrap.bind(host: "127.0.0.1", port: port).wait()
        guard let bound = channel.localAddress?.port else {
            channel.close(promise: nil)
            throw FakeBackendError("the fake backend's socket has no port")
        }
        return FakeServer(channel: channel, port: bound, children: children)
    }

    /// HTTP/1.1 with keep-alive and gzip when the client accepts it.
    private static func configureHTTP1(_ channel: any Channel, holder: BackendHolder) throws {
        let pipeline = channel.pipeline.syncOperations
        try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
        try pipeline.addHandler(HTTPResponseCompressor(responseCompressionPredicate: { head, _ in
            // Faults and empty bodies keep their exact bytes and Content-Length.
            if head.headers.contains(name: identityMarker) {
                head.headers.remove(name: identityMarker)
                return .doNotCompress
            }
            return holder.current?.gzipEnabled == false ? .doNotCompress : .compressIfPossible
        }))
        try pipeline.addHandler(FakeHTTPHandler(holder: holder))
    }

    func stop() {
        channel.close(promise: nil)
        for child in children.channels.withLock({ Array($0.values) }) { child.close(promise: nil) }
    }

    private static func makeTLS(_ tls: (certPEM: String, keyPEM: String), clientCA: String?) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(tls.certPEM.utf8)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: Array(tls.keyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.applicationProtocols = ["h2", "http/1.1"]
        if let clientCA {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(clientCA.utf8)))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}

let identityMarker = "x-fake-identity"

/// The fakes' own threads, apart from NIO's shared loops that the HTTP client runs on: a busy
/// fake never delays the timeouts of the client under test.
let fakeEventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 2)

public struct FakeBackendError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

private final class ChildChannels: Sendable {
    let channels = Mutex<[ObjectIdentifier: any Channel]>([:])
    func add(_ channel: any Channel) { channels.withLock { $0[ObjectIdentifier(channel)] = channel } }
    func remove(_ channel: any Channel) { _ = channels.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) } }
}
