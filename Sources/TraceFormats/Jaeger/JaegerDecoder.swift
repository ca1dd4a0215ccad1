import TraceModel

/// Jaeger JSON: the query/UI JSON (envelopes, bare traces, embedded process) and api_v2
/// protobuf-JSON. Placeholder until the decoder lands.
public enum JaegerDecoder {
    /// Decodes one whole Jaeger document starting at the scanner's position.
    public static func decode(
        _ scanner: inout JSONScanner, bytes: FileBytes, into set: inout TraceSet, warnings: inout [String]
    ) throws(JSONError) {
        throw scanner.error("Jaeger JSON is not supported yet")
    }
}
