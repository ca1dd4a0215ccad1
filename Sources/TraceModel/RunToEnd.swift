import Dispatch
import Synchronization

/// Runs async work to its end from a thread that may block (a command's main thread, a
/// benchmark's server), never from the cooperative pool, whose two threads the networking
/// needs. `executor`: where the work's awaits run (the backend client's own threads); nil, the
/// default executor.
public func runToEnd<T: Sendable, E: Error>(on executor: (any TaskExecutor)? = nil,
                                           _ work: @escaping @Sendable () async throws(E) -> T) throws(E) -> T {
    let result = Mutex<Result<T, E>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task(executorPreference: executor) {
        do throws(E) {
            let value = try await work()
            result.withLock { $0 = .success(value) }
        } catch {
            result.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
