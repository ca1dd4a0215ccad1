import Explorer
import TraceModel

/// Where fetched spans go: the explorer's `LiveFeed` (which builds generations of the data off
/// the UI thread), or a test's recorder.
public protocol TraceSink: Sendable {
    /// Adds spans (and logs) to the next generation.
    func submit(_ batch: TraceSet)
    /// Replaces everything with `set` (the cache evicted traces).
    func replace(with set: TraceSet)
}

extension LiveFeed: TraceSink {}
