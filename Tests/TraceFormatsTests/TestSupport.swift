import Foundation
import TraceFormats
import TraceModel

/// Paths shared by the format tests.
enum Paths {
    /// The package root, from this file's location (Tests/TraceFormatsTests/TestSupport.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The real-world compatibility corpus beside the checkout, when present.
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static var hasCorpus: Bool { FileManager.default.fileExists(atPath: corpus.path) }
    static let fixtures = root.appendingPathComponent("Fixtures")

    static func corpusFiles(_ folder: String) -> [String] {
        let dir = corpus.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0).path }
    }
}

/// Decodes an in-memory document through the same path as files.
func decode(_ json: String) throws -> LoadedInput {
    try TraceLoader.decode(FileBytes(json, name: "test.json"))
}

/// The load error for a document that must fail.
func loadError(_ json: String, name: String = "bad.json") -> LoadError? {
    do {
        _ = try TraceLoader.decode(FileBytes(json, name: name))
        return nil
    } catch let e as LoadError {
        return e
    } catch {
        return nil
    }
}

extension TraceSet {
    func span(_ hex: String) -> Span? { spans.first { $0.spanID.hex == hex } }
}
