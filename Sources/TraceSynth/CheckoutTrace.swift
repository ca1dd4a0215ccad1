import TraceModel

/// The small hand-designed trace behind `Fixtures/formats/checkout.*`: 12 spans, 4 services,
/// 4 client/server pairs, one error span with one exception event, a retry and a producer
/// span; all times whole microseconds so every format expresses it exactly.
public enum CheckoutTrace {
    public static let traceID = TraceID(high: 0x4bf9_2f35_77b3_4da6, low: 0xa3ce_929d_0e0e_4736)
    /// 2023-11-14T22:13:20Z in µs.
    public static let baseMicros: Int64 = 1_700_000_000_000_000

    public static func id(_ n: UInt64) -> SpanID { SpanID(0xa000_0000_0000_0000 | n) }

    public static func make() -> SynthTrace {
        func span(
            _ n: UInt64, _ parent: UInt64, _ service: String, _ kind: SpanKind, _ name: String,
            _ startUs: Int64, _ durUs: Int64, _ attrs: [Attribute] = []
        ) -> SynthSpan {
            SynthSpan(
                spanID: id(n), parentID: parent == 0 ? .zero : id(parent), service: service, name: name, kind: kind,
                startNs: (baseMicros + startUs) * 1000, durationNs: durUs * 1000, attributes: attrs)
        }
        func s(_ k: String, _ v: String) -> Attribute { Attribute(k, .string(v)) }
        func i(_ k: String, _ v: Int64) -> Attribute { Attribute(k, .int(v)) }

        var charge = span(9, 8, "payment", .server, "charge card", 71_000, 58_000,
                          [s("payment.provider", "stripe"), Attribute("payment.amount", .double(42.5))])
        charge.status = .error
        charge.statusMessage = "card declined"
        charge.events = [SynthEvent(
            timeNs: (baseMicros + 120_000) * 1000, name: "exception",
            attributes: [s("exception.type", "CardDeclinedError"), s("exception.message", "card declined")])]
        var retry = span(11, 10, "payment", .server, "charge card", 136_000, 33_000,
                         [s("payment.provider", "stripe"), Attribute("payment.amount", .double(42.5))])
        retry.status = .ok

        let spans = [
            span(1, 0, "frontend", .server, "post /api/checkout", 0, 180_000,
                 [s("http.method", "POST"), s("http.route", "/api/checkout"), i("http.status_code", 200)]),
            span(2, 1, "frontend", .client, "post /place-order", 5_000, 170_000,
                 [s("http.method", "POST"), s("http.url", "http://checkout:8080/place-order")]),
            span(3, 2, "checkout", .server, "post /place-order", 6_000, 168_000,
                 [s("http.method", "POST"), s("http.route", "/place-order")]),
            span(4, 3, "checkout", .client, "select cart_items", 10_000, 12_000,
                 [s("db.system", "postgresql"), s("db.statement", "SELECT * FROM cart_items WHERE user_id = $1"),
                  s("peer.service", "postgres")]),
            span(5, 3, "checkout", .client, "reserve stock", 25_000, 40_000, [s("rpc.system", "grpc")]),
            span(6, 5, "inventory", .server, "reserve stock", 26_000, 38_000, [s("rpc.system", "grpc")]),
            span(7, 6, "inventory", .internal, "check warehouse", 28_000, 30_000, [i("inventory.items", 3)]),
            span(8, 3, "checkout", .client, "charge", 70_000, 60_000, [s("rpc.system", "grpc")]),
            charge,
            span(10, 3, "checkout", .client, "charge", 135_000, 35_000, [s("rpc.system", "grpc"), i("retry.attempt", 1)]),
            retry,
            span(12, 3, "checkout", .producer, "orders publish", 171_000, 2_000,
                 [s("messaging.system", "kafka"), s("messaging.destination.name", "orders")]),
        ]
        let services = ["frontend", "checkout", "inventory", "payment"]
        let resources = services.enumerated().map { n, svc in
            SynthResource(
                service: svc,
                attributes: [s("service.version", "1.0.\(n)"), s("host.name", "\(svc)-host-1"),
                             s("deployment.environment", "fixture")],
                ipv4: "10.0.0.\(n + 1)")
        }
        let logs = [
            SynthLog(timeNs: (baseMicros + 120_000) * 1000, service: "payment", severityNumber: 17, severityText: "ERROR",
                     body: "card declined for order 1001", traceID: traceID, spanID: id(9)),
            SynthLog(timeNs: (baseMicros + 172_000) * 1000, service: "checkout", severityNumber: 9, severityText: "INFO",
                     body: "order 1001 placed", attributes: [s("order.id", "1001")], traceID: traceID, spanID: id(3)),
            SynthLog(timeNs: (baseMicros + 200_000) * 1000, service: "frontend", severityNumber: 13, severityText: "WARN",
                     body: "cache refresh took 2s"),
        ]
        return SynthTrace(traceID: traceID, spans: spans, resources: resources, logs: logs)
    }
}
