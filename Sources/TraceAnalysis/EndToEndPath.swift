import TraceModel

/// The end-to-end path (docs/end-to-end-path.md): the chain of spans that decided when the trace
/// as a whole finished, crossing asynchronous links. The critical path (rules §3) stops at the
/// root's end by design; on messaging traces, where consumers run after the producer returned,
/// this is the path that explains the rest.
///
/// The walk goes backwards in time from the span that ends last. At span S with an upper time t:
/// - among S's *blocking* children not yet taken, with end < t (end ≤ t when S is entered at its
///   own end), take the one that ends last (ties: earliest start, then display order): emit
///   S's section [its end, t] and continue in it at its end;
///   children that ended before S started (clock skew) are not candidates;
/// - otherwise emit S's section [S.start, t] and go to S's parent P, continuing in P before S's
///   start; when S started after P returned (an asynchronous child: FOLLOWS_FROM, CONSUMER
///   under PRODUCER, or any child recorded so) the wait [P.end, S.start] is emitted first and P
///   is entered at its end;
/// - at a root the walk ends.
/// Times only go backwards (each bound is at most the last), so sections never overlap, and
/// with the waits they tile [first section's start, the trace's last end] without holes.
public struct EndToEndPath: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        /// The span on the path during [startNs, endNs); for a wait, the asynchronous child that
        /// was waiting (its parent, the producer, had already returned).
        public var node: Int32
        public var startNs: Int64
        public var endNs: Int64
        /// Waiting between a producer's end and its consumer's start (no span was running).
        public var isWait: Bool
        public var durationNs: Int64 { endNs - startNs }

        public init(node: Int32, startNs: Int64, endNs: Int64, isWait: Bool = false) {
            self.node = node
            self.startNs = startNs
            self.endNs = endNs
            self.isWait = isWait
        }
    }

    /// Latest first, as the walk emits them (the critical path's order).
    public var sections: [Section]
    /// The span that ends last in the trace (where the walk starts); -1 for an empty trace.
    public var last: Int32
    /// The root the walk ended at; -1 for an empty trace.
    public var root: Int32
    /// How long the trace went on after that root returned (0 when nothing did).
    public var afterRootNs: Int64

    /// Whether the path crosses an asynchronous link (a wait, or an asynchronous span on it).
    public var crossesAsyncLink: Bool

    public var startNs: Int64 { sections.last?.startNs ?? 0 }
    public var endNs: Int64 { sections.first?.endNs ?? 0 }
    public var waitNs: Int64 { sections.reduce(0) { $0 &+ ($1.isWait ? $1.durationNs : 0) } }

    public init(_ tree: TraceTree) {
        sections = []
        last = -1
        root = -1
        afterRootNs = 0
        crossesAsyncLink = false
        let nodes = tree.nodes
        guard !nodes.isEmpty else { return }
        // The span that ends last; ties: the latest start (a child ending with its parent is
        // what the parent waited for), then the later in display order (deeper).
        var e = 0
        for i in nodes.indices.dropFirst() {
            let a = nodes[i], b = nodes[e]
            if a.end > b.end || (a.end == b.end && a.start >= b.start) { e = i }
        }
        last = Int32(e)
        let (kidStart, kids) = Self.blockingChildrenByEnd(tree)
        var cursor = kidStart
        var s = e
        var t = nodes[e].end
        var inclusive = true  // entered at its own end: a child ending exactly then counts
        var out: [Section] = []
        func emit(_ node: Int, _ lo: Int64, _ hi: Int64) {
            if hi > lo { out.append(Section(node: Int32(node), startNs: lo, endNs: hi)) }
        }
        while true {
            var pick = -1
            while cursor[s] < kidStart[s + 1] {
                let c = Int(kids[Int(cursor[s])])
                let end = nodes[c].end
                // Children are by end, latest first, and bounds only shrink: a child ending
                // after the bound can never qualify later.
                if end > t || (!inclusive && end == t) {
                    cursor[s] += 1
                    continue
                }
                // Ended before S started (clock skew): it did not hold S up; neither can the
                // rest, which end earlier still.
                if end <= nodes[s].start { break }
                cursor[s] += 1
                pick = c
                break
            }
            if pick >= 0 {
                emit(s, nodes[pick].end, t)
                t = min(t, nodes[pick].end)
                s = pick
                inclusive = true
                continue
            }
            emit(s, nodes[s].start, t)
            t = min(t, nodes[s].start)
            let p = Int(nodes[s].parent)
            if p < 0 { break }
            if nodes[s].flags.contains(.nonBlocking) { crossesAsyncLink = true }
            // A child that started after its parent returned (asynchronous, or recorded so)
            // waited from that return: the wait is a section of its own, and the parent is
            // entered at its end.
            if nodes[p].end < t {
                out.append(Section(node: Int32(s), startNs: nodes[p].end, endNs: t, isWait: true))
                t = nodes[p].end
                inclusive = true
            } else {
                inclusive = false
            }
            s = p
        }
        root = Int32(s)
        afterRootNs = max(0, nodes[e].end - nodes[s].end)
        sections = out
    }

    /// Each node's blocking children, latest end first (ties: earliest start, then display
    /// order), flat: node i's are `kids[start[i] ..< start[i + 1]]`. O(n log n).
    static func blockingChildrenByEnd(_ tree: TraceTree) -> (start: [Int32], kids: [Int32]) {
        let nodes = tree.nodes
        var start = [Int32](repeating: 0, count: nodes.count + 1)
        var kids: [Int32] = []
        kids.reserveCapacity(nodes.count)
        for i in nodes.indices {
            start[i] = Int32(kids.count)
            let from = kids.count
            for c in tree.children(of: i) where !nodes[Int(c)].flags.contains(.nonBlocking) { kids.append(c) }
            if kids.count - from > 1 {
                kids[from...].sort { a, b in
                    let x = nodes[Int(a)], y = nodes[Int(b)]
                    if x.end != y.end { return x.end > y.end }
                    if x.start != y.start { return x.start < y.start }
                    return a < b
                }
            }
        }
        start[nodes.count] = Int32(kids.count)
        return (start, kids)
    }
}
