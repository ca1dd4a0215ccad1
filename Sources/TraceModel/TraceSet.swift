/// Decodes a span's details from wherever they are kept (a file's bytes, or memory).
public protocol SpanDetailSource: Sendable {
    func details(_ ref: DetailRef) -> SpanDetails
    /// Why details from this source can no longer be trusted (the file they are decoded from
    /// changed after loading); nil while they can.
    var unavailable: String? { get }
}

extension SpanDetailSource {
    public var unavailable: String? { nil }
}

/// Details held in memory, for spans built in code (tests, generators, synthesized halves).
public struct InMemoryDetails: SpanDetailSource {
    public var items: [SpanDetails]
    public init(_ items: [SpanDetails] = []) { self.items = items }
    public func details(_ ref: DetailRef) -> SpanDetails {
        ref.offset >= 0 && ref.offset < items.count ? items[ref.offset] : SpanDetails()
    }
}

/// Everything loaded: spans of any number of traces from any number of files, with their
/// interned strings, resources and log records. Plain data; grouping into traces is `traces()`.
public struct TraceSet: Sendable {
    public var spans: [Span] = []
    public var strings = StringTable()
    public var resources: [Resource] = []
    public var logs: [LogRecord] = []
    public var detailSources: [any SpanDetailSource] = []

    public init() {}

    public func name(_ span: Span) -> String { strings[span.name] }
    public func service(_ span: Span) -> String { strings[span.service] }

    public func resource(_ id: ResourceID) -> Resource? {
        id == .none || Int(id.raw) >= resources.count ? nil : resources[Int(id.raw)]
    }

    public func details(_ span: Span) -> SpanDetails {
        let s = Int(span.detail.source)
        guard span.detail.source != .max, s < detailSources.count else { return SpanDetails() }
        let source = detailSources[s]
        var d = source.details(span.detail)
        // Asked after decoding: decoding is what finds out that the file shrank.
        if let why = source.unavailable { return SpanDetails(unavailable: why) }
        // Events are decoded here, on demand, so this is where their times meet the model's
        // range; the details pane says how many were clamped.
        for i in d.events.indices where !ModelTime.isRepresentable(d.events[i].time) {
            d.events[i].time = ModelTime.clamp(d.events[i].time)
            d.clampedEventTimes += 1
        }
        return d
    }

    public mutating func addResource(_ r: Resource) -> ResourceID {
        resources.append(r)
        return ResourceID(UInt32(resources.count - 1))
    }

    public mutating func addDetailSource(_ s: any SpanDetailSource) -> UInt32 {
        detailSources.append(s)
        return UInt32(detailSources.count - 1)
    }

    /// Only the spans and logs of `traces`; strings, resources and detail sources are shared
    /// (copy-on-write), so each trace of a search body can be kept or dropped on its own.
    public func keeping(_ traces: Set<TraceID>) -> TraceSet {
        var out = self
        out.spans = spans.filter { traces.contains($0.traceID) }
        out.logs = logs.filter { traces.contains($0.traceID) }
        return out
    }

    /// The same spans and logs, in the same order, with only the strings, resources and detail
    /// sources they use (renumbered). `keeping` shares all of them, which is right for one
    /// search body; a live view that keeps dropping old traces compacts after it, or it would
    /// hold every request body it ever received.
    public func compacted() -> TraceSet {
        var out = TraceSet()
        out.spans = spans
        out.logs = logs
        var stringMap = [UInt32](repeating: .max, count: strings.count)
        var resourceMap = [UInt32](repeating: .max, count: resources.count)
        var sourceMap = [UInt32](repeating: .max, count: detailSources.count)
        func string(_ id: StringID) -> StringID {
            let i = Int(id.raw)
            guard i < stringMap.count else { return .empty }
            if stringMap[i] == .max { stringMap[i] = out.strings.intern(strings[id]).raw }
            return StringID(stringMap[i])
        }
        func resource(_ id: ResourceID) -> ResourceID {
            let i = Int(id.raw)
            guard id != .none, i < resourceMap.count else { return .none }
            if resourceMap[i] == .max {
                var r = resources[i]
                r.service = string(r.service)
                resourceMap[i] = out.addResource(r).raw
            }
            return ResourceID(resourceMap[i])
        }
        for i in out.spans.indices {
            out.spans[i].name = string(out.spans[i].name)
            out.spans[i].service = string(out.spans[i].service)
            out.spans[i].resource = resource(out.spans[i].resource)
            let source = Int(out.spans[i].detail.source)
            guard out.spans[i].detail.source != .max, source < sourceMap.count else { continue }
            if sourceMap[source] == .max { sourceMap[source] = out.addDetailSource(detailSources[source]) }
            out.spans[i].detail.source = sourceMap[source]
        }
        for i in out.logs.indices { out.logs[i].resource = resource(out.logs[i].resource) }
        return out
    }

    /// Appends another set (e.g. a second file), re-basing its string, resource and source ids.
    public mutating func merge(_ other: TraceSet) {
        let stringMap = other.strings.strings.map { strings.intern($0) }
        let resourceBase = UInt32(resources.count)
        for r in other.resources {
            var r = r
            r.service = stringMap[Int(r.service.raw)]
            resources.append(r)
        }
        let sourceBase = UInt32(detailSources.count)
        detailSources.append(contentsOf: other.detailSources)
        spans.reserveMore(other.spans.count)
        for var s in other.spans {
            s.name = stringMap[Int(s.name.raw)]
            s.service = stringMap[Int(s.service.raw)]
            if s.resource != .none { s.resource = ResourceID(s.resource.raw + resourceBase) }
            if s.detail.source != .max { s.detail.source += sourceBase }
            spans.append(s)
        }
        if other.resources.isEmpty || resourceBase == 0 {
            // Nothing to re-base (log-only files have no resources): share the buffer when this
            // set has no logs yet, else one bulk copy.
            if logs.isEmpty { logs = other.logs } else { logs.append(contentsOf: other.logs) }
        } else {
            for var l in other.logs {
                if l.resource != .none { l.resource = ResourceID(l.resource.raw + resourceBase) }
                logs.append(l)
            }
        }
    }

    /// Groups span indices by trace id, traces in order of first appearance, spans in input order.
    public func traces() -> [Trace] {
        var order: [TraceID: Int] = [:]
        var result: [Trace] = []
        // Spans of one trace usually come in runs: skip the hash lookup within a run.
        var lastID: TraceID? = nil
        var last = 0
        for i in spans.indices {
            let id = spans[i].traceID
            if id == lastID {
                result[last].spanIndices.append(i)
                continue
            }
            if let t = order[id] {
                last = t
            } else {
                last = result.count
                order[id] = last
                result.append(Trace(id: id, spanIndices: []))
            }
            lastID = id
            result[last].spanIndices.append(i)
        }
        return result
    }
}

/// One trace: the indices (into `TraceSet.spans`) of its spans, in input order.
public struct Trace: Sendable, Equatable {
    public var id: TraceID
    public var spanIndices: [Int]
    public init(id: TraceID, spanIndices: [Int]) {
        self.id = id
        self.spanIndices = spanIndices
    }
}

extension Array {
    /// Room for `more` elements, growing geometrically: `reserveCapacity(count + more)` per
    /// append of a batch makes the array exactly that large every time, so appending a
    /// thousand batches copied the whole array a thousand times.
    public mutating func reserveMore(_ more: Int) {
        let needed = count + more
        if capacity < needed { reserveCapacity(Swift.max(needed, capacity * 2)) }
    }
}
