import Backends
import Foundation
import NIOSSL

enum TLSSettings {
    /// The client TLS configuration from `--ca-file`, `--client-cert`/`--client-key` and
    /// `--insecure`. The CA file adds to the system's trust roots (a private CA for one
    /// backend should not stop public ones from working through the same proxy).
    static func make(_ options: ConnectionOptions) throws(BackendError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile = options.caFile {
            let certificates = try certificates(caFile, flag: "--ca-file")
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        switch (options.clientCert, options.clientKey) {
        case (nil, nil):
            break
        case (let certFile?, let keyFile?):
            tls.certificateChain = try certificates(certFile, flag: "--client-cert").map { .certificate($0) }
            let bytes = try read(keyFile, flag: "--client-key")
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: bytes, format: .pem))
            } catch {
                throw BackendError(.tls, "--client-key \(keyFile): not a PEM private key (or it is encrypted)")
            }
        case (_?, nil):
            throw BackendError(.tls, "--client-cert needs --client-key")
        case (nil, _?):
            throw BackendError(.tls, "--client-key needs --client-cert")
        }
        if options.insecure { tls.certificateVerification = .none }
        return tls
    }

    private static func certificates(_ path: String, flag: String) throws(BackendError) -> [NIOSSLCertificate] {
        let bytes = try read(path, flag: flag)
        let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes)
        guard let certificates, !certificates.isEmpty else {
            throw BackendError(.tls, "\(flag) \(path): no PEM certificate in the file")
        }
        return certificates
    }

    private static func read(_ path: String, flag: String) throws(BackendError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BackendError(.tls, "\(flag) \(path): cannot read the file (\(Credentials.readProblem(path)))")
        }
        return Array(data)
    }
}
