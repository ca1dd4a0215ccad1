import TraceModel

/// The end-to-end path in words, for the reports and the explorer's status line alike.
extension EndToEndPath {
    /// "412 ms of asynchronous work after the root returned — end-to-end path: 649 ms": the line
    /// the report and the explorer's status line share.
    public var headline: String {
        "\(Units.duration(afterRootNs)) of asynchronous work after the root returned — end-to-end path: "
            + Units.duration(endNs - startNs)
    }

    /// "4 spans, 2 waits (1.61 ms)".
    public var composition: String {
        let spans = Set(sections.lazy.filter { !$0.isWait }.map(\.node)).count
        let waits = sections.lazy.filter(\.isWait).count
        return Plural.counted(spans, "span") + (waits > 0 ? ", \(Plural.counted(waits, "wait")) (\(Units.duration(waitNs)))" : "")
    }
}
