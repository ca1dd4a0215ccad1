import TraceModel

/// Duplicates, shared ids, Zipkin shared spans, parents, orphans, cycles (analysis-rules §1).
extension TreeBuilder {
    /// Exact repeats compare every field the model holds except where the record sits in the
    /// source; resources compare by content (the same record read from two files or blocks gets
    /// two resource ids).
    func sameRecord(_ a: Span, _ b: Span) -> Bool {
        var a = a
        a.detail = b.detail
        let sameResource = a.resource == b.resource || set.resource(a.resource) == set.resource(b.resource)
        a.resource = b.resource
        return sameResource && a == b
    }

    /// Keeps each span once, then decides per id who owns it: the first non-shared span (the Zipkin
    /// client half), else the first span. The first `.shared` span next to a non-shared one is the
    /// server half; every other span with the id is a separate `<id>_k` span.
    mutating func collectSpans(_ indices: [Int]) {
        var firstByID = IDTable(capacity: indices.count)
        var nextSame: [Int32] = []
        var multiHeads: [Int32] = []
        spanIndex.reserveCapacity(indices.count)
        nextSame.reserveCapacity(indices.count)
        for idx in indices {
            let s = set.spans[idx]
            let new = Int32(spanIndex.count)
            if !s.spanID.isZero, let head = firstByID.insertIfAbsent(s.spanID.value, new) {
                var k = head, last = head, repeated = false
                while k >= 0 {
                    if sameRecord(set.spans[spanIndex[Int(k)]], s) { repeated = true; break }
                    last = k
                    k = nextSame[Int(k)]
                }
                if repeated { notes.duplicatesRemoved += 1; continue }
                if nextSame[Int(head)] < 0 { multiHeads.append(head) }
                nextSame[Int(last)] = new
            }
            spanIndex.append(idx)
            nextSame.append(-1)
        }
        let m = spanIndex.count
        parent = Array(repeating: -1, count: m)
        flags = Array(repeating: [], count: m)
        dupOrdinal = Array(repeating: 0, count: m)
        missingParent = Array(repeating: .zero, count: m)
        for head in multiHeads {
            let owner = assignSharedID(head: head, nextSame: nextSame)
            firstByID.update(span(Int(head)).spanID.value, owner)
        }
        ownerByID = firstByID
    }

    /// Roles within one id's chain; returns the local index children of that id attach to.
    private mutating func assignSharedID(head: Int32, nextSame: [Int32]) -> Int32 {
        var chain: [Int32] = []
        var k = head
        while k >= 0 { chain.append(k); k = nextSame[Int(k)] }
        let client = chain.first { !span(Int($0)).flags.contains(.shared) }
        var server: Int32? = nil
        if let client {
            server = chain.first { span(Int($0)).flags.contains(.shared) }
            if let server {
                flags[Int(server)].insert(.sharedServer)
                parent[Int(server)] = client
            }
        }
        let primary = client ?? head
        var ordinal: Int32 = 0
        for k in chain where k != primary && k != server {
            ordinal += 1
            dupOrdinal[Int(k)] = ordinal
            flags[Int(k)].insert(.duplicateID)
            notes.sharedIDCount += 1
            Notes.note(&notes.sharedIDs, span(Int(k)).spanID.hex + "_" + String(ordinal))
        }
        return server ?? primary
    }

    /// Parent links by id; an id not in the trace makes an orphan root that keeps the id.
    mutating func resolveParents() {
        for i in 0 ..< count {
            let s = span(i)
            if s.flags.contains(.invalidParent) { notes.invalidParent += 1 }
            if flags[i].contains(.sharedServer) || s.parentID.isZero { continue }
            if let p = ownerByID[s.parentID.value] {
                parent[i] = p
                if s.flags.contains(.followsFromParent) || (s.kind == .consumer && span(Int(p)).kind == .producer) {
                    flags[i].insert(.nonBlocking)
                }
            } else {
                flags[i].insert(.orphan)
                missingParent[i] = s.parentID
                notes.orphanCount += 1
                Notes.note(&notes.missingParents, s.parentID.hex)
            }
        }
        ownerByID = IDTable(capacity: 0)
    }

    /// Follows parents from every span; a loop is cut at its member with the earliest start
    /// (then input order), which becomes a root. Each span is walked once: O(n).
    mutating func cutCycles() {
        // 0 = unseen, 1 = on the current path, 2 = done
        var state = [UInt8](repeating: 0, count: count)
        var path: [Int32] = []
        for i in 0 ..< count where state[i] == 0 {
            path.removeAll(keepingCapacity: true)
            var x = Int32(i)
            while x >= 0 && state[Int(x)] == 0 {
                state[Int(x)] = 1
                path.append(x)
                x = parent[Int(x)]
            }
            if x >= 0 && state[Int(x)] == 1 { cutCycle(path: path, entry: x) }
            for p in path { state[Int(p)] = 2 }
        }
    }

    private mutating func cutCycle(path: [Int32], entry: Int32) {
        var pos = path.count - 1
        while path[pos] != entry { pos -= 1 }
        var cut = path[pos]
        for k in path[pos...] {
            let a = span(Int(k)).start, b = span(Int(cut)).start
            if a < b || (a == b && k < cut) { cut = k }
        }
        parent[Int(cut)] = -1
        flags[Int(cut)].insert(.cycleCut)
        flags[Int(cut)].remove(.nonBlocking)  // a root blocks nothing and is never pruned
        notes.cyclesCut += 1
        Notes.note(&notes.cycleRoots, span(Int(cut)).spanID.hex)
    }
}
