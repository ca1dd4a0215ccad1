/// Choices that change the numbers `TraceTree.build` produces.
public struct AnalysisOptions: Sendable, Equatable {
    /// Shift spans on other hosts into their parents (analysis-rules §4). Off by default: `analyze`
    /// only adjusts with `--adjust-skew`, and the views show raw times unless the user toggles.
    public var adjustSkew: Bool

    public init(adjustSkew: Bool = false) {
        self.adjustSkew = adjustSkew
    }
}
