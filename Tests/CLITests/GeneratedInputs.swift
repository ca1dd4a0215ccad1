import Foundation
import TraceSynth

/// Inputs the CLI tests generate (never committed): a fresh directory per test, and large
/// OTLP files from the benchmark's seeded writer.
enum GeneratedInputs {
    static func directory(_ prefix: String) throws -> URL {
        let dir = CLI.tempRoot.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `spans` spans over `traces` traces as one OTLP/JSON request (~840 bytes a span).
    static func otlpFile(_ path: String, spans: Int, traces: Int, writer: BenchOTLPWriter = BenchOTLPWriter()) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        writer.write(spans: spans, traces: traces) { handle.write(Data($0)) }
        try handle.close()
    }
}
