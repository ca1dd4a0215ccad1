import ChildProcess
import Foundation
import Testing
import TestSupport

/// The config file as a user writes it: rebinding a key changes what the key does on screen; a
/// bad file is a warning with its line and the explorer still starts.
@Suite struct ConfigCommandTests {
    static func run(_ args: [String], config: String?, environment: [String: String] = [:]) throws -> CLI.Result {
        let home = CLI.tempRoot.appendingPathComponent("xdg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("spanscope"), withIntermediateDirectories: true)
        if let config { try config.write(to: home.appendingPathComponent("spanscope/config.toml"), atomically: true, encoding: .utf8) }
        let r = try ChildProcess.run(try CLI.binary(), args, stdin: [], directory: Repo.root.path,
                                     environment: environment.merging(["XDG_CONFIG_HOME": home.path]) { a, _ in a }, timeout: 120)
        return CLI.Result(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }

    @Test func aReboundKeyDoesItsNewJob() throws {
        let args = ["Fixtures/formats/checkout.otlp.json", "--render", "120x20", "--keys", "x"]
        let plain = try Self.run(args, config: nil)
        #expect(plain.stdout.contains("Export"))  // x opens the export menu by default
        let rebound = try Self.run(args, config: "[keys.waterfall]\nnextError = \"x\"\n")
        #expect(rebound.status == 0)
        #expect(rebound.stderr.contains("config.toml:2: x was bound to exportMenu"), "\(rebound.stderr)")
        #expect(!rebound.stdout.contains("Export"))
        #expect(rebound.stdout.contains("row 9/12"), "\(rebound.stdout)")  // the error span
    }

    @Test func aBadFileIsAWarningWithItsLineAndTheDefaultsStay() throws {
        let r = try Self.run(["Fixtures/formats/checkout.otlp.json", "--render", "120x20", "--keys", "e"],
                             config: "[keys.waterfall]\nnextError = \n")
        #expect(r.status == 0)
        #expect(r.stderr.contains("config.toml:2: "), "\(r.stderr)")
        #expect(r.stdout.contains("row 9/12"), "\(r.stdout)")  // `e` still goes to the error
        let start = try Self.run(["Fixtures/formats/checkout.otlp.json", "--render", "120x20"], config: "[keys.waterfall]\nnextError = \n")
        #expect(start.stdout.contains("config: "), "\(start.stdout)")  // the status line says so at start
    }

    /// `[defaults] utc = true` works like `--utc`: the list's times are UTC in another zone.
    @Test func theUTCDefault() throws {
        let args = ["Fixtures/demo/demo.zipkin-v2.json", "--render", "120x6"]
        let local = try Self.run(args, config: nil, environment: ["TZ": "Asia/Tokyo"])
        #expect(!local.stdout.contains("start (UTC)"), "\(local.stdout)")
        let utc = try Self.run(args, config: "[defaults]\nutc = true\n", environment: ["TZ": "Asia/Tokyo"])
        #expect(utc.stdout.contains("start (UTC)"), "\(utc.stdout)")
    }

    @Test func printDefaultWritesAFileThatChecksClean() throws {
        let printed = try Self.run(["config", "--print-default"], config: nil)
        #expect(printed.status == 0)
        #expect(printed.stdout.contains("[keys.waterfall]") && printed.stdout.contains("# nextError = [\"e\"]"))
        let check = try Self.run(["config"], config: printed.stdout)
        #expect(check.status == 0, "\(check.stderr)")
        let bad = try Self.run(["config"], config: "[colors]\nerror = 999\n")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("config.toml:2: error wants a colour number from 0 to 255"))
    }
}
