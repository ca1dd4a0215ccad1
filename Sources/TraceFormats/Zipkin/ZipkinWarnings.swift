import TraceModel

/// Counts repeated problems and reports each kind once.
struct ZipkinWarnings {
    enum Kind: Int, CaseIterable {
        case badTraceID, badSpanID, badParent, tooManyHalves, noTimestamp, noDuration, negativeDuration, merged

        var summary: String {
            switch self {
            case .badTraceID: return "spans were skipped: missing or invalid traceId"
            case .badSpanID: return "spans were skipped: missing or invalid span id"
            case .badParent: return "spans have an invalid parentId and are treated as roots"
            case .tooManyHalves: return "v1 spans had more than 32 endpoints"
            case .noTimestamp: return "spans have no timestamp (start set to 0, flagged missingStart)"
            case .noDuration: return "spans have no duration (set to 0, flagged missingDuration)"
            case .negativeDuration: return "spans end before they start (duration set to 0)"
            case .merged: return "span records repeat an id already seen and were merged into one span (Zipkin sends spans in pieces)"
            }
        }
    }

    var counts = [Int](repeating: 0, count: Kind.allCases.count)
    var firsts = [String](repeating: "", count: Kind.allCases.count)

    mutating func add(_ kind: Kind, _ message: @autoclosure () -> String) {
        if counts[kind.rawValue] == 0 { firsts[kind.rawValue] = message() }
        counts[kind.rawValue] += 1
    }

    func count(_ kind: Kind) -> Int { counts[kind.rawValue] }

    func emit(into out: inout [String]) {
        for k in Kind.allCases where counts[k.rawValue] > 0 {
            let n = counts[k.rawValue]
            out.append(n == 1 ? firsts[k.rawValue] : "\(n) \(k.summary); first: \(firsts[k.rawValue])")
        }
    }
}
