import Dispatch
import TraceModel

/// Every trace of a loaded set, analysed. Trees are independent, so large sets build them on
/// all cores; the result is in trace order regardless.
public struct Analysis: Sendable {
    public let set: TraceSet
    public let traces: [Trace]
    public let trees: [TraceTree]
    /// The loaded log records by trace and span (unlinked ones kept and counted).
    public let logs: LogIndex

    public init(_ set: TraceSet, options: AnalysisOptions = .init()) {
        self.set = set
        let traces = set.traces()
        self.traces = traces
        // The log index needs no tree: build it on another thread meanwhile (on one big trace
        // the trees use one core, so the index is free).
        let logBox = LogBox()
        let logGroup = DispatchGroup()
        if !set.logs.isEmpty {
            DispatchQueue.global().async(group: logGroup) {
                logBox.index = LogIndex(logs: set.logs, knownTraces: Set(traces.lazy.map(\.id)))
            }
        }
        let box = Box(count: traces.count)
        let workers = set.spans.count < 50_000 || traces.count < 2 ? 1 : 2
        let next = Counter()
        let build: @Sendable (Int) -> Void = { _ in
            while true {
                let i = next.take()
                if i >= traces.count { return }
                let tree = TraceTree.build(set, traces[i], options: options)
                box.set(i, tree)
            }
        }
        if workers == 1 { build(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: build) }
        trees = box.trees.map { $0! }
        logGroup.wait()
        logs = logBox.index
    }

    /// Parts already built (a later generation of live data, `merging`).
    init(set: TraceSet, traces: [Trace], trees: [TraceTree], logs: LogIndex) {
        self.set = set
        self.traces = traces
        self.trees = trees
        self.logs = logs
    }

    final class LogBox: @unchecked Sendable {
        var index = LogIndex()
    }

    /// Results written by index from worker threads; each index is written once.
    final class Box: @unchecked Sendable {
        let slots: UnsafeMutablePointer<TraceTree?>
        let count: Int
        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: max(count, 1))
            slots.initialize(repeating: nil, count: count)
        }
        func set(_ i: Int, _ tree: TraceTree) { slots[i] = tree }
        var trees: [TraceTree?] { Array(UnsafeBufferPointer(start: slots, count: count)) }
        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
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
