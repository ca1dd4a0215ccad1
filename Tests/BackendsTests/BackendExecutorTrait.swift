import Backends
import Testing

/// Runs a test's body on `BackendExecutor`, as the product runs backend work: the tests that
/// block in the cooperative pool (headless explorer waits, child processes) then cannot stall
/// these tests' HTTP streams into false timeouts.
struct BackendExecutorTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(BackendExecutor.shared) { try await function() }
    }
}

extension Trait where Self == BackendExecutorTrait {
    static var onBackendExecutor: Self { Self() }
}
