import CChildProcess
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program and waits for it with `waitpid` on its own pid.
///
/// Why not Foundation's `Process`: on Linux it learns of a child's exit from a SIGCHLD dispatch
/// source, and when the signal lands on a thread that does not route it there (seen under CI with
/// swift-testing's threads), `waitUntilExit()` never returns although the child is a zombie. That
/// hung the whole test run. `waitpid(pid)` cannot miss the exit, and every run has a deadline.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        /// The deadline passed and the child was killed.
        public var timedOut: Bool
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Where the child's stdout and stderr go.
    public enum Output: Sendable {
        /// Read through pipes into the result.
        case capture
        /// /dev/null: needed for a child that leaves a daemon behind holding its descriptors
        /// (`tmux new -d`), whose pipes would never close.
        case discard
        /// The caller's own stdout and stderr.
        case inherit
    }

    /// - Parameters:
    ///   - stdin: bytes written to the child's standard input; nil gives it /dev/null.
    public static func run(_ path: String, _ arguments: [String], stdin: [UInt8]? = nil,
                           directory: String? = nil, environment: [String: String] = [:],
                           output: Output = .capture, timeout seconds: Double = 120) throws -> Result {
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        func closeAll() { for fd in inPipe + outPipe + errPipe where fd >= 0 { close(fd) } }
        if stdin != nil, cchild_pipe_cloexec(&inPipe) != 0 { throw Failure(description: "pipe failed") }
        let capture = output == .capture
        if capture, cchild_pipe_cloexec(&outPipe) != 0 || cchild_pipe_cloexec(&errPipe) != 0 {
            closeAll()
            throw Failure(description: "pipe failed")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin != nil { posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0) }
        else { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        if capture {
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        } else if output == .discard {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        if let directory { cchild_addchdir(&actions, directory) }

        var env = [String: String]()
        var ep = environ
        while let entry = ep.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") { env[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
            ep += 1
        }
        for (k, v) in environment { env[k] = v }

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }

        // Children start with SIGPIPE at its default: an ignored SIGPIPE is inherited through
        // exec, and NIO (the backend tests' HTTP client and fakes) ignores it process-wide, which
        // made `cat … | spanscope` print "cat: write error: Broken pipe".
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGCHLD)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // And with no signal blocked: a test thread (a Dispatch worker) blocks most signals, and
        // a shell started with SIGCHLD blocked waits for its background job forever.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        // The child's ends belong to the child now.
        for fd in [inPipe[0], outPipe[1], errPipe[1]] where fd >= 0 { close(fd) }
        if rc != 0 {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] where fd >= 0 { close(fd) }
            throw Failure(description: "cannot run \(path): \(String(cString: strerror(rc)))")
        }

        var result = Result(status: -1, stdout: [], stderr: [], timedOut: false)
        let deadline = now() + seconds
        pump(input: stdin ?? [], inFD: inPipe[1], outFD: outPipe[0], errFD: errPipe[0],
             deadline: deadline, into: &result)
        if result.timedOut { kill(pid, SIGKILL) }
        result.status = reap(pid, deadline: result.timedOut ? now() + 10 : deadline, timedOut: &result.timedOut)
        return result
    }

    /// Moves bytes until both outputs close or the deadline passes. Reads and writes together so
    /// a child that fills one pipe while we wait on another cannot deadlock us.
    private static func pump(input: [UInt8], inFD: Int32, outFD: Int32, errFD: Int32,
                             deadline: Double, into result: inout Result) {
        var inFD = inFD, outFD = outFD, errFD = errFD
        var written = 0
        if inFD >= 0 {
            _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
            if input.isEmpty { close(inFD); inFD = -1 }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while inFD >= 0 || outFD >= 0 || errFD >= 0 {
            let left = deadline - now()
            if left <= 0 { result.timedOut = true; break }
            var fds = [pollfd]()
            if inFD >= 0 { fds.append(pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)) }
            if outFD >= 0 { fds.append(pollfd(fd: outFD, events: Int16(POLLIN), revents: 0)) }
            if errFD >= 0 { fds.append(pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)) }
            let n = poll(&fds, nfds_t(fds.count), Int32(min(left, 1) * 1000))
            if n < 0 && errno != EINTR { result.timedOut = true; break }
            for p in fds where p.revents != 0 {
                if p.fd == inFD {
                    let sent = input[written...].withUnsafeBytes { write(inFD, $0.baseAddress, $0.count) }
                    if sent > 0 { written += sent }
                    if sent < 0 && errno != EAGAIN && errno != EINTR || written == input.count {
                        close(inFD); inFD = -1
                    }
                } else {
                    let got = read(p.fd, &buffer, buffer.count)
                    if got > 0 {
                        if p.fd == outFD { result.stdout += buffer[..<got] } else { result.stderr += buffer[..<got] }
                    } else if got == 0 || errno != EAGAIN && errno != EINTR {
                        close(p.fd)
                        if p.fd == outFD { outFD = -1 } else { errFD = -1 }
                    }
                }
            }
        }
        for fd in [inFD, outFD, errFD] where fd >= 0 { close(fd) }
    }

    /// Exit status (128 + signal when killed); kills the child if it outlives the deadline.
    private static func reap(_ pid: pid_t, deadline: Double, timedOut: inout Bool) -> Int32 {
        var status: Int32 = 0
        var killed = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return -1 }
            if !killed && now() > deadline {
                kill(pid, SIGKILL)
                killed = true
                timedOut = true
            }
            usleep(2000)
        }
        let low = status & 0x7f
        return low == 0 ? (status >> 8) & 0xff : 128 + low
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
