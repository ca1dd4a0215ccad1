/// Self time (analysis-rules §2).
extension TraceTree {
    /// self(S) = duration(S) − |∪ children [C.start, C.end] ∩ [S.start, S.end]|, never negative.
    /// Every child counts with its unclipped times. Children are already sorted by start, so one
    /// linear sweep per node merges them: O(n) for the whole tree.
    mutating func computeSelfTimes() {
        for p in nodes.indices {
            let n = nodes[p]
            var covered: Int64 = 0
            var curLo = Int64.min, curHi = Int64.min
            var k = Int(n.firstChild)
            let end = k + Int(n.childCount)
            while k < end {
                let c = nodes[Int(childIndices[k])]
                k += 1
                let lo = max(c.start, n.start), hi = min(c.end, n.end)
                if hi <= lo { continue }
                if lo > curHi {
                    covered += curHi - curLo
                    curLo = lo
                    curHi = hi
                } else if hi > curHi {
                    curHi = hi
                }
            }
            covered += curHi - curLo
            nodes[p].selfNs = max(0, n.duration - covered)
        }
    }
}
