import TraceModel

extension JaegerDocumentDecoder {
    /// jaeger-idl `Span.ParentSpanID()`: the first CHILD_OF with the same trace id, else the first
    /// FOLLOWS_FROM with the same trace id. A reference without a trace id counts as the same trace.
    static func chooseParent(_ refs: ArraySlice<JaegerRef>, traceID: TraceID) -> (index: Int?, followsFrom: Bool) {
        for type: UInt8 in [0, 1] {
            for (i, r) in refs.enumerated() where r.valid && r.type == type && (!r.hasTraceID || r.traceID == traceID) {
                return (i, type == 1)
            }
        }
        return (nil, false)
    }

    /// Resolves trace ids, parents, links and processes of the spans read in this trace object.
    mutating func finishTrace(_ ctx: inout JaegerTraceContext, _ set: inout TraceSet) {
        for p in pending[ctx.pendingStart...] {
            var span = set.spans[p.index]
            if !p.hasTraceID {
                if !ctx.traceID.isZero {
                    span.traceID = ctx.traceID
                } else {
                    removed.append(p.index)
                    tally.add("spans have no traceID and were skipped",
                              "span at byte \(p.offset): no traceID; skipped")
                    continue
                }
            }
            let spanRefs = refs[p.refStart..<(p.refStart + p.refCount)]
            let valid = spanRefs.reduce(0) { $0 + ($1.valid ? 1 : 0) }
            var (parentIndex, followsFrom) = Self.chooseParent(spanRefs, traceID: span.traceID)
            if let i = parentIndex, spanRefs[p.refStart + i].spanID == span.spanID {
                span.flags.insert(.invalidParent)
                tally.add("spans reference themselves as parent; treated as roots",
                          "span at byte \(p.offset): references itself as parent; treated as a root")
                parentIndex = nil
                followsFrom = false
            }
            if let i = parentIndex {
                span.parentID = spanRefs[p.refStart + i].spanID
                if followsFrom { span.flags.insert(.followsFromParent) }
                span.linkCount = UInt32(valid - 1)
            } else {
                span.linkCount = UInt32(valid)
                if !p.parentField.isZero {
                    if p.parentField == span.spanID {
                        span.flags.insert(.invalidParent)
                        tally.add("spans reference themselves as parent; treated as roots",
                                  "span at byte \(p.offset): parentSpanID is its own id; treated as a root")
                    } else {
                        span.parentID = p.parentField
                    }
                }
            }
            span.detail.variant = JaegerDetailSource.variant(embeddedStrings: p.embeddedStrings, parentRefIndex: parentIndex)

            var process: JaegerProcess?
            if let key = p.processKey {
                process = ctx.processes[key] ?? p.embedded ?? ctx.batchProcess
                if process == nil {
                    tally.add("spans reference a missing process; service set to unknown-service",
                              "span at byte \(p.offset): processID \"\(key)\" is not in processes; service set to unknown-service")
                }
            } else {
                process = p.embedded ?? ctx.batchProcess
                if process == nil {
                    tally.add("spans have no process; service set to unknown-service",
                              "span at byte \(p.offset): no process; service set to unknown-service")
                }
            }
            let resolved = process ?? unknown(&set)
            span.service = resolved.service
            span.resource = resolved.resource
            set.spans[p.index] = span
        }
        if !ctx.traceWarnings.isEmpty {
            let label = ctx.traceID.isZero ? "trace" : "trace \(ctx.traceID.hex)"
            for w in ctx.traceWarnings { note("\(label): \(w)") }
        }
        pending.removeSubrange(ctx.pendingStart...)
        refs.removeSubrange(ctx.refsStart...)
    }

    private mutating func unknown(_ set: inout TraceSet) -> JaegerProcess {
        if let u = unknownProcess { return u }
        let service = set.strings.intern("unknown-service")
        let u = JaegerProcess(service: service, resource: set.addResource(Resource(service: service)))
        unknownProcess = u
        return u
    }

    mutating func compactRemoved(_ set: inout TraceSet) {
        guard !removed.isEmpty else { return }
        let drop = Set(removed)
        var kept: [Span] = []
        kept.reserveCapacity(set.spans.count - base - drop.count)
        for i in base..<set.spans.count where !drop.contains(i) { kept.append(set.spans[i]) }
        set.spans.replaceSubrange(base..., with: kept)
        removed.removeAll()
    }
}
