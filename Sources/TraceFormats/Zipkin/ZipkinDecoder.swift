import TraceModel

/// Zipkin JSON: v2 (list, list of lists, bare span), v1 (annotations + binaryAnnotations), and
/// proto3 JSON (`{"spans":[…]}`). Placeholder until the decoder lands.
public enum ZipkinDecoder {
    /// Decodes one whole Zipkin document starting at the scanner's position.
    public static func decode(
        _ scanner: inout JSONScanner, bytes: FileBytes, into set: inout TraceSet, warnings: inout [String]
    ) throws(JSONError) {
        throw scanner.error("Zipkin JSON is not supported yet")
    }
}
