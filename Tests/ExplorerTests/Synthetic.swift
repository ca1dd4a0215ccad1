@testable import Explorer
import Reports
import TraceModel

/// Traces built in code: exact shapes for the row model and virtualisation tests.
enum Synthetic {
    /// `parents[i]` is the index of span i's parent (-1 = root, -2 = a parent id not in the trace).
    static func set(parents: [Int], errors: Set<Int> = [], trace: UInt64 = 0xabc) -> TraceSet {
        var set = TraceSet()
        let svc = set.strings.intern("svc")
        let names = (0..<4).map { set.strings.intern("op\($0)") }
        set.spans.reserveCapacity(parents.count)
        for (i, p) in parents.enumerated() {
            let parent: SpanID = p == -1 ? .zero : p == -2 ? SpanID(0xdead_0000 + UInt64(i)) : SpanID(UInt64(p + 1))
            set.spans.append(Span(
                traceID: TraceID(high: 0, low: trace), spanID: SpanID(UInt64(i + 1)), parentID: parent,
                start: 1_000_000 + Int64(i) * 10, duration: Int64(max(10, 10_000 - i)), name: names[i % 4], service: svc,
                status: errors.contains(i) ? .error : .unset))
        }
        return set
    }

    static func app(parents: [Int], errors: Set<Int> = [], width: Int = 120, height: Int = 30) -> ExplorerApp {
        let s = set(parents: parents, errors: errors)
        return ExplorerApp(set: s, analysis: Analysis(s), width: width, height: height)
    }

    /// A chain: every span the child of the one before.
    static func chain(_ n: Int) -> [Int] { (0..<n).map { $0 - 1 } }

    /// A tree where span i hangs under span (i-1)/fanout.
    static func tree(_ n: Int, fanout: Int) -> [Int] { (0..<n).map { $0 == 0 ? -1 : ($0 - 1) / fanout } }
}

extension ExplorerApp {
    mutating func press(_ keys: String) throws -> [Effect] {
        var out: [Effect] = []
        for k in try TerminalUI.KeyNotation.parse(keys) {
            for e in handle(k) {
                // A job (`Effect.run`) finishes at once here, as if the run loop had waited.
                if case .run(let job) = e { out += send(.jobDone(job.id, job.work(job.progress))) } else { out.append(e) }
            }
        }
        return out
    }

    var wf: WaterfallState { state.waterfall! }
}

import TerminalUI
import TraceAnalysis
