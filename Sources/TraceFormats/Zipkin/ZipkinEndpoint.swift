import TraceModel

/// A Zipkin endpoint (`localEndpoint`, `remoteEndpoint`, or a v1 annotation's `endpoint`).
/// Empty `serviceName` is treated as absent, as Zipkin's `Endpoint.Builder` does.
struct ZipkinEndpoint: Equatable, Sendable {
    var service: String?
    var ipv4: String?
    var ipv6: String?
    var port: Int = 0

    /// The host key: the ip (v4 preferred), or "".
    var ip: String { ipv4 ?? ipv6 ?? "" }

    /// Fills absent fields from `other` (Zipkin's endpoint merge).
    mutating func fill(from other: ZipkinEndpoint?) {
        guard let o = other else { return }
        if service == nil { service = o.service }
        if ipv4 == nil { ipv4 = o.ipv4 }
        if ipv6 == nil { ipv6 = o.ipv6 }
        if port == 0 { port = o.port }
    }

    static func sameService(_ a: ZipkinEndpoint?, _ b: ZipkinEndpoint?) -> Bool { a?.service == b?.service }
}

/// Zipkin's `Trace.EndpointTracker`: pieces of one span merge only when their local endpoints
/// do not contradict each other (an absent field matches anything).
struct ZipkinEndpointTracker {
    var service: String?, ipv4: String?, ipv6: String?
    var port = 0

    mutating func tryMerge(_ e: ZipkinEndpoint?) -> Bool {
        guard let e else { return true }
        if let s = service, let t = e.service, s != t { return false }
        if let s = ipv4, let t = e.ipv4, s != t { return false }
        if let s = ipv6, let t = e.ipv6, s != t { return false }
        if port != 0, e.port != 0, port != e.port { return false }
        if service == nil { service = e.service }
        if ipv4 == nil { ipv4 = e.ipv4 }
        if ipv6 == nil { ipv6 = e.ipv6 }
        if port == 0 { port = e.port }
        return true
    }

    static func compatible(_ a: ZipkinEndpoint?, _ b: ZipkinEndpoint?) -> Bool {
        var t = ZipkinEndpointTracker()
        _ = t.tryMerge(a)
        return t.tryMerge(b)
    }
}
