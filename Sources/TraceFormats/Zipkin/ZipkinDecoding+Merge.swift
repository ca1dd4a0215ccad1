import TraceModel

extension ZipkinDecoding {
    /// One trace seen with 64-bit and 128-bit ids: give the 64-bit spans the 128-bit id
    /// (Zipkin's `Trace.merge` keeps the longest), unless the low half is ambiguous.
    mutating func widenTraceIDs() {
        var anyShort = false, anyLong = false
        for p in pieces {
            if p.traceID.high == 0 { anyShort = true } else { anyLong = true }
        }
        guard anyShort && anyLong else { return }
        var high: [UInt64: UInt64] = [:]  // low → high, 0 = ambiguous
        for p in pieces where p.traceID.high != 0 {
            if let h = high[p.traceID.low] {
                if h != p.traceID.high { high[p.traceID.low] = 0 }
            } else {
                high[p.traceID.low] = p.traceID.high
            }
        }
        for i in pieces.indices where pieces[i].traceID.high == 0 {
            if let h = high[pieces[i].traceID.low], h != 0 { pieces[i].traceID.high = h }
        }
    }

    struct PieceKey: Hashable {
        var trace: TraceID
        var span: SpanID
    }

    mutating func mergePieces() {
        var head: [PieceKey: Int] = [:]
        var groups: [Int: [Int]] = [:]  // head → all members (only for groups of 2+)
        for i in pieces.indices {
            let key = PieceKey(trace: pieces[i].traceID, span: pieces[i].spanID)
            if let h = head[key] {
                groups[h, default: [h]].append(i)
            } else {
                head[key] = i
            }
        }
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) { mergeGroup(members) }
    }

    /// Zipkin's `Trace.merge` for the pieces sharing one (trace id, span id).
    mutating func mergeGroup(_ members: [Int]) {
        // Extension: tag-only flush pieces join a compatible span, preferring a shared one.
        let candidates = members.filter { !pieces[$0].isFragment }
        for f in members where pieces[f].isFragment && !candidates.isEmpty {
            let target = candidates.first { pieces[$0].shared && ZipkinEndpointTracker.compatible(pieces[$0].local, pieces[f].local) }
                ?? candidates.first { ZipkinEndpointTracker.compatible(pieces[$0].local, pieces[f].local) }
            if let t = target { merge(f, into: t) }
        }

        var order = members.filter { pieces[$0].alive }
        order.sort { a, b in
            let c = compare(pieces[a], pieces[b])
            return c != 0 ? c < 0 : a < b
        }
        var last: Int?
        var i = 0
        while i < order.count {
            let a = order[i]
            var tracker = ZipkinEndpointTracker()
            _ = tracker.tryMerge(pieces[a].local)
            var j = i + 1
            while j < order.count {
                let b = order[j]
                guard pieces[a].shared == pieces[b].shared, tracker.tryMerge(pieces[b].local) else { break }
                merge(b, into: a)
                j += 1
            }
            if let l = last {
                if pieces[l].kind == .client && pieces[a].kind == .server && !pieces[a].shared {
                    pieces[a].shared = true
                }
                if pieces[a].shared && pieces[a].parentID.isZero && !pieces[l].parentID.isZero {
                    pieces[a].parentID = pieces[l].parentID
                    pieces[a].invalidParent = false
                }
            }
            last = a
            i = j
        }
    }

    /// Zipkin's cleanup order: not-shared first (clients first among those), then local
    /// endpoint (absent first; service, ipv4, ipv6 with absent values last).
    func compare(_ l: ZipkinPiece, _ r: ZipkinPiece) -> Int {
        if l.shared != r.shared { return l.shared ? 1 : -1 }
        if !l.shared {
            let lc = l.kind == .client, rc = r.kind == .client
            if lc != rc { return lc ? -1 : 1 }
        }
        switch (l.local, r.local) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (a?, b?):
            for (x, y) in [(a.service, b.service), (a.ipv4, b.ipv4), (a.ipv6, b.ipv6)] {
                switch (x, y) {
                case (nil, nil): continue
                case (nil, _): return 1
                case (_, nil): return -1
                case let (x?, y?): if x != y { return x < y ? -1 : 1 }
                }
            }
            return 0
        }
    }

    /// Fills `a`'s absent fields from `b` (Zipkin's `Span.Builder.merge`) and retires `b`.
    mutating func merge(_ b: Int, into a: Int) {
        let pb = pieces[b]
        var pa = pieces[a]
        if pa.parentID.isZero && !pa.invalidParent {
            pa.parentID = pb.parentID
            pa.invalidParent = pb.invalidParent
        }
        if pa.kind == nil { pa.kind = pb.kind }
        if pa.name == .empty { pa.name = pb.name }
        if pa.timestamp == 0 { pa.timestamp = pb.timestamp }
        if pa.duration == nil { pa.duration = pb.duration }
        if pa.local == nil { pa.local = pb.local } else { pa.local?.fill(from: pb.local) }
        pa.shared = pa.shared || pb.shared
        pa.error = pa.error || pb.error
        pa.ok = pa.ok || pb.ok
        pieces[a] = pa
        pieces[b].alive = false

        var refs = mergedRefs.removeValue(forKey: a) ?? [pa.ref]
        refs.append(contentsOf: mergedRefs.removeValue(forKey: b) ?? [pb.ref])
        mergedRefs[a] = refs
        warnings.add(.merged, "span at byte \(pb.offset) (id \(pb.spanID.hex)): same id reported again; merged with the piece at byte \(pa.offset)")
    }
}
