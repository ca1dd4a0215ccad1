import ChildProcess
import Foundation
import Testing
import TestSupport

struct ListenFailure: Error, CustomStringConvertible { var description: String }

/// `spanscope listen` as a person runs it: the real binary, real clients (curl, the
/// OpenTelemetry Python SDK), a store on disk, signals, and the explorer in tmux.
@Suite(.serialized) struct ListenTests {
    /// A `spanscope` running in the background, its stderr in a file, "EXIT=n" appended when it
    /// ends (it is the shell's child, not ours).
    struct Background {
        let dir: String
        let pid: Int32
        var log: String { dir + "/stderr" }

        static func start(_ args: [String], dir: String) throws -> Background {
            // A pid file left by an earlier start in the same directory would be read before the
            // new one is written (the signal then went to the old, finished process).
            try? FileManager.default.removeItem(atPath: dir + "/pid")
            let quoted = try ([CLI.binary()] + args).map { "'\($0)'" }.joined(separator: " ")
            let script = "(\(quoted) </dev/null >/dev/null 2>'\(dir)/stderr' & echo $! >'\(dir)/pid'; wait $!; echo EXIT=$? >>'\(dir)/stderr') >/dev/null 2>&1 &"
            _ = try ChildProcess.run("/bin/sh", ["-c", script], output: .discard)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if let text = try? String(contentsOfFile: dir + "/pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                    return Background(dir: dir, pid: pid)
                }
                usleep(20_000)
            }
            throw ListenFailure(description: "listen did not start")
        }

        var stderr: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        /// stderr once it contains `text` (or as it is when `seconds` pass).
        func waitFor(_ text: String, seconds: Double = 30) -> String {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let s = stderr
                if s.contains(text) { return s }
                usleep(50_000)
            }
            return stderr
        }

        func signal(_ sig: Int32) { kill(pid, sig) }
    }

    /// A fresh directory under the CLI tests' temporary root.
    struct Dir { var path: String }
    static func tempDir() throws -> Dir {
        let url = CLI.tempRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return Dir(path: url.path)
    }

    /// The port after "ROLE 127.0.0.1:" in `text`.
    static func port(_ role: String, in text: String) -> Int? {
        guard let r = text.range(of: role + " 127.0.0.1:") else { return nil }
        return Int(text[r.upperBound...].prefix { $0.isNumber })
    }

    /// POSTs `body` with curl; the HTTP status.
    static func post(_ url: String, _ body: String, contentType: String = "application/json", gzip: Bool = false, dir: String) throws -> String {
        var file = dir + "/body-\(UUID().uuidString)"
        try Data(body.utf8).write(to: URL(fileURLWithPath: file))
        if gzip {
            _ = try ChildProcess.run("/usr/bin/env", ["gzip", file], timeout: 30)
            file += ".gz"
        }
        var args = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: \(contentType)", "--data-binary", "@" + file, url]
        if gzip { args.insert(contentsOf: ["-H", "Content-Encoding: gzip"], at: 1) }
        return try ChildProcess.run("/usr/bin/env", args, timeout: 30).stdoutText
    }

    static let traceHex = "5b8efff798038103d269b633813fc60c"

    /// One OTLP/JSON request: a checkout root with an error child, service "shop".
    static let otlp = """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeSpans":[{"spans":[
        {"traceId":"\(traceHex)","spanId":"eee19b7ec3c1b174","name":"POST /checkout","kind":2,"startTimeUnixNano":"1800000000000000000","endTimeUnixNano":"1800000000250000000","attributes":[{"key":"http.status_code","value":{"intValue":"500"}}]},
        {"traceId":"\(traceHex)","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174","name":"charge card","startTimeUnixNano":"1800000000010000000","endTimeUnixNano":"1800000000200000000","status":{"code":2,"message":"card declined"}}
        ]}]}]}
        """

    static let zipkin = """
        [{"traceId":"00000000000000000000000000000abc","id":"0000000000000def","name":"get /stock","timestamp":1800000001000000,"duration":3000,"localEndpoint":{"serviceName":"inventory"}}]
        """

    @Test func headlessStoresWhatArrivesReadsWhileRunningAndStopsOnSIGTERM() throws {
        let tmp = try Self.tempDir()
        let store = tmp.path + "/traces.db"
        let args = ["listen", "--headless", "--interval", "1s", "--store", store,
                    "--otlp-http", "127.0.0.1:0", "--otlp-grpc", "127.0.0.1:0", "--zipkin", "127.0.0.1:0"]
        let listen = try Background.start(args, dir: tmp.path)
        defer { listen.signal(SIGKILL) }
        let started = listen.waitFor("listening:")
        let http = try #require(Self.port("OTLP/HTTP", in: started), "\(started)")
        let zipkinPort = try #require(Self.port("Zipkin", in: started), "\(started)")
        #expect(Self.port("OTLP/gRPC", in: started) != nil, "\(started)")
        #expect(try Self.post("http://127.0.0.1:\(http)/v1/traces", Self.otlp, gzip: true, dir: tmp.path) == "200")
        #expect(try Self.post("http://127.0.0.1:\(zipkinPort)/api/v2/spans", Self.zipkin, dir: tmp.path) == "202")
        // The status line counts them.
        let status = listen.waitFor(" 3 spans · store ")
        #expect(status.contains(" 3 spans · store "), "\(status)")
        // The store reads while listen writes it.
        let report = try CLI.run(["analyze", store, "--json"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("POST /checkout"))
        #expect(report.stdout.contains(#""name":"charge card","startUs":1800000000010000,"durationUs":190000"#))
        #expect(report.stdout.contains("get /stock"))
        listen.signal(SIGTERM)
        let end = listen.waitFor("EXIT=")
        #expect(end.contains("stopped: 3 spans"), "\(end)")
        #expect(end.contains("EXIT=0"), "\(end)")
        // Started again on the same store, it says what it holds.
        try? FileManager.default.removeItem(atPath: tmp.path + "/stderr")
        let again = try Background.start(args, dir: tmp.path)
        defer { again.signal(SIGKILL) }
        let second = again.waitFor("listening:")
        #expect(second.contains("holds 2 traces, 3 spans"), "\(second)")
        again.signal(SIGINT)
        #expect(again.waitFor("EXIT=").contains("EXIT=0"))
    }

    @Test func anAddressThatIsNotLoopbackIsWarnedAbout() throws {
        let tmp = try Self.tempDir()
        let listen = try Background.start(["listen", "--headless", "--memory", "--otlp-http", "0.0.0.0:0", "--otlp-grpc", "off", "--zipkin", "off"], dir: tmp.path)
        defer { listen.signal(SIGKILL) }
        let started = listen.waitFor("listening:")
        #expect(started.contains("warning: OTLP/HTTP listens on 0.0.0.0:0, not loopback"), "\(started)")
        listen.signal(SIGTERM)
        #expect(listen.waitFor("EXIT=").contains("EXIT=0"))
        // Loopback, the default, is not warned about.
        let loop = try Background.start(["listen", "--headless", "--memory", "--otlp-http", ":0", "--otlp-grpc", "off", "--zipkin", "off"], dir: try Self.tempDir().path)
        defer { loop.signal(SIGKILL) }
        #expect(!loop.waitFor("listening:").contains("warning"))
        loop.signal(SIGTERM)
    }

    @Test func aPortInUseOrABadAddressIsOneLineAndExit1() throws {
        let tmp = try Self.tempDir()
        let bad = try CLI.run(["listen", "--headless", "--memory", "--otlp-http", "nowhere:99999"])
        #expect(bad.status == 1)
        #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        #expect(bad.stderr.contains("OTLP/HTTP"), "\(bad.stderr)")
        let off = try CLI.run(["listen", "--headless", "--memory", "--otlp-http", "off", "--otlp-grpc", "off", "--zipkin", "off"])
        #expect(off.status == 1)
        #expect(off.stderr.contains("nothing to listen on"), "\(off.stderr)")
        let retain = try CLI.run(["listen", "--headless", "--memory", "--retain", "banana"])
        #expect(retain.status != 0)
        #expect(retain.stderr.contains("--retain: 'banana' is not a duration"), "\(retain.stderr)")
        // A foreign file as the store is refused, untouched.
        let foreign = tmp.path + "/notes.db"
        try Data("not a store\n".utf8).write(to: URL(fileURLWithPath: foreign))
        let refused = try CLI.run(["listen", "--headless", "--store", foreign, "--otlp-http", "127.0.0.1:0", "--otlp-grpc", "off", "--zipkin", "off"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("spanscope: \(foreign): "), "\(refused.stderr)")
        #expect(try String(contentsOfFile: foreign, encoding: .utf8) == "not a store\n")
    }
}

/// `listen` and `demo --live` in a real terminal: a trace sent with curl appears, marked as
/// still arriving, opens, and quitting restores the terminal with exit status 0.
@Suite(.enabled(if: Tmux.enabled), .serialized) struct ListenTmuxTests {
    @Test func aTraceSentToListenAppearsInTheExplorer() throws {
        let tmp = try ListenTests.tempDir()
        let session = "spanscope-listen-\(getpid())"
        try Tmux.newSession(session, width: 160, height: 30,
                            "LANG=C.UTF-8 '\(try CLI.binary())' listen --store '\(tmp.path)/t.db' --otlp-http 127.0.0.1:0 --otlp-grpc off --zipkin off; echo EXIT=$?; sleep 30")
        defer { Tmux.run(["kill-session", "-t", session]) }
        // The title names the address within a second.
        let first = Tmux.waitFor(session, all: ["· http :", "no traces"], seconds: 20)
        let port = try #require(first.range(of: "· http :").map { Int(first[$0.upperBound...].prefix { $0.isNumber }) } ?? nil, "\(first)")
        #expect(first.contains("no traces"), "\(first)")
        #expect(try ListenTests.post("http://127.0.0.1:\(port)/v1/traces", ListenTests.otlp, dir: tmp.path) == "200")
        // Waits for the row and the count together: a capture can catch the screen half redrawn.
        let listed = Tmux.waitFor(session, all: ["shop: POST /checkout", "1/1 traces"], seconds: 20)
        #expect(listed.contains("1/1 traces"), "\(listed)")
        // Marked as still arriving (it came less than 5 s ago).
        #expect(listed.contains("+ … shop: POST /checkout"), "\(listed)")
        // The status line counts them within a second or two.
        let counted = Tmux.waitFor(session, " 2 spans · store", seconds: 10)
        #expect(counted.contains(" 2 spans · store"), "\(counted)")
        Tmux.run(["send-keys", "-t", session, "Enter"])
        let opened = Tmux.waitFor(session, all: ["charge card", "trace \(ListenTests.traceHex)"], seconds: 20)
        #expect(opened.contains("trace \(ListenTests.traceHex)"), "\(opened)")
        // Quiet for 5 s (by the explorer's clock, which the status ticks move): no longer arriving.
        let quiet = Tmux.waitUntil(session, seconds: 20) { $0.contains("charge card") && !$0.contains("still arriving") }
        #expect(!quiet.contains("still arriving") && quiet.contains("charge card"), "\(quiet)")
        Tmux.run(["send-keys", "-t", session, "q"])
        Tmux.run(["send-keys", "-t", session, "q"])
        let after = Tmux.waitFor(session, "EXIT=", seconds: 20)
        #expect(after.contains("2 spans, 0 logs received"), "\(after)")
        #expect(after.contains("EXIT=0"), "\(after)")
    }

    @Test func theLiveDemoFillsTheListAndQuits() throws {
        let session = "spanscope-live-demo-\(getpid())"
        try Tmux.newSession(session, width: 150, height: 30,
                            "LANG=C.UTF-8 '\(try CLI.binary())' demo --live; echo EXIT=$?; sleep 30")
        defer { Tmux.run(["kill-session", "-t", session]) }
        let started = Tmux.waitFor(session, all: ["live demo", "127.0.0.1:"], seconds: 20)
        #expect(started.contains("127.0.0.1:"), "\(started)")
        // Traces arrive a few a second: after a while there are several, some still arriving.
        let deadline = Date().addingTimeInterval(30)
        var screen = ""
        var count = 0
        while Date() < deadline {
            screen = Tmux.capture(session)
            if let r = screen.range(of: #"/(\d+) traces"#, options: .regularExpression) {
                count = Int(screen[r].dropFirst().prefix { $0.isNumber }) ?? 0
                if count >= 3 { break }
            }
            usleep(200_000)
        }
        #expect(count >= 3, "\(screen)")
        #expect(screen.contains("spans/s"), "\(screen)")
        Tmux.run(["send-keys", "-t", session, "q"])
        let after = Tmux.waitFor(session, "EXIT=", seconds: 20)
        #expect(after.contains("EXIT=0"), "\(after)")
    }
}
