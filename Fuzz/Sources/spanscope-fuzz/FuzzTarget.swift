import TraceAnalysis
import Explorer
import Export
import Reports
import TraceFormats
import TraceModel

/// One fuzz target per decoder entry point, plus the headless explorer. Each runs what the
/// command line would run on a file with these bytes, and a bit more (every span's details),
/// so a crash here is a crash of `spanscope analyze` or `open`.
enum FuzzTarget: String, CaseIterable {
    /// Format sniffing and whatever it picks: OTLP JSON (and JSON Lines), Zipkin, Jaeger, logs;
    /// then the analysis and both `analyze` reports.
    case traces
    /// The Zipkin v1/v2 decoder on any bytes, sniffed or not; then the full trace path.
    case zipkin
    /// The Jaeger decoder on any bytes, sniffed or not; then the full trace path.
    case jaeger
    /// JSON log lines, both as `--logs` and as a trace file.
    case jsonLogs = "json-logs"
    /// logfmt lines as `--logs`.
    case logfmt
    /// OTLP log requests as `--logs`.
    case otlpLogs = "otlp-logs"
    /// gzip input (a `.gz` file, or plain bytes wrapped in gzip members here), read from a file.
    case gzip
    /// Decoded input rendered headless after keys taken from the fuzz data.
    case explore
    /// OTLP protobuf traces and logs requests (the receiver's decoder), and a re-encoding.
    case otlpProto = "otlp-proto"

    func run(_ data: [UInt8]) {
        switch self {
        case .traces: Pipeline.traces(FileBytes(data), reports: true)
        case .zipkin:
            Pipeline.decoder(data) { s, bytes, set, warnings throws(JSONError) in
                try ZipkinDecoder.decode(&s, bytes: bytes, into: &set, warnings: &warnings)
            }
            Pipeline.traces(FileBytes(data))
        case .jaeger:
            Pipeline.decoder(data) { s, bytes, set, warnings throws(JSONError) in
                try JaegerDecoder.decode(&s, bytes: bytes, into: &set, warnings: &warnings)
            }
            Pipeline.traces(FileBytes(data))
        case .jsonLogs:
            Pipeline.logs(FileBytes(data))
            Pipeline.traces(FileBytes(data))
        case .logfmt, .otlpLogs: Pipeline.logs(FileBytes(data))
        case .gzip: GzipInput.run(data)
        case .explore: ExploreInput.run(data)
        case .otlpProto: ProtoInput.run(data)
        }
    }
}

/// What the commands do with a file's bytes.
enum Pipeline {
    /// `spanscope analyze` on a trace file; the reports (a third of the time of a run) only
    /// where asked, so the per-format targets spend their runs in the decoders.
    static func traces(_ bytes: FileBytes, reports: Bool = false) {
        guard let input = try? TraceLoader.decode(bytes) else { return }
        analyze(input.set, reports: reports)
    }

    /// `--logs`: log records only, no spans; their analysis still indexes them.
    static func logs(_ bytes: FileBytes) {
        guard let input = try? LogLoader.decode(bytes) else { return }
        analyze(input.set, reports: false)
    }

    static func analyze(_ set: TraceSet, reports: Bool) {
        readDetails(set)
        let analysis = Analysis(set)
        guard reports else { return }
        var text = ""
        AnalyzeText.write(analysis, to: &text)
        var json: [UInt8] = []
        AnalyzeJSON.write(analysis, to: &json)
        // The OTLP export must read back (analyze --format otlp, the explorer's x).
        var otlp: [UInt8] = []
        ExportOTLP.write(set: set, trees: analysis.trees, to: &otlp)
        _ = try? TraceLoader.decode(FileBytes(otlp, name: "export"))
    }

    /// Details are decoded lazily from the file when a view asks; ask for all of them here.
    static func readDetails(_ set: TraceSet) {
        for span in set.spans.prefix(1000) { _ = set.details(span) }
    }

    /// One decoder on the bytes as they are, without the sniffer's choice: it must survive
    /// anything. Its raw output (times not yet clamped) is not analysed, only its details read.
    static func decoder(
        _ data: [UInt8],
        _ decode: (inout JSONScanner, FileBytes, inout TraceSet, inout [String]) throws(JSONError) -> Void
    ) {
        let bytes = FileBytes(data)
        var s = bytes.scanner()
        var set = TraceSet()
        var warnings: [String] = []
        do throws(JSONError) {
            try decode(&s, bytes, &set, &warnings)
        } catch {
            return
        }
        readDetails(set)
    }
}
