/// Log records grouped by trace and by span, each group in time order, built once after loading
/// so opening a span's logs is a dictionary lookup.
///
/// A record links to a trace when its trace id is non-zero, and to a span when its span id is
/// non-zero too. Records whose trace id is zero, or names no loaded trace, are "unlinked": kept
/// and counted, never dropped.
public struct LogIndex: Sendable {
    public struct SpanKey: Hashable, Sendable {
        public var trace: TraceID
        public var span: SpanID
        public init(_ trace: TraceID, _ span: SpanID) { self.trace = trace; self.span = span }
    }

    /// Indices into `TraceSet.logs`, time order (ties in input order).
    public private(set) var byTrace: [TraceID: [Int32]] = [:]
    public private(set) var bySpan: [SpanKey: [Int32]] = [:]
    /// No trace id, or a trace id that no loaded span has.
    public private(set) var unlinked: [Int32] = []
    /// Error-level records (severity number ≥ 17, OTLP's ERROR) per trace.
    public private(set) var errorsByTrace: [TraceID: Int] = [:]

    public init() {}

    /// - Parameter knownTraces: trace ids of the loaded spans; logs of other traces are unlinked.
    public init(logs: [LogRecord], knownTraces: Set<TraceID>) {
        for (i, r) in logs.enumerated() {
            let index = Int32(truncatingIfNeeded: i)
            guard r.traceID != .zero, knownTraces.contains(r.traceID) else {
                unlinked.append(index)
                continue
            }
            byTrace[r.traceID, default: []].append(index)
            if r.spanID != .zero { bySpan[SpanKey(r.traceID, r.spanID), default: []].append(index) }
            if r.isError { errorsByTrace[r.traceID, default: 0] += 1 }
        }
        let byTime: (Int32, Int32) -> Bool = { a, b in
            let ta = logs[Int(a)].time, tb = logs[Int(b)].time
            return ta != tb ? ta < tb : a < b
        }
        for key in byTrace.keys { byTrace[key]!.sort(by: byTime) }
        for key in bySpan.keys { bySpan[key]!.sort(by: byTime) }
    }

    public func logs(trace: TraceID) -> [Int32] { byTrace[trace] ?? [] }
    public func logs(trace: TraceID, span: SpanID) -> [Int32] { bySpan[SpanKey(trace, span)] ?? [] }
    public func count(trace: TraceID) -> Int { byTrace[trace]?.count ?? 0 }
    public func count(trace: TraceID, span: SpanID) -> Int { bySpan[SpanKey(trace, span)]?.count ?? 0 }
    public func errorCount(trace: TraceID) -> Int { errorsByTrace[trace] ?? 0 }
}

extension LogRecord {
    /// OTLP severity ERROR (17) and above, or an error-like severity text when no number is set.
    public var isError: Bool {
        if severityNumber != 0 { return severityNumber >= 17 }
        switch severityText.lowercased() {
        case "error", "err", "fatal", "critical", "crit", "panic", "alert", "emergency", "emerg": return true
        default: return false
        }
    }
}
