import TraceModel

/// How an OTLP span's start and end become the model's start and duration, for both encodings:
/// absent times (zero) are flagged, times outside `ModelTime`'s range are clamped first so the
/// duration is a difference that fits, and an end before the start gives duration 0.
enum SpanTimes {
    /// Field names for the warnings: JSON's or protobuf's.
    struct Names {
        var start: String
        var end: String
        static let json = Names(start: "startTimeUnixNano", end: "endTimeUnixNano")
        static let proto = Names(start: "start_time_unix_nano", end: "end_time_unix_nano")
    }

    /// Returns the duration; `start` is clamped in place.
    @inline(__always)
    static func resolve(
        start: inout Int64, end: Int64, flags: inout SpanFlags, problems: inout ProblemCounter, names: Names
    ) -> Int64 {
        var end = end
        let hasStart = start != 0, hasEnd = end != 0
        if !hasStart { flags.insert(.missingStart); problems.count("spans have no \(names.start)") }
        if !hasEnd { flags.insert(.missingDuration); problems.count("spans have no \(names.end)") }
        if !ModelTime.isRepresentable(start) || !ModelTime.isRepresentable(end) {
            flags.insert(.timeClamped)
            start = ModelTime.clamp(start)
            end = ModelTime.clamp(end)
        }
        guard hasStart && hasEnd else { return 0 }
        if end >= start { return end - start }
        flags.insert(.endBeforeStart)
        problems.count("spans end before they start (duration set to 0)")
        return 0
    }
}
