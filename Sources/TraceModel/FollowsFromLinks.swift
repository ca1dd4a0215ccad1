/// OTLP has no FOLLOWS_FROM parent. Jaeger's OTLP translators write one as a link to the parent
/// span carrying `opentracing.ref_type: follows_from`; spanscope reads and writes the same, so a
/// Jaeger trace exported as OTLP keeps its non-blocking children.
public enum FollowsFromLinks {
    public static let refTypeKey = "opentracing.ref_type"

    static func refType(_ link: SpanLink, to parent: SpanID, in trace: TraceID) -> String? {
        guard link.spanID == parent && link.traceID == trace else { return nil }
        for a in link.attributes where a.key == refTypeKey {
            if case .string(let v) = a.value { return v }
        }
        return nil
    }

    /// As Jaeger chooses a parent (the first CHILD_OF, else the first FOLLOWS_FROM): the parent
    /// is FOLLOWS_FROM only when no link to it says child_of.
    public static func parentIsFollowsFrom(_ links: [SpanLink], parent: SpanID, in trace: TraceID) -> Bool {
        let types = links.compactMap { refType($0, to: parent, in: trace) }
        return types.contains("follows_from") && !types.contains("child_of")
    }

    /// Marks spans whose link to their own parent says follows_from. Only spans with links and a
    /// parent decode their details, so files without links pay one pass over the spans.
    public static func mark(_ set: inout TraceSet, from first: Int = 0) {
        for i in first ..< set.spans.count {
            let s = set.spans[i]
            guard s.linkCount > 0, !s.parentID.isZero, !s.flags.contains(.followsFromParent) else { continue }
            if parentIsFollowsFrom(set.details(s).links, parent: s.parentID, in: s.traceID) {
                set.spans[i].flags.insert(.followsFromParent)
            }
        }
    }
}
