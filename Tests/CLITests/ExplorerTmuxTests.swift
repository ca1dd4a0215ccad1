import ChildProcess
import Foundation
import Testing
import TestSupport

/// Drives the real binary in tmux as a person would: draw, keys, resize, quit, and the terminal
/// left in its normal state. Without tmux these tests are skipped, except in CI (`CI` set), where
/// a missing tmux fails them: .ci/run installs it.
enum Tmux {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }
    /// Whether the tmux suites run: where tmux is installed, and always in CI.
    static var enabled: Bool { path != nil || inCI }

    /// Starts a detached session running `command` (a shell command line); throws when tmux is
    /// missing, so that a CI run without it fails.
    static func newSession(_ session: String, width: Int, height: Int, _ command: String) throws {
        guard path != nil else { throw CLI.Missing(description: "tmux is not installed (CI must install it: see .ci/run)") }
        _ = removeSocketAtExit
        run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    }

    /// A tmux server of our own (`-L`): sessions of other people or test runs on the machine
    /// neither see nor keep alive ours.
    static let socket = "spanscope-tests-\(getpid())"

    /// The server leaves its socket file behind when its last session ends.
    static let removeSocketAtExit: Void = {
        atexit {
            let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
            unlink("\(dir)/tmux-\(getuid())/\(Tmux.socket)")
        }
    }()

    /// Runs a tmux command without reading its output: a server started by `new-session`
    /// inherits the client's descriptors, so a pipe would never reach end-of-file.
    static func run(_ args: [String]) {
        guard let path else { return }
        _ = try? ChildProcess.run(path, ["-L", socket] + args, output: .discard, timeout: 30)
    }

    /// The pane's text, through a file (the server is already running, but stay safe).
    static func capture(_ session: String) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(session)-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        guard let path else { return "" }
        _ = try? ChildProcess.run("/bin/sh", ["-c", "'\(path)' -L '\(socket)' capture-pane -p -t '\(session)' > '\(file.path)' 2>/dev/null"],
                                  output: .discard, timeout: 30)
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    /// Polls the pane until `text` shows (or times out).
    static func waitFor(_ session: String, _ text: String, seconds: Double = 10) -> String {
        waitUntil(session, seconds: seconds) { $0.contains(text) }
    }

    /// Polls the pane until every one of `texts` shows at once: a capture can catch a screen
    /// half redrawn (the title written, the rows not yet), so a test that checks several parts
    /// of one screen waits for all of them.
    static func waitFor(_ session: String, all texts: [String], seconds: Double = 10) -> String {
        waitUntil(session, seconds: seconds) { screen in texts.allSatisfy { screen.contains($0) } }
    }

    /// Polls the pane until `done` holds for it (or times out); returns the last capture.
    static func waitUntil(_ session: String, seconds: Double = 10, _ done: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = capture(session)
            if done(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return screen
    }
}

@Suite(.enabled(if: Tmux.enabled), .serialized) struct ExplorerTmuxTests {
    @Test func drawsTakesKeysResizesAndRestoresTheTerminalOnQuit() throws {
        let session = "spanscope-test-\(getpid())"
        let command = "cd '\(Repo.root.path)' && LANG=C.UTF-8 '\(try CLI.binary())' Fixtures/formats/checkout.otlp.json; "
            + "echo EXIT=$?; stty -a; sleep 30"
        try Tmux.newSession(session, width: 110, height: 30, command)
        defer { Tmux.run(["kill-session", "-t", session]) }

        let first = Tmux.waitFor(session, all: ["trace 4bf92f3577b34da6a3ce929d0e0e4736", "frontend: post /api/checkout", "▾"])
        #expect(first.contains("frontend: post /api/checkout"))
        #expect(first.contains("▾"))

        Tmux.run(["send-keys", "-t", session, "j", "j", "j", "Enter"])
        let details = Tmux.waitFor(session, all: ["Span details", "select cart_items"])
        #expect(details.contains("select cart_items"))

        Tmux.run(["resize-window", "-t", session, "-x", "80", "-y", "24"])
        // tmux first cuts the top rows off; the app's redraw puts its title back on row 1.
        var resized = ""
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            resized = Tmux.capture(session)
            if resized.split(separator: "\n").first?.contains("trace 4bf92f35") == true { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let small = resized.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(small.prefix(24).allSatisfy { $0.count <= 80 }, "\(resized)")
        #expect(small.first?.contains("trace 4bf92f35") == true, "\(resized)")

        Tmux.run(["send-keys", "-t", session, "q", "q"])
        let after = Tmux.waitFor(session, "iexten")
        #expect(after.contains("EXIT=0"))
        // stty shows the line discipline back in canonical mode with echo.
        #expect(after.contains("icanon") && after.contains(" echo"), "\(after)")
        #expect(!after.contains("-icanon"), "\(after)")
    }

    @Test func controlCLeavesCleanly() throws {
        let session = "spanscope-test-c-\(getpid())"
        let command = "cd '\(Repo.root.path)' && LANG=C.UTF-8 '\(try CLI.binary())' Fixtures/formats/checkout.jaeger.json; "
            + "echo EXIT=$?; stty -a; sleep 30"
        try Tmux.newSession(session, width: 100, height: 30, command)
        defer { Tmux.run(["kill-session", "-t", session]) }
        _ = Tmux.waitFor(session, "trace 4bf92f3577b34da6a3ce929d0e0e4736")
        Tmux.run(["send-keys", "-t", session, "C-c"])
        let after = Tmux.waitFor(session, "iexten")
        #expect(after.contains("EXIT=0"))
        #expect(!after.contains("-icanon"))
    }

    /// Closing the terminal under the explorer (here: killing the tmux session, as a dropped
    /// ssh connection would) ends it; it used to spin on failing reads at full CPU forever.
    @Test func aClosedTerminalEndsTheExplorer() throws {
        let session = "spanscope-test-h-\(getpid())"
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).pid").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // `exec`: the pane's process is the explorer itself, so its pid is known.
        let command = "cd '\(Repo.root.path)' && echo $$ > '\(pidFile)' && LANG=C.UTF-8 exec '\(try CLI.binary())' "
            + "Fixtures/formats/checkout.otlp.json"
        try Tmux.newSession(session, width: 100, height: 30, command)
        _ = Tmux.waitFor(session, "trace 4bf92f3577b34da6a3ce929d0e0e4736")
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(text))
        #expect(kill(pid, 0) == 0)
        Tmux.run(["kill-session", "-t", session])
        // Ended: gone, or a zombie (exited; whether its parent, tmux, has reaped it yet is tmux's
        // business — a tmux server shared with other sessions has been seen not to).
        let running = { () -> Bool in
            guard kill(pid, 0) == 0 else { return false }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            guard let close = stat.lastIndex(of: ")") else { return false }
            return !stat[stat.index(after: close)...].hasPrefix(" Z")
        }
        let deadline = Date().addingTimeInterval(10)
        while running() && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let alive = running()
        if alive { kill(pid, SIGKILL) }
        #expect(!alive, "the explorer outlived its terminal")
    }
}
