import TerminalUI
import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel

/// Damaged input never crashes or hangs: every fixture format, truncated and byte-flipped at
/// seeded random places, either loads (and analyses, and decodes every span's details) or fails
/// with one located error.
@Suite struct MutationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let files = ["checkout.otlp.json", "checkout.otlp.jsonl", "checkout.zipkin-v2.json",
                        "checkout.zipkin-v1.json", "checkout.jaeger.json", "checkout-shared.zipkin-v1.json"]

    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let rounds = Int(ProcessInfo.processInfo.environment["MUTATION_ROUNDS"] ?? "") ?? 150
    static let interesting: [UInt8] = Array("{}[]\",:\\0-9eE.tfn \n\u{1}".utf8) + [0xFF, 0xC3, 0x00]

    /// Our fixtures, plus every corpus file when ../shared/corpus is there.
    static var paths: [String] {
        let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        // .proto definitions and recorded backend responses are not trace files.
        let real = folders.sorted().filter { $0 != "otlp-proto" && $0 != "backend-responses" }.flatMap { folder -> [String] in
            let dir = corpus.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return names.sorted().filter { !$0.hasSuffix(".md") }.map { dir.appendingPathComponent($0).path }
        }
        return files.map { root.appendingPathComponent("Fixtures/formats/\($0)").path } + real
    }

    @Test(arguments: paths)
    func damagedCopiesLoadOrFailCleanly(path: String) throws {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var rng = Rng(state: UInt64(file.utf8.count) * 7919)
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
