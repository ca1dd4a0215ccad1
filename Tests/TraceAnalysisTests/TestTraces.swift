import TestSupport
import TraceModel
@testable import TraceAnalysis

/// One span of a test trace; times in µs to match analysis-rules.md (stored ×1000 as ns).
struct SpanSpec {
    var id: UInt64
    var parent: UInt64 = 0
    var start: Int64
    var duration: Int64
    var service = "svc"
    var name = "op"
    var kind: SpanKind = .unspecified
    var flags: SpanFlags = []
    var status: SpanStatus = .unset
    var host = ""
}

func span(_ id: UInt64, parent: UInt64 = 0, _ start: Int64, _ end: Int64, service: String = "svc",
          name: String = "op", kind: SpanKind = .unspecified, flags: SpanFlags = [],
          status: SpanStatus = .unset, host: String = "") -> SpanSpec {
    SpanSpec(id: id, parent: parent, start: start, duration: end - start, service: service, name: name,
             kind: kind, flags: flags, status: status, host: host)
}

let testTraceID = TraceID(high: 0, low: 0xabc)

/// A random trace of 1–30 spans: some orphans (parent 999, not in the trace), one in
/// `followsFromOneIn` a FOLLOWS_FROM child, children anywhere in time relative to their parent.
func randomSpecs(_ rng: inout SplitMix64, followsFromOneIn: UInt64) -> [SpanSpec] {
    let count = Int(rng.next() % 30) + 1
    var specs: [SpanSpec] = []
    for i in 0 ..< count {
        let start = Int64(rng.next() % 200)
        let parent: UInt64 = i == 0 ? 0 : (rng.next() % 7 == 0 ? 999 : rng.next() % UInt64(i) + 1)
        var flags: SpanFlags = []
        if rng.next() % followsFromOneIn == 0 { flags.insert(.followsFromParent) }
        specs.append(span(UInt64(i + 1), parent: parent, start, start + Int64(rng.next() % 120), flags: flags))
    }
    return specs
}

func makeSet(_ specs: [SpanSpec]) -> (TraceSet, Trace) {
    var set = TraceSet()
    for (i, s) in specs.enumerated() {
        let service = set.strings.intern(s.service)
        let resource = set.addResource(Resource(service: service, host: s.host))
        set.spans.append(Span(
            traceID: testTraceID, spanID: SpanID(s.id), parentID: SpanID(s.parent),
            start: s.start * 1000, duration: s.duration * 1000,
            name: set.strings.intern(s.name), service: service, resource: resource,
            kind: s.kind, status: s.status, flags: s.flags,
            detail: DetailRef(source: 0, offset: i, length: 0)))
    }
    return (set, Trace(id: testTraceID, spanIndices: Array(set.spans.indices)))
}

func buildTree(_ specs: [SpanSpec], skew: Bool = false) -> (TraceSet, TraceTree) {
    let (set, trace) = makeSet(specs)
    return (set, TraceTree.build(set, trace, options: AnalysisOptions(adjustSkew: skew)))
}

extension TraceTree {
    /// Display id (trimmed of leading zeros) per node in display order.
    var shortIDs: [String] { nodes.map { short($0) } }

    func short(_ n: Node) -> String {
        let hex = String(n.spanID.value, radix: 16)
        return n.duplicateOrdinal == 0 ? hex : "\(hex)_\(n.duplicateOrdinal)"
    }

    func node(id: UInt64, ordinal: Int32 = 0) -> Node? {
        nodes.first { $0.spanID.value == id && $0.duplicateOrdinal == ordinal }
    }

    /// "name[start,end]" in µs per critical-path section, in output order.
    func pathText(_ set: TraceSet) -> [String] {
        criticalPath.map { "\(set.name(set.spans[nodes[Int($0.node)].spanIndex]))[\($0.startNs / 1000),\($0.endNs / 1000)]" }
    }

    /// The parent's short id per node ("-" for roots), as "child<parent".
    var edges: [String] {
        nodes.map { n in "\(short(n))<" + (n.parent < 0 ? "-" : short(nodes[Int(n.parent)])) }
    }
}
