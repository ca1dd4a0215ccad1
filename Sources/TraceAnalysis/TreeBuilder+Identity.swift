import TraceModel

/// Duplicates, shared ids, Zipkin shared spans, parents, orphans, cycles (analysis-rules §1).
extension TreeBuilder {
    /// Exact repeats are records equal in everything decoded from them: every `Span` field
    /// except where the record sits in the source, the resource by content (the same record read
    /// from two files gets two resource ids), and the details (attributes, events, links, scope).
    /// The same span id with other attributes is a different span, kept as `<id>_k`.
    func sameRecord(_ a: Span, _ b: Span) -> Bool {
        var x = a
        x.detail = b.detail
        x.resource = b.resource
        guard x == b else { return false }
        guard a.resource == b.resource || set.resource(a.resource) == set.resource(b.resource) else { return false }
        return a.detail == b.detail || set.details(a) == set.details(b)
    }

    /// Equal records have equal keys, so repeats are found by hashing instead of comparing each
    /// record with every earlier one of its id (100,000 records of one id took 55 s that way).
    /// The details' part is decoded only for ids that occur more than once.
    func recordKey(_ s: Span) -> RecordKey {
        var h = Hasher()
        h.combine(s.traceID)
        h.combine(s.spanID)
        h.combine(s.parentID)
        h.combine(s.start)
        h.combine(s.duration)
        h.combine(s.name.raw)
        h.combine(s.service.raw)
        h.combine(s.kind)
        h.combine(s.status)
        h.combine(s.flags.rawValue)
        h.combine(s.eventCount)
        h.combine(s.linkCount)
        if let r = set.resource(s.resource) {
            h.combine(r.service.raw)
            h.combine(r.host)
            h.combine(String(describing: r.attributes))
        }
        h.combine(String(describing: set.details(s)))
        return RecordKey(hash: h.finalize())
    }

    struct RecordKey: Hashable {
        var hash: Int
    }

    /// Keeps each span once, then decides per id who owns it (see `assignSharedID`).
    mutating func collectSpans(_ indices: [Int]) {
        var firstByID = IDTable(capacity: indices.count)
        var nextSame: [Int32] = []
        var chainTail: [Int32: Int32] = [:]
        var multiHeads: [Int32] = []
        // Records by key, for ids seen more than once; a key's list holds different records
        // only on a hash collision.
        var byKey: [RecordKey: [Int32]] = [:]
        spanIndex.reserveCapacity(indices.count)
        nextSame.reserveCapacity(indices.count)
        for idx in indices {
            let s = set.spans[idx]
            let new = Int32(spanIndex.count)
            if !s.spanID.isZero, let head = firstByID.insertIfAbsent(s.spanID.value, new) {
                if chainTail[head] == nil {
                    chainTail[head] = head
                    multiHeads.append(head)
                    byKey[recordKey(span(Int(head))), default: []].append(head)
                }
                let key = recordKey(s)
                if let same = byKey[key], same.contains(where: { sameRecord(span(Int($0)), s) }) {
                    notes.duplicatesRemoved += 1
                    continue
                }
                byKey[key, default: []].append(new)
                nextSame[Int(chainTail[head]!)] = new
                chainTail[head] = new
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

    /// Roles within one id's chain. With a non-shared span (the Zipkin client half), every
    /// `.shared` span with the id is a server half under it (a fan-out to replicas, several
    /// consumers); otherwise the first span keeps the id. Every other span is `<id>_k`. Returns
    /// the local index children of that id attach to (the client when there are several server
    /// halves: `resolveParents` then picks a half per child).
    private mutating func assignSharedID(head: Int32, nextSame: [Int32]) -> Int32 {
        var chain: [Int32] = []
        var k = head
        while k >= 0 { chain.append(k); k = nextSame[Int(k)] }
        let client = chain.first { !span(Int($0)).flags.contains(.shared) }
        var servers: [Int32] = []
        if let client {
            servers = chain.filter { span(Int($0)).flags.contains(.shared) }
            for server in servers {
                flags[Int(server)].insert(.sharedServer)
                parent[Int(server)] = client
            }
            if servers.count > 1 { serverHalves[client] = servers }
        }
        let primary = client ?? head
        var ordinal: Int32 = 0
        for k in chain where k != primary && !servers.contains(k) {
            ordinal += 1
            dupOrdinal[Int(k)] = ordinal
            flags[Int(k)].insert(.duplicateID)
            notes.sharedIDCount += 1
            Notes.note(&notes.sharedIDs, span(Int(k)).spanID.hex + "_" + String(ordinal))
        }
        return servers.count == 1 ? servers[0] : primary
    }

    /// The server half a child of a shared id hangs under: the one whose local endpoint matches
    /// the child's (service, then ip, then port), else the first server half. (Zipkin Lens falls
    /// back to the client half, which misplaces children whose service name differs slightly
    /// from the server's; the server half is the side that did the work.)
    func serverHalf(for child: Int, among halves: [Int32]) -> Int32 {
        let c = span(child)
        var match = halves.filter { span(Int($0)).service == c.service }
        if match.count > 1 {
            let host = ClockSkew.host(set, c)
            let sameIP = match.filter { ClockSkew.host(set, span(Int($0))) == host }
            if !sameIP.isEmpty { match = sameIP }
        }
        if match.count > 1 {
            let port = Self.port(set.details(c))
            let samePort = match.filter { port != nil && Self.port(set.details(span(Int($0)))) == port }
            if !samePort.isEmpty { match = samePort }
        }
        return match.count == 1 ? match[0] : halves[0]
    }

    static func port(_ d: SpanDetails) -> Int64? {
        for a in d.attributes where a.key == "net.host.port" {
            if case .int(let p) = a.value { return p }
        }
        return nil
    }

    /// Parent links by id; an id not in the trace makes an orphan root that keeps the id.
    mutating func resolveParents() {
        for i in 0 ..< count {
            let s = span(i)
            if s.flags.contains(.invalidParent) { notes.invalidParent += 1 }
            if flags[i].contains(.sharedServer) || s.parentID.isZero { continue }
            if var p = ownerByID[s.parentID.value] {
                if let halves = serverHalves[p], !halves.contains(Int32(i)) { p = serverHalf(for: i, among: halves) }
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
