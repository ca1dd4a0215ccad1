import ChildProcess
import Foundation
import Testing
import TestSupport

/// Runs the built `spanscope` binary as a user would.
///
/// The binary is the one beside this test executable: the same build directory and configuration
/// (`swift test` builds every product before it runs the tests, `-c release` included), so it is
/// never a leftover of another configuration. It must also be at least as new as every object
/// file compiled for it, which a build of only some targets (`swift build --target X`) would leave
/// newer. A missing or stale binary fails the test that needs it (it is never skipped).
/// Like every other test, it is as current as the last build: `swift test --skip-build` after an
/// edit runs the old code, the binary included.
enum CLI {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// Targets under Sources/ that the `spanscope` executable does not link.
    static let notLinked: Set<String> = ["spanscope-bench", "spanscope-fixtures", "curses-smoke", "ChildProcess", "CChildProcess",
                                          "FakeBackends", "spanscope-fake-backend", "spanscope-store-writer", "Receivers", "GRPCReceiver"]

    /// The build directory of the running tests (the directory of the test executable).
    static var buildDirectory: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let running = exe.path == "/proc/self/exe" ? URL(fileURLWithPath: CommandLine.arguments[0]) : exe
        // On macOS the tests run inside `<build>/spanscopePackageTests.xctest/Contents/MacOS/`.
        var dir = running.deletingLastPathComponent()
        while dir.path != "/", dir.pathComponents.contains(where: { $0.hasSuffix(".xctest") }) {
            dir.deleteLastPathComponent()
        }
        return dir
    }

    static let located: Swift.Result<String, Missing> = {
        let build = buildDirectory
        let binary = build.appendingPathComponent("spanscope").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            return .failure(Missing(description: "\(binary) is not built: run `swift build` (or plain `swift test`, which builds it)"))
        }
        if let object = newestObject(in: build), object.date > modified(URL(fileURLWithPath: binary)) {
            return .failure(Missing(description: "\(binary) is older than \(object.path): run `swift build` (or plain `swift test`)"))
        }
        return .success(binary)
    }()

    static func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }

    /// The most recently written object file of the targets linked into the binary.
    static func newestObject(in build: URL) -> (path: String, date: Date)? {
        let fm = FileManager.default
        let targets = (try? fm.contentsOfDirectory(atPath: Repo.root.appendingPathComponent("Sources").path)) ?? []
        var newest: (path: String, date: Date)?
        for target in targets where !notLinked.contains(target) {
            let dir = build.appendingPathComponent(target.replacingOccurrences(of: "-", with: "_") + ".build")
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasSuffix(".o") {
                let url = dir.appendingPathComponent(name)
                let date = modified(url)
                if newest.map({ date > $0.date }) ?? true { newest = (url.path, date) }
            }
        }
        return newest
    }

    /// The path of the current binary; throws (failing the test) when it is missing or stale.
    static func binary() throws -> String { try located.get() }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        // Every run gets stdin (empty when none is given) so nothing waits on the test's own.
        let r = try ChildProcess.run(try binary(), args, stdin: stdin.map { [UInt8]($0) } ?? [],
                                     directory: Repo.root.path, environment: environment, timeout: 300)
        if r.timedOut { Issue.record("spanscope \(args) did not finish within 300 s") }
        return Result(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }

    /// One directory per test process for `temp` files, removed when the process exits.
    static let tempRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-cli-\(getpid())")
        atexit { try? FileManager.default.removeItem(at: CLI.tempRoot) }
        return root
    }()

    static func temp(_ name: String, _ contents: String) throws -> String {
        let dir = tempRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
