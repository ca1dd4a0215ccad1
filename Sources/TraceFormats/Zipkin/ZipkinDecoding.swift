import TraceModel

/// One v2 span (or v1 half) before merging.
struct ZipkinPiece {
    var traceID: TraceID
    var spanID: SpanID
    var parentID: SpanID
    var invalidParent: Bool
    var name: StringID
    var kind: SpanKind?
    /// µs, 0 = absent.
    var timestamp: Int64
    /// µs, nil = absent (may be negative).
    var duration: Int64?
    var shared: Bool
    var local: ZipkinEndpoint?
    var error: Bool
    var ok: Bool
    var eventCount: UInt32
    var ref: DetailRef
    var offset: Int
    var alive = true

    var isFragment: Bool { kind == nil && timestamp == 0 && duration == nil && !shared }
}

/// What the fast pass reads from a span object (tags and annotation texts stay in the bytes).
struct ZipkinHeader {
    var traceID: TraceID?
    var traceBad: String?
    var spanID: SpanID?
    var spanBad: String?
    var parentID = SpanID.zero
    var parentBad: String?
    var name = StringID.empty
    var kind: SpanKind?
    var timestamp: Int64 = 0
    var duration: Int64 = 0
    var shared = false
    var local: ZipkinEndpoint?
    var error = false
    var otelError = false
    var otelOK = false
    var annotationCount = 0
    var annotationHasEndpoint = false
    var hasCore = false
    var hasBinary = false
}

struct ZipkinDecoding {
    let bytes: FileBytes
    let source: UInt32
    var pieces: [ZipkinPiece] = []
    var mergedRefs: [Int: [DetailRef]] = [:]
    var warnings = ZipkinWarnings()

    init(bytes: FileBytes, source: UInt32) {
        self.bytes = bytes
        self.source = source
    }

    mutating func readElement(_ s: inout JSONScanner, _ set: inout TraceSet, proto: Bool) throws(JSONError) {
        switch s.nextKind() {
        case .object: try readSpan(&s, &set, proto: proto)
        case .null: _ = s.consumeNull()
        default: throw s.error("expected a Zipkin span object")
        }
    }
}
