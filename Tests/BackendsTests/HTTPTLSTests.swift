import BackendHTTP
import Backends
import FakeBackends
import Foundation
import Testing

/// HTTPS against fakes serving a certificate from a throwaway CA made with `openssl`.
@Suite(.serialized, .onBackendExecutor) struct HTTPTLSTests {
    private func request(_ fake: FakeBackend, _ configure: (inout ConnectionOptions) -> Void) async throws(BackendError) -> HTTPResponse {
        var options = ConnectionOptions(url: fake.baseURL)
        options.timeout = 120
        configure(&options)
        let transport = try HTTPClientTransport(options: options, environment: [:])
        do {
            let response = try await transport.get("/api/v2/services")
            await transport.shutdown()
            return response
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    @Test func trustsAServerSignedByTheCAFile() async throws {
        let certs = try TestCertificates.make()
        let fake = try FakeBackend.start(.zipkin, tls: (try certs.read(certs.serverCert), try certs.read(certs.serverKey)))
        defer { fake.stop() }
        #expect(fake.baseURL.hasPrefix("https://127.0.0.1:"))
        let response = try await request(fake) { $0.caFile = certs.caCert }
        #expect(response.status == 200)
    }

    @Test func overTLSTheClientSpeaksHTTP2AndReusesItsConnection() async throws {
        let certs = try TestCertificates.make()
        let fake = try FakeBackend.start(.tempo(v2Traces: true), tls: (try certs.read(certs.serverCert), try certs.read(certs.serverKey)))
        defer { fake.stop() }
        var options = ConnectionOptions(url: fake.baseURL)
        options.caFile = certs.caCert
        options.timeout = 120
        let transport = try HTTPClientTransport(options: options, environment: [:])
        for _ in 0..<5 {
            let response = try await transport.get("/api/echo")
            #expect(response.status == 200)
        }
        await transport.shutdown()
        // Every request was a stream of one HTTP/2 connection (ALPN chose h2).
        #expect(fake.http2Requests == 5)
        #expect(fake.connectionsAccepted == 1)
    }

    @Test func anUntrustedCertificateIsAClearTLSError() async throws {
        let certs = try TestCertificates.make()
        let fake = try FakeBackend.start(.zipkin, tls: (try certs.read(certs.serverCert), try certs.read(certs.serverKey)))
        defer { fake.stop() }
        let error = try #require(await transportError { () async throws(BackendError) in try await request(fake) { _ in } })
        #expect(error.kind == .tls)
        #expect(error.message.contains("certificate"))
        #expect(error.message.contains("--ca-file"))
        #expect(error.message.contains("--insecure"))
        #expect(!error.message.contains("\n"))
        #expect(!error.message.contains("--client-cert"))
    }

    @Test func insecureSkipsVerification() async throws {
        let certs = try TestCertificates.make()
        let fake = try FakeBackend.start(.zipkin, tls: (try certs.read(certs.serverCert), try certs.read(certs.serverKey)))
        defer { fake.stop() }
        #expect(try await request(fake) { $0.insecure = true }.status == 200)
    }

    @Test func presentsAClientCertificateWhenTheServerWantsOne() async throws {
        let certs = try TestCertificates.make()
        let fake = try FakeBackend.start(.zipkin, tls: (try certs.read(certs.serverCert), try certs.read(certs.serverKey)),
                                         clientCA: try certs.read(certs.caCert))
        defer { fake.stop() }
        let refused = try #require(await transportError { () async throws(BackendError) in try await request(fake) { $0.caFile = certs.caCert } })
        // HTTP/1.1 gets the TLS alert; HTTP/2 over TLS 1.3 only sees the server close after the
        // handshake. Either way the line says what is missing.
        #expect(refused.kind == .tls || refused.kind == .unreachable)
        #expect(refused.message.contains("requires a client certificate"))
        #expect(refused.message.contains("--client-cert and --client-key"))
        let response = try await request(fake) {
            $0.caFile = certs.caCert
            $0.clientCert = certs.clientCert
            $0.clientKey = certs.clientKey
        }
        #expect(response.status == 200)
    }

    @Test func unreadableOrWrongTLSFilesFailAtStart() throws {
        let certs = try TestCertificates.make()
        func problem(_ configure: (inout ConnectionOptions) -> Void) -> String? {
            var options = ConnectionOptions(url: "https://127.0.0.1:1")
            configure(&options)
            do {
                _ = try HTTPClientTransport(options: options, environment: [:])
                return nil
            } catch {
                #expect(error.kind == .tls)
                return error.message
            }
        }
        #expect(problem { $0.caFile = "/nonexistent/ca.pem" } == "--ca-file /nonexistent/ca.pem: cannot read the file (no such file)")
        #expect(problem { $0.caFile = certs.serverKey } == "--ca-file \(certs.serverKey): no PEM certificate in the file")
        #expect(problem { $0.clientCert = certs.clientCert } == "--client-cert needs --client-key")
        #expect(problem { $0.clientCert = certs.clientCert; $0.clientKey = certs.caCert }?.contains("not a PEM private key") == true)
        // Plain http ignores TLS options entirely.
        var plain = ConnectionOptions(url: "http://127.0.0.1:1")
        plain.caFile = "/nonexistent/ca.pem"
        #expect(throws: Never.self) { _ = try HTTPClientTransport(options: plain, environment: [:]) }
    }
}
