import TraceModel

/// The files under `Fixtures/` (paths relative to it), generated deterministically; the
/// `spanscope-fixtures fixtures` command writes them and a test checks they are up to date.
public enum FixtureFiles {
    public static let demoSeed: UInt64 = 20_231_114
    public static let demoTraceCount = 300
    /// The Zipkin and Jaeger demo files hold this many of the demo traces (the first ones).
    public static let demoSubsetCount = 50
    public static let demoTracesPerLine = 10

    public static func formatFiles() -> [(path: String, bytes: [UInt8])] {
        let t = [CheckoutTrace.make()]
        return [
            ("formats/checkout.otlp.json", OTLPJSONWriter.write(t, pretty: true)),
            ("formats/checkout.otlp.jsonl", OTLPJSONLinesWriter.write(t, splitServices: true, includeLogs: true)),
            ("formats/checkout.zipkin-v2.json", ZipkinV2Writer.write(t, pretty: true)),
            ("formats/checkout.zipkin-v1.json", ZipkinV1Writer.write(t, pretty: true)),
            ("formats/checkout.jaeger.json", JaegerJSONWriter.write(t, pretty: true)),
            ("formats/checkout-shared.zipkin-v2.json", ZipkinV2Writer.write(t, sharedRPC: true, pretty: true)),
            ("formats/checkout-shared.zipkin-v1.json", ZipkinV1Writer.write(t, sharedRPC: true, pretty: true)),
        ]
    }

    public static func demoTraces() -> [SynthTrace] {
        DemoGenerator.generateDemo(seed: demoSeed, traceCount: demoTraceCount)
    }

    public static func demoFiles(_ traces: [SynthTrace] = demoTraces()) -> [(path: String, bytes: [UInt8])] {
        let subset = Array(traces.prefix(demoSubsetCount))
        // Two halves: each file stays small, and the demo shows several files loading as one set.
        let half = traces.count / 2
        return [
            ("demo/demo-1.otlp.jsonl", OTLPJSONLinesWriter.write(Array(traces[..<half]), tracesPerLine: demoTracesPerLine, includeLogs: true)),
            ("demo/demo-2.otlp.jsonl", OTLPJSONLinesWriter.write(Array(traces[half...]), tracesPerLine: demoTracesPerLine, includeLogs: true)),
            ("demo/demo.zipkin-v2.json", ZipkinV2Writer.write(subset)),
            ("demo/demo.jaeger.json", JaegerJSONWriter.write(subset)),
        ]
    }

    public static func all() -> [(path: String, bytes: [UInt8])] { formatFiles() + demoFiles() }
}
