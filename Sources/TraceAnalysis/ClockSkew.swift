import TraceModel

/// The clock-skew rules (analysis-rules §4) that both the tree builder and the explorer's `K`
/// ask: one definition of "another host" and of which spans may get a shift of their own.
public enum ClockSkew {
    /// Hosts differ when the service differs or the resources' host keys differ; a span without
    /// a resource has the host "" (so nil and "" are the same host, everywhere).
    public static func sameHost(_ set: TraceSet, _ a: Span, _ b: Span) -> Bool {
        a.service == b.service && host(set, a) == host(set, b)
    }

    static func host(_ set: TraceSet, _ s: Span) -> String {
        set.resource(s.resource)?.host ?? ""
    }

    /// Whether a child on another host may get a shift of its own: never an asynchronous child
    /// (FOLLOWS_FROM, or CONSUMER under PRODUCER: it may legitimately start after its parent
    /// ends) nor a span whose duration is unknown (rules §4, added 2026-12-02).
    public static func mayShift(_ flags: NodeFlags) -> Bool {
        !flags.contains(.nonBlocking) && !flags.contains(.missingDuration) && !flags.contains(.missingStart)
    }

    /// The shift for a child on another host, against the already adjusted parent.
    static func shift(parentStart ps: Int64, parentDuration pd: Int64,
                      childStart cs: Int64, childDuration cd: Int64) -> Int64 {
        if cd > pd { return cs < ps ? ps &- cs : 0 }
        if cs >= ps && cs &+ cd <= ps &+ pd { return 0 }
        return ps &+ (pd &- cd) / 2 &- cs
    }

    /// Children on another host that stick out of their parent and may be shifted: 0 means
    /// adjusting would move nothing (the explorer's `K` says so instead of rebuilding the tree).
    public static func candidateCount(_ tree: TraceTree, _ set: TraceSet) -> Int {
        var count = 0
        for n in tree.nodes where n.parent >= 0 && mayShift(n.flags) {
            let p = tree.nodes[Int(n.parent)]
            let outside = n.duration > p.duration ? n.start < p.start : (n.start < p.start || n.end > p.end)
            guard outside else { continue }
            if !sameHost(set, set.spans[n.spanIndex], set.spans[p.spanIndex]) { count += 1 }
        }
        return count
    }
}
