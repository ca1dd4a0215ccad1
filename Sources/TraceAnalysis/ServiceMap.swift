import TraceModel

/// Which services call which, in one trace or many: each caller → callee edge is a parent span in
/// one service with a child span in another (an RPC), or a message (an asynchronous child —
/// FOLLOWS_FROM, CONSUMER under PRODUCER — even within one service).
///
/// Per edge: calls (child spans), errors (child spans with an error), total, p50 and p95 of the
/// child spans' durations, and the critical-path time inside those calls (the critical-path
/// sections of the child spans and their subtrees; nested calls count on each edge they are in).
/// Its share is of the critical paths' total length over the traces.
public struct ServiceMap: Sendable {
    /// A child span of an edge: trace (index into the `trees` given) and node.
    public struct SpanRef: Sendable, Equatable {
        public var trace: Int32
        public var node: Int32
    }

    public struct Edge: Sendable {
        public var caller: StringID
        public var callee: StringID
        public var callerName: String
        public var calleeName: String
        /// At least one call was asynchronous (a message).
        public var messaging = false
        public var calls = 0
        public var errors = 0
        public var totalNs: Int64 = 0
        public var p50Ns: Int64 = 0
        public var p95Ns: Int64 = 0
        public var criticalNs: Int64 = 0
        /// The child spans, in trace then display order.
        public var spans: [SpanRef] = []
    }

    /// In order of first appearance.
    public var edges: [Edge]
    /// Services of root spans (where requests enter), in order of first appearance.
    public var entries: [StringID]
    public var names: [StringID: String]
    /// The critical paths' total length over all traces: what `share` is of.
    public var criticalTotalNs: Int64

    public init(_ set: TraceSet, trees: [TraceTree]) {
        var slot: [UInt64: Int] = [:]
        var edges: [Edge] = []
        var durations: [[Int64]] = []
        var entries: [StringID] = []
        var entrySeen = Set<StringID>()
        var names: [StringID: String] = [:]
        var criticalTotal: Int64 = 0
        for (t, tree) in trees.enumerated() {
            let nodes = tree.nodes
            // Critical-path time per subtree: preorder puts children after their parent, so one
            // backward pass adds each node into its parent.
            var sub = nodes.map(\.criticalNs)
            for i in nodes.indices.reversed() where nodes[i].parent >= 0 {
                sub[Int(nodes[i].parent)] = ModelTime.sum(sub[Int(nodes[i].parent)], sub[i])
            }
            for s in tree.criticalPath { criticalTotal = ModelTime.sum(criticalTotal, s.durationNs) }
            for i in nodes.indices {
                let span = set.spans[nodes[i].spanIndex]
                if names[span.service] == nil { names[span.service] = set.strings[span.service] }
                let p = Int(nodes[i].parent)
                guard p >= 0 else {
                    if entrySeen.insert(span.service).inserted { entries.append(span.service) }
                    continue
                }
                let caller = set.spans[nodes[p].spanIndex].service
                let async = nodes[i].flags.contains(.nonBlocking)
                guard caller != span.service || async else { continue }
                let key = UInt64(caller.raw) << 32 | UInt64(span.service.raw)
                let k = slot[key] ?? {
                    slot[key] = edges.count
                    edges.append(Edge(caller: caller, callee: span.service, callerName: set.strings[caller],
                                      calleeName: set.strings[span.service]))
                    durations.append([])
                    return edges.count - 1
                }()
                if async { edges[k].messaging = true }
                edges[k].calls += 1
                if span.isError { edges[k].errors += 1 }
                edges[k].totalNs = ModelTime.sum(edges[k].totalNs, nodes[i].duration)
                edges[k].criticalNs = ModelTime.sum(edges[k].criticalNs, sub[i])
                edges[k].spans.append(SpanRef(trace: Int32(t), node: Int32(i)))
                durations[k].append(nodes[i].duration)
            }
        }
        for k in edges.indices {
            durations[k].sort()
            edges[k].p50Ns = TraceStatistics.percentile(durations[k], 50)
            edges[k].p95Ns = TraceStatistics.percentile(durations[k], 95)
        }
        self.edges = edges
        self.entries = entries
        self.names = names
        criticalTotalNs = criticalTotal
    }

    /// The edge's critical-path time as a share of all critical paths (0…1); nil without one.
    public func share(_ e: Edge) -> Double? {
        criticalTotalNs > 0 ? Double(e.criticalNs) / Double(criticalTotalNs) : nil
    }

    /// One line of the map drawn as a tree.
    public struct Row: Sendable, Equatable {
        public enum Mark: Sendable, Equatable {
            case none
            /// The callee was drawn (and expanded) on an earlier row: its calls are listed there.
            case repeated
            /// The callee is already on the way from the entry to this row: the loop is cut here.
            case cycle
        }

        /// Index into `edges`; nil for an entry service.
        public var edge: Int?
        public var service: StringID
        public var depth: Int
        public var mark: Mark
    }

    /// The map as an indented tree from the entry services: each service's callees below it in
    /// `order` (edge indices compared), each service expanded once (later rows are marked
    /// repeated) and loops cut where the callee is already an ancestor. Iterative.
    public func tree(order: (Int, Int) -> Bool) -> [Row] {
        var byCaller: [StringID: [Int]] = [:]
        for k in edges.indices { byCaller[edges[k].caller, default: []].append(k) }
        for key in byCaller.keys { byCaller[key]!.sort(by: order) }
        var rows: [Row] = []
        var expanded = Set<StringID>()
        var path: [StringID] = []  // services from the entry to the row being placed
        var stack: [(edge: Int?, service: StringID, depth: Int)] = entries.reversed().map { (nil, $0, 0) }
        while let item = stack.popLast() {
            path.removeSubrange(min(item.depth, path.count)...)
            var mark = Row.Mark.none
            if path.contains(item.service) {
                mark = .cycle
            } else if expanded.contains(item.service) {
                mark = .repeated
            }
            rows.append(Row(edge: item.edge, service: item.service, depth: item.depth, mark: mark))
            guard mark == .none else { continue }
            expanded.insert(item.service)
            path.append(item.service)
            for k in (byCaller[item.service] ?? []).reversed() {
                stack.append((k, edges[k].callee, item.depth + 1))
            }
        }
        return rows
    }
}
