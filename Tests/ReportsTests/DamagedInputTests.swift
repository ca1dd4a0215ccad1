import TerminalUI
import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel
import TestSupport

/// Damaged input never crashes or hangs: every fixture format, truncated and byte-flipped at
/// seeded random places, either loads (and analyses, and decodes every span's details) or fails
/// with one located error.
@Suite struct DamagedInputTests {
    static let files = ["checkout.otlp.json", "checkout.otlp.jsonl", "checkout.zipkin-v2.json",
                        "checkout.zipkin-v1.json", "checkout.jaeger.json", "checkout-shared.zipkin-v1.json"]

    static let rounds = Int(ProcessInfo.processInfo.environment["MUTATION_ROUNDS"] ?? "") ?? 150
    static let interesting: [UInt8] = Array("{}[]\",:\\0-9eE.tfn \n\u{1}".utf8) + [0xFF, 0xC3, 0x00]

    /// Our fixtures, plus every corpus file when ../shared/corpus is there.
    static var paths: [String] {
        files.map { Repo.path("Fixtures/formats/\($0)") } + Corpus.allFiles
    }

    @Test(arguments: paths)
    func damagedCopiesLoadOrFailCleanly(path: String) throws {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var rng = SplitMix64(seed: UInt64(file.utf8.count) * 7919)
        var loaded = 0, failed = 0
        for round in 0..<Self.rounds {
            var bytes = original
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(rng.below(bytes.count)))
            } else {
                for _ in 0..<(1 + rng.below(4)) {
                    let at = rng.below(bytes.count)
                    bytes[at] = Self.interesting[rng.below(Self.interesting.count)]
                }
            }
            let result = Result { () throws(LoadError) -> LoadedInput in
                try TraceLoader.decode(FileBytes(bytes, name: "m.json"))
            }
            switch result {
            case .success(let input):
                let analysis = Analysis(input.set, options: AnalysisOptions(adjustSkew: round % 2 == 0))
                var text = ""
                AnalyzeText.write(analysis, to: &text)
                var json: [UInt8] = []
                AnalyzeJSON.write(analysis, to: &json)
                for span in input.set.spans { _ = input.set.details(span) }
                loaded += 1
            case .failure(let e):
                #expect(e.description.hasPrefix("m.json"))
                #expect(!e.description.contains("\n"))
                failed += 1
            }
        }
        #expect(loaded + failed == Self.rounds)
        #expect(loaded + failed > 0)
    }
}
