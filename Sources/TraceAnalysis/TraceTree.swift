import TraceModel

/// The analysed tree of one trace: display order, self time, critical path and warnings, all in
/// integer nanoseconds, following `analysis-rules.md` exactly.
///
/// Built once by `build(_:_:options:)` with iterative passes over flat arrays (no recursion, so
/// a 1,000,000-deep chain is fine). Nodes are stored in display order (preorder: roots by start
/// then input order, each node's children by start then input order), so a node's subtree is the
/// contiguous range `index ..< nodes[index].subtreeEnd`.
///
/// Where the rules leave room, this is what the code does:
/// - Exact repeat = every `Span` field equal except `detail` (where the record sits in the source);
///   resources compare by content. Spans with an all-zero id are never merged or renamed.
/// - Zipkin shared spans: the first `.shared` span whose id is also carried by a non-shared span is
///   the server half (the flag alone decides; kinds are not re-checked). The first non-shared span
///   keeps the id; if every span with the id is `.shared`, the first one keeps it. Any further spans
///   with that id are `<id>_1`, `<id>_2`… in input order.
/// - Cycle cut uses the recorded start (before missing-start placement), then input order.
/// - A root without a start takes the earliest start of the spans that have one (0 if none).
/// - Skew: "another host" = different service, or different `Resource.host` (empty counts as a
///   value). A span without its own start moves with its parent. The centring division truncates.
///   Children are ordered, and self time and the critical path computed, on adjusted times.
/// - Critical path tie-break "earliest raw start" = the unclipped (possibly skew-adjusted) start;
///   "input order" = position in the input (`spanIndex`).
public struct TraceTree: Sendable {
    public var traceID: TraceID
    /// Every span of the trace after exact-duplicate removal, in preorder.
    public var nodes: [Node]
    /// Node indices of the roots (real roots, orphans and spans where a cycle was cut), in order.
    public var roots: [Int32]
    /// Children of all nodes, flat: node `i`'s children are `childIndices[firstChild ..< firstChild + childCount]`.
    public var childIndices: [Int32]
    /// Human-readable notes about partial problems (orphans, duplicates, cycles, missing times, skew),
    /// each prefixed with the trace id. The CLI prints them to stderr.
    public var warnings: [String]
    /// Earliest start of any node (after placement and skew adjustment); 0 for an empty trace.
    public var startNs: Int64
    /// Latest end minus earliest start.
    public var durationNs: Int64
    /// Sections of the critical path, latest first (the order the walk emits them); several roots
    /// are walked as one, so sections never overlap. Zero-length sections are never present.
    public var criticalPath: [PathSegment]
    /// Spans whose parent id is not in the trace ("missing parents").
    public var missingParentCount: Int
    /// Exact repeats of span records that were dropped.
    public var duplicatesRemoved: Int
    /// Parent loops that were cut (one root made per loop).
    public var cyclesCut: Int
    /// Spans moved by clock-skew adjustment (0 unless `options.adjustSkew`).
    public var skewAdjustedCount: Int

    public var endNs: Int64 { startNs &+ durationNs }

    /// Node indices of `node`'s children, ordered by start then input order.
    public func children(of node: Int) -> ArraySlice<Int32> {
        let n = nodes[node]
        let lo = Int(n.firstChild)
        return childIndices[lo ..< lo + Int(n.childCount)]
    }

    /// One node per kept span.
    public struct Node: Sendable, Equatable {
        /// Index into `TraceSet.spans`.
        public var spanIndex: Int
        public var spanID: SpanID
        /// Parent node index, -1 for a root.
        public var parent: Int32
        public var depth: Int32
        /// Offset of the first child in `TraceTree.childIndices`.
        public var firstChild: Int32
        public var childCount: Int32
        /// One past the last node of this node's subtree (preorder makes subtrees contiguous).
        public var subtreeEnd: Int32
        /// 0 for the span that keeps its id; k for the k-th later, different span with the same id.
        public var duplicateOrdinal: Int32
        /// Start used by the analysis: after missing-start placement and skew adjustment.
        public var start: Int64
        /// Never negative; 0 when missing or when the end was before the start.
        public var duration: Int64
        /// What skew adjustment added to the start (and to event times); 0 when not adjusted.
        public var skewShiftNs: Int64
        public var selfNs: Int64
        /// Total length of this node's critical-path sections.
        public var criticalNs: Int64
        /// The parent id that is not in the trace (orphans only).
        public var missingParentID: SpanID?
        public var flags: NodeFlags

        public var end: Int64 { start &+ duration }
        /// Start before skew adjustment (missing starts already placed).
        public var rawStart: Int64 { start &- skewShiftNs }
        public var rawEnd: Int64 { rawStart &+ duration }
        public var isOrphan: Bool { flags.contains(.orphan) }
        public var isRoot: Bool { parent < 0 }
        /// Canonical hex id, or `<id>_k` for the k-th later span sharing the id.
        public var displayID: String {
            duplicateOrdinal == 0 ? spanID.hex : spanID.hex + "_" + String(duplicateOrdinal)
        }
    }

    /// One section of the critical path: `node` was blocking during `[startNs, endNs)`.
    public struct PathSegment: Sendable, Equatable {
        public var node: Int32
        public var startNs: Int64
        public var endNs: Int64
        public var durationNs: Int64 { endNs - startNs }
        public init(node: Int32, startNs: Int64, endNs: Int64) {
            self.node = node
            self.startNs = startNs
            self.endNs = endNs
        }
    }
}

/// What the tree builder found or did to a node.
public struct NodeFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The parent id is not in the trace; the span is an extra root.
    public static let orphan = NodeFlags(rawValue: 1 << 0)
    /// The span was the cut point of a parent loop and became a root.
    public static let cycleCut = NodeFlags(rawValue: 1 << 1)
    /// A later, different span with an id already taken (display id `<id>_k`).
    public static let duplicateID = NodeFlags(rawValue: 1 << 2)
    /// Zipkin shared server half, nested under its client half.
    public static let sharedServer = NodeFlags(rawValue: 1 << 3)
    /// Times moved by clock-skew adjustment.
    public static let skewAdjusted = NodeFlags(rawValue: 1 << 4)
    /// No start time: placed at the parent's start (a root: the trace's earliest time).
    public static let missingStart = NodeFlags(rawValue: 1 << 5)
    /// No duration: 0.
    public static let missingDuration = NodeFlags(rawValue: 1 << 6)
    /// End before start: duration 0.
    public static let endBeforeStart = NodeFlags(rawValue: 1 << 7)
    /// Not blocking its parent (FOLLOWS_FROM, or CONSUMER under PRODUCER): pruned from the
    /// critical path with its subtree.
    public static let nonBlocking = NodeFlags(rawValue: 1 << 8)
    /// Has at least one critical-path section.
    public static let onCriticalPath = NodeFlags(rawValue: 1 << 9)
}
