import ChildProcess
import Foundation
import Receivers
import Testing
import TestSupport
import TraceFormats
import TraceModel
import TraceSynth

/// A receiver on loopback (ports from the system) with a memory sink, stopped after `body`.
struct Running: Sendable {
    let server: ReceiverServer
    let sink: MemorySink
    let otlp: Int
    let zipkin: Int

    static func with(sink: MemorySink = MemorySink(), maxRequestSize: Int = 16 << 20, idleTimeout: Duration = .seconds(30),
                     _ body: (Running) async throws -> Void) async throws {
        let server = ReceiverServer(threads: 2, idleTimeout: idleTimeout)
        let bound = try server.start(otlpHTTP: "127.0.0.1:0", zipkin: "127.0.0.1:0", sink: sink, maxRequestSize: maxRequestSize)
        let running = Running(server: server, sink: sink, otlp: try #require(bound.otlpHTTP).port, zipkin: try #require(bound.zipkin).port)
        do {
            try await body(running)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Sample {
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let gzip = try #require(installedTool("gzip"), "gzip is not installed")
        let result = try ChildProcess.run(gzip, ["-c"], stdin: bytes)
        #expect(result.status == 0)
        return result.stdout
    }
}
