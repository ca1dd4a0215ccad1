import ArgumentParser
import BackendHTTP
import Backends
import Config
import Foundation
import TerminalUI

/// `spanscope backends`: the named backends of the config file, each checked.
struct BackendsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backends",
        abstract: "List the backends named in the config file and check each (reachable, kind, version, auth).",
        discussion: "Backends are [backends.NAME] tables of $XDG_CONFIG_HOME/spanscope/config.toml; `spanscope @NAME` opens one."
    )

    func run() throws {
        let config = Runner.loadConfig()
        guard !config.backends.isEmpty else {
            Runner.printError("spanscope: no backends in \(Config.defaultPath()); add a [backends.NAME] table (`spanscope config --print-default` shows one)")
            throw ExitCode(1)
        }
        // All at once: a slow or unreachable one delays the table by its timeout only.
        let rows = (try? blocking { () async throws(BackendError) -> [Row] in
            await withTaskGroup(of: (Int, Row).self) { group in
                for (i, profile) in config.backends.enumerated() {
                    group.addTask { (i, await Self.check(profile)) }
                }
                var rows = [Row?](repeating: nil, count: config.backends.count)
                for await (i, row) in group { rows[i] = row }
                return rows.map { $0! }
            }
        }) ?? []
        let table: [[String]] = [["NAME", "KIND", "URL", "VERSION", "STATUS"]] + rows.map { [$0.name, $0.kind, $0.url, $0.version, $0.status] }
        let widths = (0 ..< 4).map { c in table.map { TextWidth.width($0[c]) }.max() ?? 0 }
        for line in table {
            var out = ""
            for c in 0 ..< 4 { out += line[c] + String(repeating: " ", count: widths[c] - TextWidth.width(line[c]) + 2) }
            print(Sanitize.text(out + line[4]))
        }
        if rows.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }

    struct Row: Sendable {
        var name, kind, url, version, status: String
        var ok: Bool
    }

    static func check(_ profile: BackendProfile) async -> Row {
        var row = Row(name: profile.name, kind: profile.connection.kind?.rawValue ?? "?", url: profile.connection.url, version: "-",
                      status: "", ok: false)
        let transport: HTTPClientTransport
        do throws(BackendError) { transport = try HTTPClientTransport(options: profile.connection) } catch {
            row.status = error.description
            return row
        }
        defer { Task { await transport.shutdown() } }
        row.url = transport.displayURL
        let client: BackendClient
        do throws(BackendError) {
            client = try await BackendClient.connect(transport: transport, kind: profile.connection.kind, tenant: profile.connection.tenant)
        } catch {
            row.status = error.description
            return row
        }
        let check = await client.check()
        row.kind = Self.describe(client.api)
        row.version = check.version ?? "-"
        if let error = check.error {
            row.status = error.description
        } else {
            row.ok = true
            row.status = profile.connection.insecure ? "ok (TLS not verified)" : "ok"
        }
        return row
    }

    /// "jaeger (api_v3, summaries)", "tempo (v2 traces)".
    static func describe(_ api: BackendAPI) -> String {
        switch api {
        case .jaegerClassic: return "jaeger (classic api)"
        case .jaegerV3(let summaries, _): return summaries ? "jaeger (api_v3, summaries)" : "jaeger (api_v3)"
        case .zipkinV2: return "zipkin (api v2)"
        case .tempo(let v2): return v2 ? "tempo (v2 traces)" : "tempo (v1 traces)"
        }
    }
}
