import TraceModel

/// Seeded, deterministic generator of realistic multi-service traces: gateway → auth, cart,
/// checkout → payment (errors and retries), inventory (fan-out of parallel db queries),
/// database spans, a queue (producer → consumer, FOLLOWS_FROM), sometimes a deliberately slow
/// span and an orphan whose parent is absent. All times are whole microseconds.
public enum DemoGenerator {
    /// 2023-11-14T22:13:20Z in µs.
    public static let baseMicros: Int64 = 1_700_000_000_000_000

    public static func generateDemo(seed: UInt64, traceCount: Int) -> [SynthTrace] {
        var rng = SplitMix64(seed: seed)
        var out: [SynthTrace] = []
        out.reserveCapacity(traceCount)
        var clock = baseMicros
        for n in 0..<traceCount {
            clock += rng.int64(50_000...400_000)
            var b = DemoTraceBuilder(rng: SplitMix64(seed: rng.next()), index: n)
            b.build(startUs: clock)
            out.append(b.trace)
        }
        return out
    }
}

/// Builds one demo trace. Spans are opened with a start time and closed once their children
/// are laid out, so every parent encloses its children (except queue consumers and orphans).
struct DemoTraceBuilder {
    var rng: SplitMix64
    let index: Int
    var trace: SynthTrace

    init(rng: SplitMix64, index: Int) {
        var rng = rng
        trace = SynthTrace(traceID: TraceID(high: rng.next(), low: rng.next()))
        self.rng = rng
        self.index = index
    }

    // MARK: span primitives

    mutating func open(_ service: String, _ name: String, _ kind: SpanKind, parent: Int?, at us: Int64,
                       _ attrs: [Attribute] = []) -> Int {
        let pid = parent.map { trace.spans[$0].spanID } ?? .zero
        trace.spans.append(SynthSpan(
            spanID: SpanID(rng.spanID()), parentID: pid, service: service, name: name, kind: kind,
            startNs: us * 1000, durationNs: 0, attributes: attrs))
        return trace.spans.count - 1
    }

    mutating func close(_ i: Int, at us: Int64) {
        trace.spans[i].durationNs = max(1, us - trace.spans[i].startNs / 1000) * 1000
    }

    func endUs(_ i: Int) -> Int64 { trace.spans[i].endNs / 1000 }

    mutating func fail(_ i: Int, _ message: String, exception: String, at us: Int64) {
        trace.spans[i].status = .error
        trace.spans[i].statusMessage = message
        trace.spans[i].events.append(SynthEvent(timeNs: us * 1000, name: "exception", attributes: [
            Attribute("exception.type", .string(exception)),
            Attribute("exception.message", .string(message)),
        ]))
        log(i, at: us, severity: 17, "ERROR", "\(trace.spans[i].name) failed: \(message)")
    }

    mutating func log(_ i: Int, at us: Int64, severity: Int, _ text: String, _ body: String) {
        let s = trace.spans[i]
        trace.logs.append(SynthLog(timeNs: us * 1000, service: s.service, severityNumber: severity, severityText: text,
                                   body: body, traceID: trace.traceID, spanID: s.spanID))
    }

    /// A client span in `from`'s service calling a server span in `service`; `body` lays out
    /// the server's children from the given time and returns when they end.
    mutating func rpc(from parent: Int, to service: String, _ name: String, at us: Int64,
                      attrs: [Attribute] = [], body: (inout DemoTraceBuilder, Int, Int64) -> Int64) -> (client: Int, server: Int) {
        let caller = trace.spans[parent].service
        let c = open(caller, name, .client, parent: parent, at: us, attrs + [
            Attribute("rpc.system", .string("http")), Attribute("net.peer.name", .string(service)),
        ])
        let s = open(service, name, .server, parent: c, at: us + rng.int64(80...400), attrs)
        let end = body(&self, s, trace.spans[s].startNs / 1000 + rng.int64(20...200))
        close(s, at: end + rng.int64(20...300))
        close(c, at: endUs(s) + rng.int64(80...400))
        return (c, s)
    }

    mutating func db(parent: Int, _ op: String, _ table: String, at us: Int64, slow: Bool = false) -> Int64 {
        let statement: String
        switch op {
        case "select": statement = "SELECT * FROM \(table) WHERE id = $1"
        case "insert": statement = "INSERT INTO \(table) VALUES ($1, $2, $3)"
        default: statement = "UPDATE \(table) SET qty = qty - $1 WHERE sku = $2"
        }
        let d = open(trace.spans[parent].service, "\(op) \(table)", .client, parent: parent, at: us, [
            Attribute("db.system", .string("postgresql")), Attribute("db.statement", .string(statement)),
            Attribute("peer.service", .string("postgres")),
        ])
        close(d, at: us + (slow ? rng.int64(400_000...1_500_000) : rng.int64(300...4_000)))
        return endUs(d)
    }

    // MARK: the request flow

    mutating func build(startUs: Int64) {
        let endpoint = rng.int(0...99)
        let route = endpoint < 60 ? "/api/checkout" : endpoint < 85 ? "/api/cart" : "/api/search"
        let root = open("gateway", "get \(route)", .server, parent: nil, at: startUs, [
            Attribute("http.method", .string(route == "/api/checkout" ? "POST" : "GET")),
            Attribute("http.route", .string(route)),
        ])
        log(root, at: startUs + 5, severity: 9, "INFO", "request \(route)")
        let auth = rpc(from: root, to: "auth", "post /verify", at: startUs + rng.int64(100...600)) { b, s, t in
            b.db(parent: s, "select", "sessions", at: t)
        }
        let t = endUs(auth.client) + rng.int64(50...300)
        let call: (client: Int, server: Int)
        switch route {
        case "/api/checkout":
            call = rpc(from: root, to: "checkout", "post /checkout", at: t) { b, s, t in b.checkout(s, at: t) }
        case "/api/cart":
            call = rpc(from: root, to: "cart", "get /cart", at: t) { b, s, t in
                let t2 = b.db(parent: s, "select", "cart_items", at: t, slow: b.rng.chance(0.08))
                return b.db(parent: s, "select", "prices", at: t2 + 50)
            }
        default:
            call = rpc(from: root, to: "inventory", "get /search", at: t) { b, s, t in b.fanOut(s, at: t) }
        }
        let failed = trace.spans[call.server].status == .error
        trace.spans[root].attributes.append(Attribute("http.status_code", .int(failed ? 500 : 200)))
        if failed {
            trace.spans[root].status = .error
            trace.spans[root].statusMessage = "upstream checkout failed"
        }
        close(root, at: endUs(call.client) + rng.int64(100...500))
        if index % 20 == 7 || rng.chance(0.03) { orphan() }
        trace.resources = trace.services.map { resource($0) }
    }

    mutating func checkout(_ s: Int, at start: Int64) -> Int64 {
        var t = db(parent: s, "select", "carts", at: start)
        let reserve = rpc(from: s, to: "inventory", "post /reserve", at: t + 100) { b, s, t in
            b.rng.chance(0.25) ? b.fanOut(s, at: t) : b.db(parent: s, "update", "stock", at: t, slow: b.rng.chance(0.05))
        }
        t = endUs(reserve.client)
        // Payment: each attempt may fail; a failed attempt is retried up to twice.
        let failProbability = index % 10 == 3 ? 1.0 : 0.15
        var paid = false
        for attempt in 0..<3 where !paid {
            let r = rpc(from: s, to: "payment", "post /charge", at: t + (attempt == 0 ? 100 : rng.int64(5_000...20_000)),
                        attrs: attempt > 0 ? [Attribute("retry.attempt", .int(Int64(attempt)))] : []) { b, s, t in
                let fails = b.rng.chance(failProbability)
                let end = t + b.rng.int64(2_000...40_000)
                if fails {
                    b.fail(s, "card processor timeout", exception: "PaymentGatewayTimeout", at: end - 10)
                } else {
                    b.trace.spans[s].status = .ok
                }
                return end
            }
            paid = trace.spans[r.server].status != .error
            if !paid {
                trace.spans[r.client].status = .error
                trace.spans[r.client].statusMessage = "503 Service Unavailable"
            }
            t = endUs(r.client)
        }
        if !paid {
            trace.spans[s].status = .error
            trace.spans[s].statusMessage = "payment failed after 3 attempts"
            return t + 100
        }
        t = db(parent: s, "insert", "orders", at: t + 50)
        return queue(s, at: t + 50)
    }

    /// A producer span, and a consumer in another service that starts after it (possibly after
    /// the whole request), linked FOLLOWS_FROM.
    mutating func queue(_ parent: Int, at us: Int64) -> Int64 {
        let p = open(trace.spans[parent].service, "orders publish", .producer, parent: parent, at: us, [
            Attribute("messaging.system", .string("kafka")), Attribute("messaging.destination.name", .string("orders")),
        ])
        close(p, at: us + rng.int64(200...1_500))
        let c = open("fulfillment", "orders process", .consumer, parent: p, at: endUs(p) + rng.int64(1_000...80_000), [
            Attribute("messaging.system", .string("kafka")), Attribute("messaging.destination.name", .string("orders")),
        ])
        trace.spans[c].followsFrom = true
        let t = db(parent: c, "insert", "shipments", at: trace.spans[c].startNs / 1000 + 100)
        close(c, at: t + rng.int64(50...500))
        log(c, at: t, severity: 9, "INFO", "shipment created")
        return endUs(p)
    }

    /// Many parallel children (a batch lookup), one per item.
    mutating func fanOut(_ parent: Int, at us: Int64) -> Int64 {
        var end = us
        for k in 0..<rng.int(8...24) {
            let d = open(trace.spans[parent].service, "select stock", .client, parent: parent, at: us + Int64(k) * rng.int64(5...40), [
                Attribute("db.system", .string("postgresql")),
                Attribute("db.statement", .string("SELECT qty FROM stock WHERE sku = $1")),
            ])
            close(d, at: trace.spans[d].startNs / 1000 + rng.int64(500...6_000))
            end = max(end, endUs(d))
        }
        return end
    }

    /// A span reported by a service whose parent never arrived.
    mutating func orphan() {
        let root = trace.spans[0]
        let i = open("email", "send confirmation", .consumer, parent: nil, at: root.endNs / 1000 + rng.int64(1_000...50_000), [
            Attribute("messaging.system", .string("kafka")),
        ])
        trace.spans[i].parentID = SpanID(rng.spanID())
        close(i, at: trace.spans[i].startNs / 1000 + rng.int64(1_000...9_000))
    }

    func resource(_ service: String) -> SynthResource {
        let services = ["gateway", "auth", "cart", "checkout", "payment", "inventory", "fulfillment", "email"]
        let n = (services.firstIndex(of: service) ?? 9) + 1
        let pod = Int(trace.traceID.low % 2) + 1
        return SynthResource(service: service, attributes: [
            Attribute("service.version", .string("2.\(n).0")),
            Attribute("host.name", .string("\(service)-\(pod)")),
            Attribute("deployment.environment", .string("demo")),
        ], ipv4: "10.1.\(n).\(pod)")
    }
}
