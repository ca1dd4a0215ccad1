import Backends
import Foundation
import Synchronization

// Plumbing of `--backend`: the fake backend as a child process, and transports that record and
// replay responses.

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `spanscope-fake-backend` (next to this binary) in its own process, so its serving, JSON
/// writing and gzip never count as the benchmark's CPU.
final class FakeProcess {
    let pid: pid_t
    let url: String
    private let stdoutFD: Int32

    init(_ arguments: [String]) throws {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/spanscope-fake-backend"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw BenchFailure("build it first: \(path)") }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchFailure("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var cargs = ([path] + arguments).map { strdup($0) } + [nil]
        defer {
            for p in cargs where p != nil { free(p) }
            posix_spawn_file_actions_destroy(&actions)
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, &cargs, environ) == 0 else { throw BenchFailure("cannot start \(path)") }
        close(fds[1])
        self.pid = pid
        stdoutFD = fds[0]
        // The fake prints one line once it listens (after generating its traces).
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fds[0], &byte, 1) == 1, byte != 10 { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard let r = text.range(of: "listening on ") else {
            url = ""
            stop()
            throw BenchFailure("fake backend said \(text.debugDescription)")
        }
        url = String(text[r.upperBound...])
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(stdoutFD)
    }

    /// The fake's CPU seconds so far (user + system, from /proc).
    var cpuSeconds: Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return .nan }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime 14, stime 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Passes requests on and keeps each path's last response: the bytes the client decoded.
final class RecordingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let responses = Mutex<[String: HTTPResponse]>([:])
    init(_ inner: any HTTPTransport) { self.inner = inner }
    var displayURL: String { inner.displayURL }
    var authDescription: String { inner.authDescription }

    func get(_ path: String, headers: [(String, String)], progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> HTTPResponse {
        let response = try await inner.get(path, headers: headers, progress: progress)
        responses.withLock { $0[path] = response }
        return response
    }
}

/// Answers from recorded responses: the client's parsing without the network.
struct ReplayTransport: HTTPTransport {
    let responses: [String: HTTPResponse]
    var displayURL: String { "http://replay" }
    var authDescription: String { "no credentials" }

    func get(_ path: String, headers: [(String, String)], progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> HTTPResponse {
        guard let response = responses[path] else { throw BackendError(.notFound, "not recorded: \(path)") }
        return response
    }
}

func cpuSeconds() -> Double { FollowBench.cpuSeconds() }

func milliseconds(_ s: Double) -> String { String(format: "%.0f ms", s * 1000) }

func percentile(_ sorted: [Double], _ q: Double) -> Double {
    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
}
