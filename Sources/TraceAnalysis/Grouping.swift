import TraceModel

/// Every node of some trees numbered by its (service, operation) — or by service alone — in one
/// pass over the spans: the shared first step of the statistics tables, the outlier baseline
/// and the operation index. Groups are numbered in order of first appearance.
struct Grouping {
    var table = IDTable(capacity: 64)
    /// Per group: its service and operation (`.empty` when grouping by service).
    var keys: [(service: StringID, name: StringID)] = []
    var counts: [Int] = []
    /// Per node of all trees, in order: its group, and whether its span is an error.
    var groups: [Int32] = []
    var errors: [Bool] = []

    private init() {}

    /// Groups by (service, operation).
    init(_ set: TraceSet, _ trees: [TraceTree]) {
        let total = trees.reduce(0) { $0 + $1.nodes.count }
        groups.reserveCapacity(total)
        errors.reserveCapacity(total)
        for tree in trees {
            for n in tree.nodes {
                let s = set.spans[n.spanIndex]
                errors.append(s.isError)
                groups.append(add(Self.key(s.service, s.name), (s.service, s.name), count: 1))
            }
        }
    }

    /// The same nodes grouped by service only, from the operation groups (no span is read again).
    func byService() -> Grouping {
        var out = Grouping()
        let serviceOf = keys.map { out.add(Self.key($0.service, .empty), ($0.service, .empty), count: 0) }
        for (g, c) in counts.enumerated() { out.counts[Int(serviceOf[g])] += c }
        out.groups = groups.map { serviceOf[Int($0)] }
        out.errors = errors
        return out
    }

    /// The group of `key`, made (with `count`) when new; an existing group's count goes up by `count`.
    private mutating func add(_ key: UInt64, _ names: (StringID, StringID), count: Int) -> Int32 {
        if let g = table.insertIfAbsent(key, Int32(keys.count)) {
            counts[Int(g)] += count
            return g
        }
        keys.append(names)
        counts.append(count)
        return Int32(keys.count - 1)
    }

    @inline(__always)
    static func key(_ service: StringID, _ name: StringID) -> UInt64 { UInt64(service.raw) << 32 | UInt64(name.raw) }
}

/// One trace's node indices per (service, operation) and per service, ascending: `<Enter>` on a
/// statistics row finds its spans without looking at every span again.
public struct OperationIndex: Sendable {
    private let operations: IDTable
    private let services: IDTable
    private let operationNodes: (values: [Int64], offset: [Int])
    private let serviceNodes: (values: [Int64], offset: [Int])

    public init(_ set: TraceSet, tree: TraceTree) {
        let ops = Grouping(set, [tree])
        self.init(tree, ops, ops.byService())
    }

    init(_ tree: TraceTree, _ ops: Grouping, _ svcs: Grouping) {
        operations = ops.table
        services = svcs.table
        // The value of each node is its own index (`grouped` visits nodes in order); the counting
        // sort keeps that order within each group, so every list is ascending.
        var i: Int64 = -1
        operationNodes = TraceStatistics.grouped([tree], ops.groups, counts: ops.counts) { _ in i += 1; return i }
        i = -1
        serviceNodes = TraceStatistics.grouped([tree], svcs.groups, counts: svcs.counts) { _ in i += 1; return i }
    }

    /// Nodes of `service`'s spans named `operation` (any name when nil), ascending.
    public func nodes(service: StringID, operation: StringID?) -> [Int32] {
        let g = operation == nil ? services[Grouping.key(service, .empty)] : operations[Grouping.key(service, operation!)]
        guard let g = g.map({ Int($0) }) else { return [] }
        let lists = operation == nil ? serviceNodes : operationNodes
        return lists.values[lists.offset[g] ..< lists.offset[g + 1]].map { Int32($0) }
    }
}
