import TraceModel

/// Children lists, missing-time placement, clock skew (analysis-rules §1 "Missing times", §4).
extension TreeBuilder {
    /// Children CSR in input order, roots in input order, and a breadth-first top-down order.
    mutating func buildChildren() {
        let m = count
        var counts = [Int32](repeating: 0, count: m + 1)
        for i in 0 ..< m where parent[i] >= 0 { counts[Int(parent[i]) + 1] += 1 }
        for i in 0 ..< m { counts[i + 1] += counts[i] }
        childStart = counts
        var fill = counts
        childList = [Int32](repeating: 0, count: Int(counts[m]))
        localRoots = []
        for i in 0 ..< m {
            let p = Int(parent[i])
            if p < 0 { localRoots.append(Int32(i)); continue }
            childList[Int(fill[p])] = Int32(i)
            fill[p] += 1
        }
        topDown = localRoots
        topDown.reserveCapacity(m)
        var head = 0
        while head < topDown.count {
            let x = Int(topDown[head])
            head += 1
            topDown.append(contentsOf: childList[Int(childStart[x]) ..< Int(childStart[x + 1])])
        }
    }

    /// A span without a start starts with its parent (a root: the earliest known time in the
    /// trace); without a duration, or ending before its start, it lasts 0. All are flagged.
    mutating func placeTimes() {
        let m = count
        start = [Int64](repeating: 0, count: m)
        duration = [Int64](repeating: 0, count: m)
        shift = [Int64](repeating: 0, count: m)
        var earliest = Int64.max
        for i in 0 ..< m {
            let s = span(i)
            if !s.flags.contains(.missingStart) { earliest = min(earliest, s.start) }
        }
        if earliest == .max { earliest = 0 }
        for x32 in topDown {
            let x = Int(x32)
            let s = span(x)
            if s.flags.contains(.missingStart) {
                start[x] = parent[x] < 0 ? earliest : start[Int(parent[x])]
                flags[x].insert(.missingStart)
                notes.missingStart += 1
            } else {
                start[x] = s.start
            }
            if s.flags.contains(.missingDuration) {
                flags[x].insert(.missingDuration)
                notes.missingDuration += 1
            } else if s.flags.contains(.endBeforeStart) || s.duration < 0 {
                flags[x].insert(.endBeforeStart)
                notes.endBeforeStart += 1
            }
            duration[x] = s.flags.contains(.missingDuration) ? 0 : max(0, s.duration)
        }
    }

    /// Top-down running shift: same host inherits the parent's shift, another host gets a new
    /// shift against the already adjusted parent. Spans placed at their parent's start (no start of
    /// their own) move with the parent. Asynchronous children and spans without a duration on
    /// another host keep their raw times (shift 0, inherited by their subtree). Durations never change.
    mutating func adjustSkew() {
        for x32 in topDown {
            let x = Int(x32)
            let p = Int(parent[x])
            guard p >= 0 else { continue }
            if flags[x].contains(.missingStart) || ClockSkew.sameHost(set, span(x), span(p)) {
                shift[x] = shift[p]
            } else if !ClockSkew.mayShift(flags[x]) {
                shift[x] = 0
            } else {
                shift[x] = ClockSkew.shift(
                    parentStart: start[p] &+ shift[p], parentDuration: duration[p],
                    childStart: start[x], childDuration: duration[x])
            }
        }
        for x in 0 ..< count where shift[x] != 0 {
            start[x] &+= shift[x]
            flags[x].insert(.skewAdjusted)
            notes.skewAdjusted += 1
        }
    }

    /// Children and roots by (start, input order).
    mutating func sortChildren() {
        let st = start
        let before: (Int32, Int32) -> Bool = { a, b in
            let sa = st[Int(a)], sb = st[Int(b)]
            return sa != sb ? sa < sb : a < b
        }
        localRoots.sort(by: before)
        for x in 0 ..< count {
            let lo = Int(childStart[x]), hi = Int(childStart[x + 1])
            if hi - lo > 1 { childList[lo ..< hi].sort(by: before) }
        }
    }
}
