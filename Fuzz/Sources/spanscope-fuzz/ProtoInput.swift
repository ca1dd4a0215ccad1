#if canImport(Glibc)
import Glibc
#endif
import TraceFormats
import TraceModel

/// `otlp-proto`: the bytes as an OTLP protobuf traces request (then details, analysis, and the
/// decoded spans encoded again, which must decode to as many spans without a problem) and as
/// a logs request.
enum ProtoInput {
    static func run(_ data: [UInt8]) {
        if let d = try? OTLPProtobuf.decodeTraces(FileBytes(data, name: "fuzz.pb")) {
            Pipeline.analyze(d.set, reports: false)
            let again: OTLPProtobuf.Decoded
            do {
                again = try OTLPProtobuf.decodeTraces(FileBytes(OTLPProtobuf.encodeTraces(d.set), name: "again.pb"))
            } catch {
                fatalError("re-encoded spans do not decode: \(error)")
            }
            if again.set.spans.count != d.set.spans.count || again.rejected != 0 {
                fatalError("re-encoded spans decode to \(again.set.spans.count) spans (\(again.rejected) rejected), not \(d.set.spans.count)")
            }
        }
        if let d = try? OTLPProtobuf.decodeLogs(FileBytes(data, name: "fuzz.pb")) {
            Pipeline.analyze(d.set, reports: false)
        }
    }

    /// Seeds: OTLP JSON files converted to protobuf by our encoder (`FUZZ_PROTO_SEEDS=OUT_DIR`,
    /// the JSON files as arguments; scripts/fuzz runs this before fuzzing).
    static func writeSeeds(to dir: String, from paths: [String]) {
        for path in paths {
            guard let input = try? TraceLoader.load(path: path) else { continue }
            let name = path.split(separator: "/").last.map(String.init) ?? "seed"
            write(OTLPProtobuf.encodeTraces(input.set), to: "\(dir)/\(name).traces.pb")
            if !input.set.logs.isEmpty { write(OTLPProtobuf.encodeLogs(input.set), to: "\(dir)/\(name).logs.pb") }
        }
    }

    static func write(_ bytes: [UInt8], to path: String) {
        guard let f = fopen(path, "wb") else { return }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }
}
