import TraceModel

/// One v2 span produced from a v1 span (the client or server half of an RPC, a local span…).
struct ZipkinV1Half {
    var endpoint: ZipkinEndpoint?
    var kind: SpanKind?
    var shared = false
    /// µs; 0 = absent.
    var timestamp: Int64 = 0
    /// µs; nil = absent; may be negative (end annotation before the start one).
    var duration: Int64?
    var annotations: [(time: Int64, value: String)] = []
    var tags: [(key: String, value: String)] = []
    var remote: ZipkinEndpoint?
}

/// Converts a v1 span (annotations with endpoints, binary annotations) into v2 spans following
/// Zipkin's `V1SpanConverter`: core annotations set kind and timing, one span with both `cs` and
/// `sr` splits into a client span and a `shared` server span, a server-only span without a
/// timestamp is `shared`, `sa`/`ca`/`ma` become remote endpoints.
/// Deterministic, so the lazy detail source can run it again and pick the same half.
/// Annotation times are raw µs from the file: differences saturate, and the loader clamps
/// the resulting span times into the model's range.
struct ZipkinV1Converter {
    typealias Ann = (time: Int64, endpoint: ZipkinEndpoint?)
    var halves: [ZipkinV1Half] = [ZipkinV1Half()]
    var cs: Ann?, sr: Ann?, ss: Ann?, cr: Ann?, ms: Ann?, mr: Ann?, ws: Ann?, wr: Ann?

    static func convert(_ src: ZipkinFullSpan) -> [ZipkinV1Half] {
        var c = ZipkinV1Converter()
        c.processAnnotations(src)
        c.processBinaries(src)
        // v2-shaped input: keep what the v2 fields said.
        if let k = src.kind, c.halves[0].kind == nil { c.halves[0].kind = k }
        if src.shared { c.halves[0].shared = true }
        if let r = src.remote, c.halves[0].remote == nil { c.halves[0].remote = r }
        return c.halves
    }

    mutating func forEndpoint(_ e: ZipkinEndpoint?) -> Int {
        guard let e else { return 0 }
        for i in halves.indices {
            if halves[i].endpoint == nil {
                halves[i].endpoint = e
                return i
            }
            if halves[i].endpoint?.service == e.service { return i }
        }
        return newHalf(e)
    }

    mutating func newHalf(_ e: ZipkinEndpoint?) -> Int {
        halves.append(ZipkinV1Half(endpoint: e))
        return halves.count - 1
    }

    /// The halves for the two sides of an exchange (`cs`/`sr` or `ms`/`mr`), as Zipkin does it for
    /// RPC and messaging alike: when both sides are one service the span splits and each side
    /// gets its kind, else each side is its own endpoint's half. The receiving side is `shared`.
    mutating func splitSides(_ sender: Ann, _ receiver: Ann, kinds: (SpanKind, SpanKind)) -> (Int, Int) {
        let first = forEndpoint(sender.endpoint)
        let second: Int
        if ZipkinEndpoint.sameService(sender.endpoint, receiver.endpoint) {
            halves[first].kind = kinds.0
            second = newHalf(receiver.endpoint)
            halves[second].kind = kinds.1
        } else {
            second = forEndpoint(receiver.endpoint)
        }
        halves[second].shared = true
        return (first, second)
    }

    mutating func processAnnotations(_ src: ZipkinFullSpan) {
        for a in src.annotations {
            let i = forEndpoint(a.endpoint)
            if a.endpoint != nil, let core = ZipkinCore(a.value) {
                let ann: Ann = (a.timestamp, a.endpoint)
                switch core {
                case .cs: halves[i].kind = .client; cs = ann
                case .sr: halves[i].kind = .server; sr = ann
                case .ss: halves[i].kind = .server; ss = ann
                case .cr: halves[i].kind = .client; cr = ann
                case .ms: halves[i].kind = .producer; ms = ann
                case .mr: halves[i].kind = .consumer; mr = ann
                case .ws: ws = ann
                case .wr: wr = ann
                }
            } else {
                halves[i].annotations.append((a.timestamp, a.value))
            }
        }

        // A missing start annotation is implied when timestamp + duration == the end annotation.
        func endReflectsDuration(_ end: Ann?) -> Bool {
            guard let end else { return false }
            return src.timestamp != 0 && src.duration != 0 && src.timestamp &+ src.duration == end.time
        }
        if cs == nil, endReflectsDuration(cr), let cr { cs = (src.timestamp, cr.endpoint) }
        if sr == nil, endReflectsDuration(ss), let ss { sr = (src.timestamp, ss.endpoint) }

        if let cs, let sr {
            // The client owns the span's timestamp/duration; the server gets sr..ss.
            maybeTimestampDuration(src, cs, cr)
            let (client, server) = splitSides(cs, sr, kinds: (.client, .server))
            halves[server].timestamp = sr.time
            if let ss { halves[server].duration = ModelTime.difference(ss.time, sr.time) }
            if cr == nil && src.duration == 0 { halves[client].duration = nil }
        } else if let cs, let cr {
            maybeTimestampDuration(src, cs, cr)
        } else if let sr, let ss {
            maybeTimestampDuration(src, sr, ss)
        } else {
            handleIncompleteRpc(src)
        }

        // v1 had no shared flag: a server side without the span timestamp is the shared half.
        if cs == nil, let sr, src.timestamp == 0 || (ss != nil && src.duration == 0) {
            halves[forEndpoint(sr.endpoint)].shared = true
        }

        if let ms, let mr {
            let (producer, consumer) = splitSides(ms, mr, kinds: (.producer, .consumer))
            if let wr {
                halves[consumer].timestamp = wr.time
                halves[consumer].duration = ModelTime.difference(mr.time, wr.time)
            } else {
                halves[consumer].timestamp = mr.time
            }
            halves[producer].timestamp = ms.time
            halves[producer].duration = ws.map { ModelTime.difference($0.time, ms.time) }
        } else if let ms {
            maybeTimestampDuration(src, ms, ws)
        } else if let mr {
            if let wr { maybeTimestampDuration(src, wr, mr) } else { maybeTimestampDuration(src, mr, nil) }
        } else {
            if let ws { halves[forEndpoint(ws.endpoint)].annotations.append((ws.time, "ws")) }
            if let wr { halves[forEndpoint(wr.endpoint)].annotations.append((wr.time, "wr")) }
        }
    }

    mutating func maybeTimestampDuration(_ src: ZipkinFullSpan, _ begin: Ann, _ end: Ann?) {
        let i = forEndpoint(begin.endpoint)
        if src.timestamp != 0 && src.duration != 0 {
            halves[i].timestamp = src.timestamp
            halves[i].duration = src.duration
        } else {
            halves[i].timestamp = begin.time
            if let end { halves[i].duration = ModelTime.difference(end.time, begin.time) }
        }
    }

    mutating func handleIncompleteRpc(_ src: ZipkinFullSpan) {
        for i in halves.indices {
            if halves[i].kind == .client {
                if let cs { halves[i].timestamp = cs.time }
                if let cr { halves[i].annotations.append((cr.time, "cr")) }
            } else if halves[i].kind == .server {
                if let sr { halves[i].timestamp = sr.time }
                if let ss { halves[i].annotations.append((ss.time, "ss")) }
            }
        }
        if src.timestamp != 0 {
            halves[0].timestamp = src.timestamp
            halves[0].duration = src.duration == 0 ? nil : src.duration
        }
    }

    mutating func processBinaries(_ src: ZipkinFullSpan) {
        var ca: ZipkinEndpoint?, sa: ZipkinEndpoint?, ma: ZipkinEndpoint?
        for b in src.binaries {
            if b.isAddress {
                switch b.key {
                case "ca": ca = b.endpoint
                case "sa": sa = b.endpoint
                default: ma = b.endpoint
                }
                continue
            }
            guard let value = b.value else { continue }
            let i = forEndpoint(b.endpoint)
            if b.key == "lc" && value.isEmpty { continue }  // marker only
            halves[i].tags.append((b.key, value))
        }

        let noCore = cs == nil && cr == nil && ss == nil && sr == nil
        if noCore && (ca != nil || sa != nil) {
            if let ca, let sa {
                halves[forEndpoint(ca)].remote = sa
            } else if let sa {
                halves[0].remote = sa
            } else if let ca {
                halves[0].kind = .server
                halves[0].remote = ca
            }
            return
        }
        let server = sr ?? ss
        if var ca, let server, ca != server.endpoint {
            // Finagle puts the server's own service name on "ca"; drop it to avoid loopback links.
            if ZipkinEndpoint.sameService(ca, server.endpoint) { ca.service = nil }
            halves[forEndpoint(server.endpoint)].remote = ca
        }
        if let sa {
            if let cs {
                halves[forEndpoint(cs.endpoint)].remote = sa
            } else if let cr {
                halves[forEndpoint(cr.endpoint)].remote = sa
            }
        }
        if let ma {
            if let ms { halves[forEndpoint(ms.endpoint)].remote = ma }
            if let mr { halves[forEndpoint(mr.endpoint)].remote = ma }
        }
    }
}
