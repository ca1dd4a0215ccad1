import Dispatch
import Synchronization
import TraceModel

/// Where backend work runs: its own threads, not Swift's cooperative pool. That pool has one
/// thread per core (two here), and code that blocks in it — the explorer's headless waits,
/// a test running a child process — would stall the HTTP client's body streaming until its
/// deadline fired ("no answer within 30 s" with the answer sitting in the socket). Tasks
/// started with this preference (`Task(executorPreference:)`, `withTaskExecutorPreference`)
/// keep their awaits here, on four serial dispatch queues (each an overcommitting thread).
public final class BackendExecutor: TaskExecutor, Sendable {
    public static let shared = BackendExecutor()
    private let queues = (0..<4).map { DispatchQueue(label: "spanscope.backend.\($0)") }
    private let next = Atomic<Int>(0)

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let i = next.add(1, ordering: .relaxed).oldValue & 3
        queues[i].async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Runs async work on the backend executor to completion, from synchronous code (the command
/// line, the benchmark).
public func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws(BackendError) -> T) throws(BackendError) -> T {
    try runToEnd(on: BackendExecutor.shared, work)
}
