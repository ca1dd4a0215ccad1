/// Sizes above which the explorer changes how it works, so a key stays fast on huge inputs.
enum Thresholds {
    /// Search reads span attributes (decoding details) only on traces up to this many spans.
    static let deepSearchSpans = 100_000
}
