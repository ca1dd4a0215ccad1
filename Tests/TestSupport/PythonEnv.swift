import Foundation

/// The tests' Python virtualenv with the OpenTelemetry SDK (`scripts/test-env` makes it at
/// .build/py-venv). Tests that need it are skipped without it, except in CI, where they fail.
public enum PythonEnv {
    public static let python: String? = {
        let path = Repo.path(".build/py-venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()
    public static var inCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }
    /// Run where the environment exists, and always in CI (where its absence is a failure).
    public static var enabled: Bool { python != nil || inCI }
}

/// A program on PATH, or nil.
public func installedTool(_ name: String) -> String? {
    let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}
