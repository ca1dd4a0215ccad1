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
    /// No trace id, or a trace id that no loaded span has (time order).
    public private(set) var unlinked: [Int32] = []
    /// Error-level records (severity number ≥ 17, OTLP's ERROR) per trace.
    public private(set) var errorsByTrace: [TraceID: Int] = [:]

    public init() {}

    /// - Parameter knownTraces: trace ids of the loaded spans; logs of other traces are unlinked.
    public init(logs: [LogRecord], knownTraces: Set<TraceID>) {
        // 64-bit trace ids (Datadog's decimal `dd.trace_id`, old Zipkin/Jaeger logs) name a
        // 128-bit trace by its low half: built on first need.
        var byLowHalf: [UInt64: TraceID]? = nil
        var times: [Int64] = []
        times.reserveCapacity(logs.count)
        var inOrder = true
        // One sequential pass through a buffer pointer: reading a field of an array element
        // must not copy the whole record, and visiting records out of order costs a cache miss
        // each (both measured: they were most of the time on a million records).
        logs.withUnsafeBufferPointer { logs in
            for r in logs.indices {
                let i = Int32(truncatingIfNeeded: r)
                let time = logs[r].time
                if let last = times.last, time < last { inOrder = false }
                times.append(time)
                var trace = logs[r].traceID
                if trace != .zero && !knownTraces.contains(trace) {
                    if trace.high == 0 && byLowHalf == nil {
                        var map: [UInt64: TraceID] = [:]
                        for t in knownTraces where t.high != 0 { map[t.low] = t }
                        byLowHalf = map
                    }
                    trace = trace.high == 0 ? byLowHalf![trace.low] ?? .zero : .zero
                }
                guard trace != .zero else {
                    unlinked.append(i)
                    continue
                }
                byTrace[trace, default: []].append(i)
                let span = logs[r].spanID
                if span != .zero { bySpan[SpanKey(trace, span), default: []].append(i) }
                if LogRecord.isError(logs[r].severityNumber, logs[r].severityText) { errorsByTrace[trace, default: 0] += 1 }
            }
        }
        guard !inOrder else { return }  // log files are usually written in time order
        times.withUnsafeBufferPointer { times in
            func order(_ list: inout [Int32]) {
                let byTime: (Int32, Int32) -> Bool = { a, b in
                    let ta = times[Int(a)], tb = times[Int(b)]
                    return ta != tb ? ta < tb : a < b
                }
                for k in list.indices.dropFirst() where byTime(list[k], list[k - 1]) {
                    list.sort(by: byTime)
                    return
                }
            }
            order(&unlinked)
            for key in Array(byTrace.keys) { order(&byTrace[key]!) }
            for key in Array(bySpan.keys) { order(&bySpan[key]!) }
        }
    }

    /// Logs linked to some loaded trace.
    public var linkedCount: Int { byTrace.values.reduce(0) { $0 + $1.count } }

    public func logs(trace: TraceID) -> [Int32] { byTrace[trace] ?? [] }
    public func logs(trace: TraceID, span: SpanID) -> [Int32] { bySpan[SpanKey(trace, span)] ?? [] }
    public func count(trace: TraceID) -> Int { byTrace[trace]?.count ?? 0 }
    public func count(trace: TraceID, span: SpanID) -> Int { bySpan[SpanKey(trace, span)]?.count ?? 0 }
    public func errorCount(trace: TraceID) -> Int { errorsByTrace[trace] ?? 0 }
}

extension LogRecord {
    /// OTLP severity ERROR (17) and above, or an error-like severity text when no number is set.
    public var isError: Bool { Self.isError(severityNumber, severityText) }

    static func isError(_ severityNumber: UInt8, _ severityText: String) -> Bool {
        if severityNumber != 0 { return severityNumber >= 17 }
        if severityText.isEmpty { return false }
        switch severityText.lowercased() {
        case "error", "err", "fatal", "critical", "crit", "panic", "alert", "emergency", "emerg": return true
        default: return false
        }
    }
}
