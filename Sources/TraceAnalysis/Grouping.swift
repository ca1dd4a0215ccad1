import TraceModel

/// Every node of some trees numbered by its (service, operation) — or by service alone — in one
/// pass: the shared first step of the statistics tables, the outlier baseline and the
/// operation index. Groups are numbered in order of first appearance.
struct Grouping {
    var table = IDTable(capacity: 64)
    /// Per group: its service and operation (`.empty` when grouping by service).
    var keys: [(service: StringID, name: StringID)] = []
    var counts: [Int] = []
    /// Per node of all trees, in order: its group, and whether its span is an error.
    var groups: [Int32] = []
    var errors: [Bool] = []

    init(_ set: TraceSet, _ trees: [TraceTree], byOperation: Bool) {
        let total = trees.reduce(0) { $0 + $1.nodes.count }
        groups.reserveCapacity(total)
        errors.reserveCapacity(total)
        for tree in trees {
            for n in tree.nodes {
                let s = set.spans[n.spanIndex]
                errors.append(s.isError)
                let name = byOperation ? s.name : .empty
                if let g = table.insertIfAbsent(Self.key(s.service, name), Int32(keys.count)) {
                    groups.append(g)
                    counts[Int(g)] += 1
                } else {
                    groups.append(Int32(keys.count))
                    keys.append((s.service, name))
                    counts.append(1)
                }
            }
        }
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
        let ops = Grouping(set, [tree], byOperation: true)
        let svcs = Grouping(set, [tree], byOperation: false)
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
