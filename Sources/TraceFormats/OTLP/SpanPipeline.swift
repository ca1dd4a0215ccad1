#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import TraceModel

/// Decodes span objects (the hot path) from byte ranges while the structural pass is still
/// finding them: the pass publishes blocks of slots, a worker thread per spare core decodes
/// blocks as they come, and the structural thread joins in when it is done. Each block has its
/// own string table; blocks are merged in file order, so the result does not depend on timing
/// or on the number of workers.
final class SpanPipeline: @unchecked Sendable {
    static let blockSize = 4096

    final class Block: @unchecked Sendable {
        let slots: [SpanSlot]
        var spans: [Span] = []
        var strings = StringTable()
        var problems = ProblemCounter()
        var error: JSONError? = nil
        init(_ slots: [SpanSlot]) { self.slots = slots }
    }

    let bytes: FileBytes
    let sourceIndex: UInt32
    private var blocks: [Block] = []
    private var nextToTake = 0
    private var closed = false
    private var pending: [SpanSlot] = []
    private var workersStarted = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let group = DispatchGroup()
    private(set) var slotCount = 0

    init(bytes: FileBytes, sourceIndex: UInt32) {
        self.bytes = bytes
        self.sourceIndex = sourceIndex
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
        pending.reserveCapacity(Self.blockSize)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(cond)
        mutex.deallocate()
        cond.deallocate()
    }

    /// Called by the structural pass for every span object, in file order.
    func add(_ slot: SpanSlot) {
        pending.append(slot)
        slotCount += 1
        if pending.count == Self.blockSize { publish() }
    }

    private func publish() {
        guard !pending.isEmpty else { return }
        let block = Block(pending)
        pending.removeAll(keepingCapacity: true)
        pthread_mutex_lock(mutex)
        blocks.append(block)
        pthread_cond_signal(cond)
        pthread_mutex_unlock(mutex)
        // Workers start with the first full block: small inputs never pay for a thread.
        if !workersStarted {
            workersStarted = true
            let extra = max(0, min(7, System.workerCount - 1))
            for _ in 0..<extra {
                DispatchQueue.global().async(group: group) { [self] in self.work(wait: true) }
            }
        }
    }

    private func take(wait: Bool) -> Block? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while nextToTake == blocks.count {
            if closed || !wait { return nil }
            pthread_cond_wait(cond, mutex)
        }
        nextToTake += 1
        return blocks[nextToTake - 1]
    }

    private func work(wait: Bool) {
        while let block = take(wait: wait) { decode(block) }
    }

    private func decode(_ block: Block) {
        block.spans.reserveCapacity(block.slots.count)
        do throws(JSONError) {
            for slot in block.slots {
                var s = bytes.scanner(from: slot.offset, to: slot.offset + Int(slot.length))
                if let span = try OTLPSpanDecoder.decodeSpan(&s, slot: slot, strings: &block.strings,
                                                             problems: &block.problems, sourceIndex: sourceIndex) {
                    block.spans.append(span)
                }
            }
        } catch {
            block.error = error
        }
    }

    /// Ends the input (also after a failed structural pass), helps decode, waits for the workers.
    func finish() {
        publish()
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(cond)
        pthread_mutex_unlock(mutex)
        work(wait: false)
        group.wait()
    }

    /// Appends the decoded spans to `set` in file order. Call after `finish()`.
    func merge(groups: [ResourceID], into set: inout TraceSet, problems: inout ProblemCounter) throws(JSONError) {
        if let e = blocks.compactMap(\.error).min(by: { $0.offset < $1.offset }) { throw e }
        let services = groups.map { $0 == .none ? StringID.empty : set.resources[Int($0.raw)].service }
        set.spans.reserveMore(slotCount)
        for block in blocks {
            let names = block.strings.strings.map { set.strings.intern($0) }
            for var span in block.spans {
                let group = Int(span.resource.raw)
                span.name = names[Int(span.name.raw)]
                span.resource = groups[group]
                span.service = services[group]
                set.spans.append(span)
            }
            problems.merge(block.problems)
        }
    }
}
