import TraceModel

/// Streams application log lines (JSON Lines, about 200 bytes each) linked to the spans of a
/// benchmark trace file, for the logs benchmark: 1,000,000 lines ≈ 200 MB. Seeded, so every
/// run writes the same bytes, in time order as a service writes them. Lines mix what real
/// services write: RFC 3339 `timestamp` or epoch microseconds `ts`, `level`, `logger`, `message`, `trace_id`/`span_id`; one line in ten has
/// no trace context (startup, background work), one in fifty is an error.
public struct BenchLogWriter {
    public var seed: UInt64
    public var flushBytes: Int

    public init(seed: UInt64 = 7, flushBytes: Int = 1 << 20) {
        self.seed = seed
        self.flushBytes = flushBytes
    }

    public struct SpanRef: Sendable {
        public var trace: TraceID
        public var span: SpanID
        public var start: Int64
        public init(trace: TraceID, span: SpanID, start: Int64) {
            self.trace = trace
            self.span = span
            self.start = start
        }
    }

    static let loggers = ["com.shop.cart.CartService", "com.shop.checkout.OrderController", "payment.gateway.client",
                          "inventory.reserve", "http.server", "db.pool"]
    static let messages = ["handled request GET /api/cart/items", "reserved stock for order", "charging card ending 4242",
                           "cache miss for product page", "query finished on replica 2", "published order event to kafka"]

    /// Writes `lines` lines whose span is drawn from `spans` (must not be empty); returns bytes written.
    @discardableResult
    public func write(lines: Int, spans: [SpanRef], sink: ([UInt8]) -> Void) -> Int {
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(flushBytes + 4096)
        var total = 0
        let loggers = Self.loggers.map { Array($0.utf8) }
        let messages = Self.messages.map { Array($0.utf8) }
        // Log files are written as things happen: draw (time, span) pairs, then write them in
        // time order (ties in draw order).
        var draws: [(time: Int64, span: Int32)] = []
        draws.reserveCapacity(lines)
        for _ in 0..<lines {
            let k = Int(rng.next() % UInt64(spans.count))
            draws.append((spans[k].start + Int64(rng.next() % 5_000_000), Int32(k)))
        }
        draws.sort { $0.time != $1.time ? $0.time < $1.time : $0.span < $1.span }
        for (i, draw) in draws.enumerated() {
            let ref = spans[Int(draw.span)]
            let time = draw.time
            if i % 2 == 0 {
                RawJSON.lit(&out, #"{"timestamp":""#)
                Self.rfc3339(time, &out)
                out.append(0x22)
            } else {
                RawJSON.lit(&out, #"{"ts":"#)
                RawJSON.uint(&out, UInt64(time / 1_000))  // epoch microseconds
            }
            let error = i % 50 == 7
            RawJSON.lit(&out, error ? #","level":"error","logger":""# : #","level":"info","logger":""#)
            out.append(contentsOf: loggers[Int(rng.next() % UInt64(loggers.count))])
            RawJSON.lit(&out, #"","message":""#)
            out.append(contentsOf: messages[Int(rng.next() % UInt64(messages.count))])
            RawJSON.lit(&out, " in ")
            RawJSON.uint(&out, rng.next() % 900 + 1)
            RawJSON.lit(&out, #" ms""#)
            if i % 10 != 3 {
                RawJSON.lit(&out, #","trace_id":""#)
                RawJSON.hex16(&out, ref.trace.high)
                RawJSON.hex16(&out, ref.trace.low)
                RawJSON.lit(&out, #"","span_id":""#)
                RawJSON.hex16(&out, ref.span.value)
                out.append(0x22)
            }
            RawJSON.lit(&out, #","thread":"worker-"#)
            RawJSON.uint(&out, rng.next() % 32)
            RawJSON.lit(&out, "\"}\n")
            if out.count >= flushBytes {
                total += out.count
                sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        total += out.count
        sink(out)
        return total
    }

    /// `YYYY-MM-DDThh:mm:ss.ffffffZ` (microseconds), for times after 1970.
    static func rfc3339(_ ns: Int64, _ out: inout [UInt8]) {
        let seconds = ns / 1_000_000_000
        let micros = (ns % 1_000_000_000) / 1000
        let rest = seconds % 86_400
        let (year, month, day) = ModelTime.civil(day: seconds / 86_400)
        func digits(_ v: Int64, _ width: Int) {
            let start = out.count
            out.append(contentsOf: repeatElement(0x30, count: width))
            var x = v
            var i = out.count - 1
            while x > 0 && i >= start { out[i] = 0x30 + UInt8(x % 10); x /= 10; i -= 1 }
        }
        digits(year, 4); out.append(0x2D); digits(month, 2); out.append(0x2D); digits(day, 2); out.append(0x54)
        digits(rest / 3600, 2); out.append(0x3A); digits(rest / 60 % 60, 2); out.append(0x3A); digits(rest % 60, 2)
        out.append(0x2E); digits(micros, 6); out.append(0x5A)
    }
}
