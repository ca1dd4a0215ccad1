import Foundation
import TraceFormats
import TraceModel
import TraceStore

/// A batch as a receiver holds it: the bytes and what the decoder made of them.
struct Batch {
    var bytes: [UInt8]
    var format: BatchFormat

    func decoded() throws -> TraceSet {
        let file = FileBytes(bytes, name: "batch")
        switch format {
        case .otlpProtobufTraces: return try OTLPProtobuf.decodeTraces(file).set
        case .otlpProtobufLogs: return try OTLPProtobuf.decodeLogs(file).set
        case .otlpJSON: return try TraceLoader.decode(file).set
        }
    }
}

/// Everything a span is to the explorer, with strings and details resolved, for comparing
/// sets whose string tables and detail sources are numbered differently.
struct SpanFacts: Equatable, CustomStringConvertible {
    var ids: String
    var start: Int64, duration: Int64
    var name: String, service: String
    var kind: SpanKind, status: SpanStatus, flags: SpanFlags
    var details: SpanDetails
    var description: String { "\(service) \(name) \(ids)" }

    static func of(_ set: TraceSet) -> [SpanFacts] {
        set.spans.map { s in
            SpanFacts(ids: "\(s.traceID.hex32)/\(s.spanID.hex)/\(s.parentID.hex)", start: s.start, duration: s.duration,
                      name: set.name(s), service: set.service(s), kind: s.kind, status: s.status, flags: s.flags,
                      details: set.details(s))
        }
    }
}

/// Log records with their resource's service resolved.
struct LogFacts: Equatable {
    var record: LogRecord
    var service: String

    static func of(_ set: TraceSet) -> [LogFacts] {
        set.logs.map { l in
            var r = l
            r.resource = .none
            return LogFacts(record: r, service: set.resource(l.resource).map { set.strings[$0.service] } ?? "")
        }
    }
}
