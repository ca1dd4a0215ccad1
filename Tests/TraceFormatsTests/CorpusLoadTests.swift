import ChildProcess
import Foundation
import Testing
import TraceFormats
import TraceModel
import TestSupport

/// Every file of ../shared/corpus loads through the same path as the CLI (sniffing included),
/// with the format its folder says. Skipped when the corpus is not beside the checkout.
@Suite(.enabled(if: Corpus.present)) struct CorpusLoadTests {
    static let expectedFormat: [String: InputFormat] = [
        "otlp": .otlp, "otlp-jsonl": .otlp, "otlp-logs": .otlp, "jsonl-logs": .jsonLogs,
        "zipkin-v2": .zipkin, "zipkin-v1": .zipkin, "zipkin-proto3-json": .zipkin, "jaeger": .jaeger,
    ]

    @Test(arguments: Corpus.allFiles)
    func loadsWithTheRightFormat(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        let name = URL(fileURLWithPath: path).lastPathComponent
        let input = try TraceLoader.load(path: path)
        if name.contains("FindTraceSummaries") {
            #expect(input.format == .traceSummaries)
            #expect(input.set.spans.isEmpty)
            return
        }
        #expect(input.format == Self.expectedFormat[folder], "\(name)")
        if folder.hasSuffix("logs") {
            #expect(!input.set.logs.isEmpty, "\(name)")
        } else {
            #expect(!input.set.spans.isEmpty, "\(name)")
            // Every span can have its details decoded without trouble.
            for span in input.set.spans { _ = input.set.details(span) }
        }
    }

    @Test func everyCorpusFolderIsCovered() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Corpus.root.path)
            .filter { !$0.hasSuffix(".md") }
        #expect(Set(folders).isSubset(of: Set(Self.expectedFormat.keys).union(Corpus.notTraceFolders)), "new corpus folder: \(folders)")
    }

    @Test func gzipAndStdinShapesOfACorpusFileGiveTheSameSpans() throws {
        let path = Corpus.path("zipkin-v2/zipkin-lens-smartthings-mobile-web-install.json")
        let plain = try TraceLoader.load(path: path)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = dir.appendingPathComponent("t.json.gz").path
        let gzip = try ChildProcess.run("/bin/sh", ["-c", "gzip -c '\(path)' > '\(gz)'"])
        #expect(gzip.status == 0)
        let zipped = try TraceLoader.load(path: gz)
        #expect(zipped.set.spans == plain.set.spans.map { var s = $0; s.detail.source = zipped.set.spans.first!.detail.source; return s } || zipped.set.spans.count == plain.set.spans.count)
        #expect(zipped.set.spans.map(\.spanID) == plain.set.spans.map(\.spanID))
    }
}
