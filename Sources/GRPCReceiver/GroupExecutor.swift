import NIOCore
import Synchronization

/// Runs the gRPC server's tasks (grpc-swift's per-connection and per-call work, the decoding
/// and the sink) on the receiver's own event loops rather than on Swift's cooperative pool.
/// That pool has one thread per core, and anything in the process that blocks it (a test
/// waiting on a child process, the explorer's waits) would hold every answer; the HTTP
/// receivers use their connection's loop for the same reason (`LoopExecutor`). A job may run on
/// any of the loops: a task executor need not be serial.
final class GroupExecutor: TaskExecutor, Sendable {
    let group: any EventLoopGroup
    /// Set before the loops end: a job that still comes runs on Swift's pool instead of being
    /// dropped by a loop that is gone.
    let closed = Atomic<Bool>(false)

    init(_ group: any EventLoopGroup) { self.group = group }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if closed.load(ordering: .acquiring) {
            globalConcurrentExecutor.enqueue(job)
            return
        }
        group.next().execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
