import Foundation

/// Where the tests find the checkout and the files beside it.
public enum Repo {
    /// The package root, from this file's location (Tests/TestSupport/Paths.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let fixtures = root.appendingPathComponent("Fixtures")

    /// The absolute path of a file given relative to the package root.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// The real-world compatibility corpus, ../shared/corpus beside the checkout (see its MANIFEST.md).
/// Tests that need it are skipped when it is not there.
public enum Corpus {
    public static let root = Repo.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    public static var present: Bool { FileManager.default.fileExists(atPath: root.path) }

    /// Folders that hold no trace files: .proto definitions (for the OTLP protobuf receiver) and
    /// recorded HTTP responses of tracing backends (for their clients).
    public static let notTraceFolders: Set<String> = ["otlp-proto", "backend-responses"]

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The folders of loadable files (traces and logs), sorted; empty without the corpus.
    public static var folders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") && !notTraceFolders.contains($0) }.sorted()
    }

    /// The files of one folder, sorted, as absolute paths.
    public static func files(in folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    /// Every loadable file: traces, and the logs of the `*logs` folders.
    public static var allFiles: [String] { folders.flatMap { files(in: $0) } }

    /// The trace files only (the `*logs` folders hold logs without spans).
    public static var traceFiles: [String] { folders.filter { !$0.hasSuffix("logs") }.flatMap { files(in: $0) } }
}
