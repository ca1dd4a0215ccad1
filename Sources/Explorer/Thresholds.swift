/// Sizes above which the explorer changes how it works, so a key stays fast on huge inputs.
enum Thresholds {
    /// Search reads span attributes (decoding details) only on traces up to this many spans.
    static let deepSearchSpans = 100_000
    /// Work over more spans than this (searching details, writing a whole trace) runs as a job.
    static let backgroundSpans = 20_000
}
