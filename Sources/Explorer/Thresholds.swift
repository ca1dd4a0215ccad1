/// Input sizes past which the explorer works differently so that a key never waits on work
/// proportional to the whole input. One place, so that they are tuned (and found) together; the
/// figures behind them are in docs/performance.md.
enum Thresholds {
    /// Traces (and inputs) with at least this many spans get their statistics, outlier medians and
    /// indexes computed ahead on another thread, before the key that needs them.
    static let prefetchSpans = 100_000
    /// Search reads span attributes (decoding details) only on traces up to this many spans;
    /// beyond, it matches names and services only.
    static let deepSearchSpans = 100_000
    /// Work over more spans than this (searching details, writing a whole trace) runs as a job.
    static let backgroundSpans = 20_000
    /// Up to this many spans, a trace's logs pane also lists the events of its spans.
    static let spanEventsInLogs = 100_000
    /// Inputs with more spans or log records than these are large: filter terms that read every
    /// span's details or every log record wait for `<Enter>` instead of running per keystroke.
    static let largeInputSpans = 200_000
    static let largeInputLogs = 100_000
    /// OSC 52 clipboard payloads beyond this many bytes are refused: terminals cap them (xterm,
    /// tmux: ~100 KB).
    static let clipboardBytes = 100_000
}
