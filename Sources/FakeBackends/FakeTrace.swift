import Foundation
import TraceModel
import TraceSynth

/// A span as the fake backends store it: the common ground of Jaeger, Zipkin and OTLP, which
/// each flavor writes in its own JSON. Ids are lower-case hex; times are Unix nanoseconds.
public struct FakeSpan: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case server, client, producer, consumer, `internal` }
    /// 16 hex digits.
    public var spanID: String
    public var parentID: String?
    public var service: String
    public var name: String
    public var kind: Kind
    public var start: Int64
    public var duration: Int64
    public var error: Bool
    /// String attributes, written in this order.
    public var attributes: [(key: String, value: String)]
    /// Log lines for Loki, stamped with the span's start (the line should carry the trace id
    /// for a LogQL line filter to find it).
    public var logs: [String]

    public init(spanID: String, parentID: String? = nil, service: String, name: String, kind: Kind = .internal,
                start: Int64, duration: Int64, error: Bool = false, attributes: [(key: String, value: String)] = [], logs: [String] = []) {
        self.spanID = spanID
        self.parentID = parentID
        self.service = service
        self.name = name
        self.kind = kind
        self.start = start
        self.duration = duration
        self.error = error
        self.attributes = attributes
        self.logs = logs
    }

    public var end: Int64 { start + duration }

    public static func == (a: FakeSpan, b: FakeSpan) -> Bool {
        a.spanID == b.spanID && a.parentID == b.parentID && a.service == b.service && a.name == b.name && a.kind == b.kind
            && a.start == b.start && a.duration == b.duration && a.error == b.error && a.logs == b.logs
            && a.attributes.map(\.key) == b.attributes.map(\.key) && a.attributes.map(\.value) == b.attributes.map(\.value)
    }
}

public struct FakeTrace: Sendable, Equatable {
    /// 32 hex digits (a 16-digit id is written as given, like a 64-bit Jaeger id).
    public var traceID: String
    public var spans: [FakeSpan]

    public init(traceID: String, spans: [FakeSpan]) {
        self.traceID = traceID.lowercased()
        self.spans = spans
    }

    public var start: Int64 { spans.map(\.start).min() ?? 0 }
    public var end: Int64 { spans.map(\.end).max() ?? 0 }
    public var duration: Int64 { end - start }
    /// The first span without a parent in the trace (what backends call the root).
    public var root: FakeSpan? {
        let ids = Set(spans.map(\.spanID))
        return spans.first { $0.parentID == nil } ?? spans.first { !ids.contains($0.parentID ?? "") }
    }
    /// Services in order of first appearance.
    public var services: [String] {
        var seen = Set<String>()
        return spans.map(\.service).filter { seen.insert($0).inserted }
    }
    public var errorCount: Int { spans.count { $0.error } }
}

extension FakeTrace {
    /// A realistic trace from a seed: a server root in the first service, nested calls across
    /// `services` services (a server span where a call enters another service, clients and
    /// internal work inside one), children inside their parent's time, about 3% errors, and a
    /// log line for every tenth span. Same seed, same trace; 1 to 1,000,000 spans.
    public static func generated(seed: UInt64, spans count: Int, services serviceCount: Int = 4,
                                 start: Int64? = nil) -> FakeTrace {
        var random = SplitMix64(seed: seed)
        let names = ["frontend", "cart", "checkout", "payment", "inventory", "shipping", "email", "auth", "search", "recommendation"]
        let services = (0..<max(1, serviceCount)).map { i in i < names.count ? names[i] : "service-\(i)" }
        let operations = ["GET /api/cart", "POST /api/checkout", "GET /api/products", "charge", "reserve", "SELECT orders", "publish", "render"]
        let traceID = random.hex(digits: 32)
        let rootStart = start ?? (Int64(Date().timeIntervalSince1970 * 1e9) - 60_000_000_000)
        var spans: [FakeSpan] = []
        spans.reserveCapacity(max(1, count))
        let rootDuration = Int64(50_000_000 + random.next() % 2_000_000_000)
        spans.append(FakeSpan(spanID: random.hex(digits: 16), service: services[0], name: operations[0], kind: .server,
                              start: rootStart, duration: rootDuration, attributes: [("http.method", "GET"), ("http.status_code", "200")]))
        for i in 1..<max(1, count) {
            // Parents among recent spans: deep chains as well as wide fan-outs.
            let window = Int(min(UInt64(i), 64))
            let parent = spans[i - 1 - Int(random.next() % UInt64(window))]
            let offset = parent.duration > 1 ? Int64(random.next() % UInt64(parent.duration / 2 + 1)) : 0
            let remaining = max(1, parent.end - (parent.start + offset))
            let duration = max(1_000, Int64(Double(remaining) * (0.1 + Double(random.next() % 800) / 1000)))
            let crossService = random.next() % 3 == 0
            let service = crossService ? services[Int(random.next() % UInt64(services.count))] : parent.service
            let kind: FakeSpan.Kind = service != parent.service ? .server : [.client, .internal, .producer][Int(random.next() % 3)]
            let error = random.next() % 100 < 3
            let name = operations[Int(random.next() % UInt64(operations.count))]
            var attributes: [(key: String, value: String)] = [("span.index", String(i))]
            if kind == .server { attributes.append(("http.status_code", error ? "500" : "200")) }
            if name.hasPrefix("SELECT") { attributes.append(("db.system", "postgresql")) }
            let spanID = random.hex(digits: 16)
            let logs = i % 10 == 0 ? ["level=\(error ? "error" : "info") msg=\"\(name)\" trace_id=\(traceID) span_id=\(spanID)"] : []
            spans.append(FakeSpan(spanID: spanID, parentID: parent.spanID, service: service, name: name, kind: kind,
                                  start: parent.start + offset, duration: min(duration, remaining), error: error,
                                  attributes: attributes, logs: logs))
        }
        return FakeTrace(traceID: traceID, spans: spans)
    }
}

extension SplitMix64 {
    /// Lower-case hex, never all zeros (backends reject an all-zero id).
    mutating func hex(digits: Int) -> String {
        var out = ""
        while out.count < digits {
            let chunk = String(next() | 1, radix: 16)
            out += String(repeating: "0", count: 16 - chunk.count) + chunk
        }
        return String(out.prefix(digits))
    }
}

extension FakeTrace {
    /// The same trace as TraceSynth writes to files (the benchmark serves what it also opens
    /// from disk). Attribute values become text; a log record with the span's ids becomes a
    /// logfmt line carrying the trace id.
    public init(_ synth: SynthTrace) {
        let logsBySpan = Dictionary(grouping: synth.logs.filter { !$0.spanID.isZero }, by: \.spanID)
        let traceHex = synth.traceID.hex32
        self.init(traceID: traceHex, spans: synth.spans.map { span in
            FakeSpan(spanID: span.spanID.hex, parentID: span.parentID.isZero ? nil : span.parentID.hex,
                     service: span.service, name: span.name, kind: FakeSpan.Kind(span.kind),
                     start: span.startNs, duration: span.durationNs, error: span.status == .error,
                     attributes: span.attributes.map { ($0.key, $0.value.plainText) },
                     logs: (logsBySpan[span.spanID] ?? []).map {
                         "level=\($0.severityText.lowercased()) msg=\($0.body.debugDescription) trace_id=\(traceHex) span_id=\(span.spanID.hex)"
                     })
        })
    }
}

extension FakeSpan.Kind {
    init(_ kind: SpanKind) {
        switch kind {
        case .server: self = .server
        case .client: self = .client
        case .producer: self = .producer
        case .consumer: self = .consumer
        case .internal, .unspecified: self = .internal
        }
    }
}

extension AttributeValue {
    /// A value as the string attribute the fakes store.
    fileprivate var plainText: String {
        switch self {
        case .string(let text): return text
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bytes(let bytes): return bytes.map { String(format: "%02x", $0) }.joined()
        case .array(let values): return "[" + values.map(\.plainText).joined(separator: ",") + "]"
        case .keyValues(let pairs): return "{" + pairs.map { "\($0.key)=\($0.value.plainText)" }.joined(separator: ",") + "}"
        case .empty: return ""
        }
    }
}
