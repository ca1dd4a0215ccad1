import Dispatch
import TraceAnalysis
import TraceModel

/// Every trace of a loaded set, analysed. Trees are independent, so large sets build them on
/// all cores; the result is in trace order regardless.
public struct Analysis: Sendable {
    public let set: TraceSet
    public let traces: [Trace]
    public let trees: [TraceTree]

    public init(_ set: TraceSet, options: AnalysisOptions = .init()) {
        self.set = set
        let traces = set.traces()
        self.traces = traces
        final class Box: @unchecked Sendable { var trees: [TraceTree?] }
        let box = Box(trees: Array(repeating: nil, count: traces.count))
        let workers = set.spans.count < 50_000 || traces.count < 2 ? 1 : 2
        let next = Counter()
        let build: @Sendable (Int) -> Void = { _ in
            while true {
                let i = next.take()
                if i >= traces.count { return }
                let tree = TraceTree.build(set, traces[i], options: options)
                box.trees[i] = tree
            }
        }
        if workers == 1 { build(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: build) }
        trees = box.trees.map { $0! }
    }

    /// Hands out trace indices to workers (largest traces are not special-cased: traces are many
    /// and small, or one and large).
    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = DispatchSemaphore(value: 1)
        func take() -> Int {
            lock.wait()
            defer { lock.signal() }
            value += 1
            return value - 1
        }
    }

    /// All warnings of all trees, in trace order.
    public var warnings: [String] { trees.flatMap(\.warnings) }
}
