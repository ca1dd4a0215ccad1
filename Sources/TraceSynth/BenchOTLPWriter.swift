import TraceModel

/// Streams large OTLP JSON files (one ExportTraceServiceRequest) for benchmarks without
/// holding the document in memory: spans are generated in chunks, each chunk written as one
/// `resourceSpans` entry per service, and the byte buffer handed to `sink` whenever it grows
/// past `flushBytes`. About 840 bytes per span (1M spans ≈ 845 MB) with realistic HTTP/DB/code attributes.
public struct BenchOTLPWriter {
    public var seed: UInt64
    public var flushBytes: Int
    public var chunkSpans: Int
    /// A host whose clock runs `ns` off: spans of service `service` are written shifted by it
    /// (their children elsewhere are not), so the trace has clock skew to adjust (`K`).
    public var clockOffset: (service: Int, ns: Int64)?

    public init(seed: UInt64 = 42, flushBytes: Int = 1 << 20, chunkSpans: Int = 512) {
        self.seed = seed
        self.flushBytes = flushBytes
        self.chunkSpans = chunkSpans
    }

    /// About twenty services, as the benchmark brief asks.
    public static let services = [
        "gateway", "auth", "cart", "checkout", "payment", "inventory", "search", "recommendation",
        "shipping", "pricing", "catalog", "reviews", "notification", "email", "fraud", "ledger",
        "session", "profile", "ads", "currency",
    ]
    static let baseNs: Int64 = 1_700_000_000_000_000_000

    struct BenchSpan {
        var traceID: TraceID
        var id: UInt64
        var parent: UInt64
        var service: Int
        var kind: SpanKind
        var start: Int64
        var end: Int64
        var serial: Int
        var error: Bool
    }

    struct Frame {
        var id: UInt64
        var start: Int64
        var end: Int64
        var service: Int
    }

    /// `spans` spans over `traces` traces (spread evenly). Returns the total bytes written.
    @discardableResult
    public func write(spans: Int, traces: Int, sink: ([UInt8]) -> Void) -> Int {
        withoutActuallyEscaping(sink) { writeSpans(spans: spans, traces: traces, sink: $0) }
    }

    private func writeSpans(spans: Int, traces: Int, sink: @escaping ([UInt8]) -> Void) -> Int {
        var rng = SplitMix64(seed: seed)
        var out = Output(flushBytes: flushBytes, chunkSpans: chunkSpans, sink: sink)
        out.begin()
        let traceCount = max(1, min(traces, spans))
        var serial = 0
        var traceStart = Self.baseNs
        for t in 0..<traceCount {
            let n = spans / traceCount + (t < spans % traceCount ? 1 : 0)
            guard n > 0 else { continue }
            let traceID = TraceID(high: rng.next(), low: rng.next())
            let rootDur = Int64(n) * 200_000 + 5_000_000
            var stack = [Frame(id: rng.spanID(), start: traceStart, end: traceStart + rootDur, service: 0)]
            out.add(BenchSpan(traceID: traceID, id: stack[0].id, parent: 0, service: 0, kind: .server,
                              start: traceStart, end: traceStart + rootDur, serial: serial, error: false))
            serial += 1
            for _ in 1..<max(1, n) {
                let p = stack[stack.count - 1]
                let pDur = p.end - p.start
                let start = p.start + Int64(Double(pDur) * 0.6 * rng.unit())
                // Children always fit inside their parent (at least 1 µs when there is room).
                let dur = max(1, min(p.end - start, max(1_000, Int64(Double(pDur) * (0.05 + 0.45 * rng.unit())))))
                let roll = rng.int(0...99)
                // Mostly calls into another service, some local work and database queries.
                let (service, kind): (Int, SpanKind) =
                    roll < 30 ? (rng.int(1...Self.services.count - 1), .server)
                    : roll < 60 ? (p.service, .client)
                    : roll < 80 ? (p.service, .internal) : (p.service, .client)
                let id = rng.spanID()
                // A skewed host writes its (true) times shifted; the tree below uses true times.
                let shift = clockOffset.map { $0.service == service ? $0.ns : 0 } ?? 0
                out.add(BenchSpan(traceID: traceID, id: id, parent: p.id, service: service, kind: kind,
                                  start: start + shift, end: start + dur + shift, serial: serial, error: rng.chance(0.01)))
                serial += 1
                let depth = stack.count
                let pushP = depth < 3 ? 0.5 : depth < 10 ? 0.3 : depth < 24 ? 0.12 : 0
                if rng.chance(pushP) {
                    stack.append(Frame(id: id, start: start, end: start + dur, service: service))
                } else if stack.count > 1 && rng.chance(0.3) {
                    stack.removeLast()
                }
            }
            traceStart += rootDur / 4
        }
        out.finish()
        return out.total
    }

    /// One trace that is a single chain `depth` deep (each span the only child of the previous).
    @discardableResult
    public func writeChain(depth: Int, sink: ([UInt8]) -> Void) -> Int {
        withoutActuallyEscaping(sink) { writeChainSpans(depth: depth, sink: $0) }
    }

    private func writeChainSpans(depth: Int, sink: @escaping ([UInt8]) -> Void) -> Int {
        var rng = SplitMix64(seed: seed)
        var out = Output(flushBytes: flushBytes, chunkSpans: chunkSpans, sink: sink)
        out.begin()
        let traceID = TraceID(high: rng.next(), low: rng.next())
        var parent: UInt64 = 0
        for k in 0..<depth {
            let id = rng.spanID()
            let start = Self.baseNs + Int64(k) * 1_000
            let end = Self.baseNs + Int64(depth - k) * 2_000 + Int64(k) * 1_000
            out.add(BenchSpan(traceID: traceID, id: id, parent: parent, service: (k / 50) % Self.services.count,
                              kind: k == 0 ? .server : (k % 3 == 0 ? .client : .internal),
                              start: start, end: max(start + 1_000, end), serial: k, error: false))
            parent = id
        }
        out.finish()
        return out.total
    }

    /// Chunked, grouped, buffered emission.
    struct Output {
        let flushBytes: Int
        let chunkSpans: Int
        let sink: ([UInt8]) -> Void
        var e = JSONEmitter(pretty: false, capacity: 2 << 20)
        var pending: [[BenchSpan]] = Array(repeating: [], count: BenchOTLPWriter.services.count)
        var pendingCount = 0
        var total = 0

        init(flushBytes: Int, chunkSpans: Int, sink: @escaping ([UInt8]) -> Void) {
            self.flushBytes = flushBytes
            self.chunkSpans = chunkSpans
            self.sink = sink
        }

        mutating func begin() {
            e.beginObject()
            e.key("resourceSpans")
            e.beginArray()
        }

        mutating func add(_ s: BenchSpan) {
            pending[s.service].append(s)
            pendingCount += 1
            if pendingCount >= chunkSpans { emitChunk() }
        }

        mutating func emitChunk() {
            for svc in pending.indices where !pending[svc].isEmpty {
                e.beginObject()
                e.key("resource")
                OTLPJSONWriter.writeResource(BenchOTLPWriter.resource(svc), into: &e)
                e.key("scopeSpans")
                e.beginArray()
                e.beginObject()
                e.key("scope")
                e.beginObject()
                e.field("name", "io.opentelemetry.contrib.bench")
                e.field("version", "1.32.0")
                e.endObject()
                e.key("spans")
                e.beginArray()
                for s in pending[svc] { BenchOTLPWriter.writeSpan(s, into: &e) }
                e.endArray()
                e.endObject()
                e.endArray()
                e.endObject()
                pending[svc].removeAll(keepingCapacity: true)
                if e.bytes.count >= flushBytes { flush() }
            }
            pendingCount = 0
        }

        mutating func flush() {
            total += e.bytes.count
            sink(e.bytes)
            e.bytes.removeAll(keepingCapacity: true)
        }

        mutating func finish() {
            emitChunk()
            e.endArray()
            e.endObject()
            e.bytes.append(UInt8(ascii: "\n"))
            flush()
        }
    }

    static func resource(_ svc: Int) -> SynthResource {
        let name = services[svc]
        return SynthResource(service: name, attributes: [
            Attribute("service.version", .string("3.\(svc).1")),
            Attribute("host.name", .string("\(name)-7d9f8c6b5-x\(svc)k2p")),
            Attribute("telemetry.sdk.language", .string("java")),
        ])
    }

    static let routes = ["/api/v2/items/{id}", "/api/v2/cart", "/api/v2/checkout", "/api/v2/search", "/api/v2/users/{id}/orders"]
    static let routePrefixes = routes.map { String($0.split(separator: "{")[0]) }
    static let serverNames = routes.map { "GET " + $0 }
    static let tables = ["items", "stock", "orders", "order_lines", "users", "prices"]
    static let dbNames = tables.map { "SELECT shop." + $0 }
    static let statements = tables.map {
        "SELECT t.id, t.sku, t.name, t.updated_at FROM \($0) t WHERE t.id = $1 AND t.tenant_id = $2 ORDER BY t.updated_at DESC LIMIT 50"
    }
    static let hosts = services.map { $0 + ".internal.example.com" }
    static let internalNames = services.map { $0 + ".process" }
    static let namespaces = services.map { "com.example.\($0).RequestHandler" }
    static let filepaths = services.map { "src/main/java/com/example/\($0)/RequestHandler.java" }

    /// One span, written byte by byte: this is the hot loop of a million-span file.
    static func writeSpan(_ s: BenchSpan, into e: inout JSONEmitter) {
        e.rawValue { b in
            let n = s.serial
            let isDB = s.kind == .client && n % 2 == 0
            RawJSON.lit(&b, "{\"traceId\":\"")
            RawJSON.hex16(&b, s.traceID.high)
            RawJSON.hex16(&b, s.traceID.low)
            RawJSON.lit(&b, "\",\"spanId\":\"")
            RawJSON.hex16(&b, s.id)
            if s.parent != 0 {
                RawJSON.lit(&b, "\",\"parentSpanId\":\"")
                RawJSON.hex16(&b, s.parent)
            }
            RawJSON.lit(&b, "\",\"name\":\"")
            switch s.kind {
            case .server: RawJSON.text(&b, serverNames[n % routes.count])
            case .client where isDB: RawJSON.text(&b, dbNames[n % tables.count])
            case .client: RawJSON.lit(&b, "HTTP GET")
            default: RawJSON.text(&b, internalNames[s.service])
            }
            RawJSON.lit(&b, "\",\"kind\":")
            RawJSON.uint(&b, UInt64(s.kind.rawValue))
            RawJSON.lit(&b, ",\"startTimeUnixNano\":\"")
            RawJSON.uint(&b, UInt64(s.start))
            RawJSON.lit(&b, "\",\"endTimeUnixNano\":\"")
            RawJSON.uint(&b, UInt64(s.end))
            RawJSON.lit(&b, "\",\"attributes\":[")
            writeAttributes(s, isDB: isDB, &b)
            RawJSON.lit(&b, "]")
            if n % 4 == 1 || s.error {
                RawJSON.lit(&b, ",\"events\":[{\"timeUnixNano\":\"")
                RawJSON.uint(&b, UInt64(s.start + (s.end - s.start) / 2))
                if s.error {
                    RawJSON.lit(&b, "\",\"name\":\"exception\",\"attributes\":[")
                    RawJSON.strAttr(&b, "exception.type", "java.net.SocketTimeoutException")
                    RawJSON.lit(&b, ",")
                    RawJSON.strAttr(&b, "exception.message", "Read timed out")
                } else {
                    RawJSON.lit(&b, isDB ? "\",\"name\":\"db.pool.acquired\",\"attributes\":[" : "\",\"name\":\"cache.miss\",\"attributes\":[")
                    RawJSON.strAttr(&b, "cache.key", "item:", n % 100_000)
                }
                RawJSON.lit(&b, "]}]")
            }
            RawJSON.lit(&b, s.error ? ",\"status\":{\"code\":2,\"message\":\"upstream error\"}}" : ",\"status\":{}}")
        }
    }

    static func writeAttributes(_ s: BenchSpan, isDB: Bool, _ b: inout [UInt8]) {
        let n = s.serial
        let comma: StaticString = ","
        switch s.kind {
        case .server:
            RawJSON.strAttr(&b, "http.method", "GET"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "http.route", routes[n % routes.count]); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "http.target", routePrefixes[n % routes.count], n % 100_000, "?page=2&limit=50"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "http.scheme", "https"); RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "http.status_code", s.error ? 500 : 200); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "net.host.name", hosts[s.service]); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "http.client_ip", "10.12.", n % 250, ".17"); RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "http.request_content_length", 200 + n % 4_000); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "http.user_agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)")
        case .client where isDB:
            let t = n % tables.count
            RawJSON.strAttr(&b, "db.system", "postgresql"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "db.name", "shop"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "db.user", "shop_app"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "db.statement", statements[t]); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "db.operation", "SELECT"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "db.sql.table", tables[t]); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "net.peer.name", "postgres-primary.db.internal.example.com"); RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "net.peer.port", 5432)
        case .client:
            let target = (s.service + 1 + n % 5) % services.count
            RawJSON.strAttr(&b, "http.method", "GET"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "http.url", "https://" + hosts[target] + ":8443/api/v2/items/", n % 100_000, "?include=stock,price")
            RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "http.status_code", s.error ? 503 : 200); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "net.peer.name", hosts[target]); RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "net.peer.port", 8443); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "http.flavor", "1.1"); RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "http.response_content_length", 1_000 + n % 50_000)
        default:
            RawJSON.strAttr(&b, "code.function", "handleRequest"); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "code.namespace", namespaces[s.service]); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "code.filepath", filepaths[s.service]); RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "code.lineno", 100 + n % 400); RawJSON.lit(&b, comma)
            RawJSON.strAttr(&b, "thread.name", "http-nio-8080-exec-", n % 16); RawJSON.lit(&b, comma)
            RawJSON.intAttr(&b, "thread.id", 40 + n % 16)
        }
    }
}
