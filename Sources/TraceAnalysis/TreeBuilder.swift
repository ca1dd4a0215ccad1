import TraceModel

/// Working state of `TraceTree.build`: flat arrays indexed by "local" span number (kept spans in
/// input order), turned into preorder nodes at the end. Each stage lives in its own extension.
struct TreeBuilder {
    let set: TraceSet
    let traceID: TraceID
    let options: AnalysisOptions

    /// Local index -> index into `set.spans`.
    var spanIndex: [Int] = []
    /// Local parent, -1 for roots.
    var parent: [Int32] = []
    var flags: [NodeFlags] = []
    var dupOrdinal: [Int32] = []
    /// Missing parent ids of orphans (zero for everyone else).
    var missingParent: [SpanID] = []
    /// Span id -> local index that children with that parent id attach to (during identity only).
    var ownerByID = IDTable(capacity: 0)
    /// Client half -> its server halves, for ids shared by one client and several servers.
    var serverHalves: [Int32: [Int32]] = [:]
    /// Start/duration used by the analysis (placed, then skew-adjusted).
    var start: [Int64] = []
    var duration: [Int64] = []
    var shift: [Int64] = []

    /// Children CSR over local indices.
    var childStart: [Int32] = []
    var childList: [Int32] = []
    /// A top-down order (every parent before its children), local indices.
    var topDown: [Int32] = []
    var localRoots: [Int32] = []

    var notes = Notes()

    init(set: TraceSet, trace: Trace, options: AnalysisOptions) {
        self.set = set
        self.traceID = trace.id
        self.options = options
    }

    var count: Int { spanIndex.count }

    @inline(__always)
    func span(_ local: Int) -> Span { set.spans[spanIndex[local]] }

    /// Tallies for warnings, with a few example ids each.
    struct Notes {
        var duplicatesRemoved = 0
        var sharedIDs: [String] = []
        var sharedIDCount = 0
        var orphanCount = 0
        var missingParents: [String] = []
        var cyclesCut = 0
        var cycleRoots: [String] = []
        var missingStart = 0
        var missingDuration = 0
        var endBeforeStart = 0
        var invalidParent = 0
        var skewAdjusted = 0

        static let exampleLimit = 5

        static func note(_ list: inout [String], _ text: String) {
            if list.count < exampleLimit { list.append(text) }
        }
    }
}

extension TraceTree {
    /// Builds the tree of `trace` (indices into `set.spans`, input order) per analysis-rules.md:
    /// exact duplicates dropped, ids shared by different spans renamed `<id>_k`, Zipkin shared
    /// server halves nested under their client halves, orphans and cut cycles as extra roots,
    /// missing times placed, optional skew adjustment, then self time and the critical path.
    public static func build(_ set: TraceSet, _ trace: Trace, options: AnalysisOptions = .init()) -> TraceTree {
        var b = TreeBuilder(set: set, trace: trace, options: options)
        b.collectSpans(trace.spanIndices)
        b.resolveParents()
        b.cutCycles()
        b.buildChildren()
        b.placeTimes()
        if options.adjustSkew { b.adjustSkew() }
        b.sortChildren()
        var tree = b.makePreorderTree()
        tree.computeSelfTimes()
        tree.computeCriticalPath()
        tree.warnings = b.warnings()
        return tree
    }

    /// One tree per trace of `set`, traces in order of first appearance.
    public static func buildAll(_ set: TraceSet, options: AnalysisOptions = .init()) -> [TraceTree] {
        set.traces().map { build(set, $0, options: options) }
    }
}
