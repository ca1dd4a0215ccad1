import AsyncHTTPClient
import Backends
import Foundation
import NIOCore
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// Turns what AsyncHTTPClient and NIO throw into one line a person can act on. The URL in each
/// line is the display form (never userinfo), and no header value is ever part of it.
struct TransportErrors {
    var base: BaseURL
    var options: ConnectionOptions

    private var target: String { "\(base.host.contains(":") ? "[\(base.host)]" : base.host):\(base.port)" }

    /// An error before the response head arrived.
    func beforeResponse(_ error: any Error, url: String) -> BackendError {
        if let mapped = common(error, url: url) { return mapped }
        if let connection = error as? NIOConnectionError {
            if connection.dnsAError != nil || connection.dnsAAAAError != nil, connection.connectionErrors.isEmpty {
                return BackendError(.unreachable, "cannot resolve host \(base.host) (DNS lookup failed)")
            }
            if let first = connection.connectionErrors.first {
                return BackendError(.unreachable, "cannot connect to \(target): \(short(first.error))")
            }
            return BackendError(.unreachable, "cannot connect to \(target): no address for \(base.host)")
        }
        if let io = error as? IOError {
            return BackendError(.unreachable, "cannot connect to \(target): \(errnoText(io.errnoCode))")
        }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .getConnectionFromPoolTimeout:
                return BackendError(.timeout, "cannot connect to \(target) within \(seconds(options.connectTimeout))")
            case .remoteConnectionClosed:
                // Over TLS 1.3 with HTTP/2, a server that wants a client certificate shows it only
                // by closing the connection after the handshake: say what may be missing.
                let hint = base.scheme == "https" && options.clientCert == nil
                    ? " (if it requires a client certificate, give --client-cert and --client-key)" : ""
                return BackendError(.unreachable, "\(url): the server closed the connection without an answer" + hint)
            case .proxyAuthenticationRequired:
                return BackendError(.unauthorized, "\(url): the proxy wants credentials (407); give them in the proxy variable as http://user:password@host:port")
            case .invalidProxyResponse, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
                return BackendError(.unreachable, "\(url): the proxy did not connect to \(target) (\(client.shortDescription))")
            default:
                break
            }
        }
        return BackendError(.unreachable, "\(url): \(short(error))")
    }

    /// An error while the body was streaming in.
    func duringBody(_ error: any Error, url: String, received: Int, expected: Int?) -> BackendError {
        if let mapped = common(error, url: url) { return mapped }
        if let decompression = error as? NIOHTTPDecompression.DecompressionError, decompression == .limit {
            return tooLarge(url: url)
        }
        let total = expected.map { " of \(count($0))" } ?? ""
        return BackendError(.badResponse, "\(url): connection closed after \(count(received))\(total) bytes")
    }

    func tooLarge(url: String) -> BackendError {
        BackendError(.badResponse, "\(url): response larger than \(size(options.maxBody)) (the largest accepted)")
    }

    func timedOut(url: String) -> BackendError {
        BackendError(.timeout, "\(url): no answer within \(seconds(options.timeout))")
    }

    /// Kinds that look the same before and after the head: cancellation, timeouts, TLS.
    private func common(_ error: any Error, url: String) -> BackendError? {
        if error is CancellationError { return BackendError(.cancelled, "\(url): cancelled") }
        if let client = error as? HTTPClientError {
            switch client {
            case .cancelled: return BackendError(.cancelled, "\(url): cancelled")
            case .deadlineExceeded, .readTimeout, .writeTimeout: return timedOut(url: url)
            case .tlsHandshakeTimeout:
                return BackendError(.timeout, "TLS handshake with \(target) did not finish within \(seconds(options.connectTimeout))")
            default: break
            }
        }
        if let tls = tlsProblem(error) {
            let clientSide = tls.contains("client certificate")
            let advice = clientSide ? "give one with --client-cert and --client-key"
                : "give the server's CA with --ca-file, or skip verification with --insecure"
            return BackendError(.tls, "TLS with \(target) failed: certificate problem (\(tls)); \(advice)")
        }
        return nil
    }

    private func tlsProblem(_ error: any Error) -> String? {
        if let extra = error as? NIOSSLExtraError {
            if extra == .failedToValidateHostname { return "the certificate is not valid for \(base.host)" }
            return String(describing: extra)
        }
        let text: String
        if let ssl = error as? NIOSSLError {
            text = String(describing: ssl)
        } else if let boring = error as? BoringSSLError {
            text = String(describing: boring)
        } else {
            return nil
        }
        for (needle, words) in [("CERTIFICATE_VERIFY_FAILED", "the server's certificate is not trusted"),
                                ("CERTIFICATE_REQUIRED", "the server requires a client certificate"),
                                ("TLSV1_ALERT_UNKNOWN_CA", "the server does not trust the client certificate"),
                                ("SSLV3_ALERT_BAD_CERTIFICATE", "the server rejected the client certificate"),
                                ("WRONG_VERSION_NUMBER", "the server does not speak TLS on this port (http:// instead of https://?)")]
        where text.contains(needle) {
            return words
        }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }

    private func short(_ error: any Error) -> String {
        if let io = error as? IOError { return errnoText(io.errnoCode) }
        let text = String(describing: error)
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }

    private func errnoText(_ code: CInt) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused"
        case ECONNRESET: return "connection reset"
        case EHOSTUNREACH: return "host unreachable"
        case ENETUNREACH: return "network unreachable"
        case ETIMEDOUT: return "timed out"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}

/// "1,234".
func count(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

/// "1 GiB", "300 MiB", "512 bytes".
func size(_ bytes: Int) -> String {
    for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] where bytes >= 1 << shift {
        let value = Double(bytes) / Double(1 << shift)
        return value == value.rounded() ? "\(Int(value)) \(unit)" : String(format: "%.1f \(unit)", value)
    }
    return "\(count(bytes)) bytes"
}

/// "30 s", "0.5 s".
func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
}
