import TraceModel

extension JaegerDocumentDecoder {
    /// `{serviceName, tags}` → an interned service and a resource (deduplicated by content).
    mutating func readProcess(
        _ s: inout JSONScanner, _ set: inout TraceSet, hexBinary: Bool
    ) throws(JSONError) -> JaegerProcess? {
        guard s.peek() == 0x7B else {
            try s.skipValue()
            return nil
        }
        var service = ""
        var attributes: [Attribute] = []
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            if s.key(k, is: "servicename") {
                if s.peek() == 0x22 { service = try s.readText() } else { try s.skipValue() }
            } else if s.key(k, is: "tags") {
                try JaegerDetailSource.readAttributes(&s, hexBinary: hexBinary, into: &attributes)
            } else {
                try s.skipValue()
            }
        }
        if service.isEmpty {
            tally.add("processes have no serviceName (shown as unknown-service)",
                      "a process has no serviceName; shown as unknown-service")
            service = "unknown-service"
        }
        var fingerprint = service
        for a in attributes {
            fingerprint += "\u{0}" + a.key + "\u{1}" + a.value.text
        }
        if let known = resourceIndex[fingerprint] { return known }
        let host = Self.host(of: attributes)
        let id = set.strings.intern(service)
        let p = JaegerProcess(service: id, resource: set.addResource(Resource(service: id, host: host, attributes: attributes)))
        resourceIndex[fingerprint] = p
        return p
    }

    /// Host key for clock-skew detection: `hostname`/`host.name`, else `ip`/`host.ip`.
    static func host(of attributes: [Attribute]) -> String {
        for key in ["hostname", "host.name", "ip", "host.ip"] {
            guard let a = attributes.first(where: { $0.key == key }) else { continue }
            switch a.value {
            case .int(let v) where key.hasSuffix("ip"): return JaegerText.ipv4(v)
            case .empty: continue
            default:
                let t = a.value.text
                if !t.isEmpty { return t }
            }
        }
        return ""
    }

    /// UI JSON `"processes": {"p1": {…}, …}`.
    mutating func readProcessMap(
        _ s: inout JSONScanner, _ set: inout TraceSet, _ ctx: inout JaegerTraceContext
    ) throws(JSONError) {
        try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
            let key = s.text(k)
            if let p = try readProcess(&s, &set, hexBinary: false) { ctx.processes[key] = p }
        }
    }

    /// api_v2 `"processMap": [{"processId": "p1", "process": {…}}, …]`.
    mutating func readProcessList(
        _ s: inout JSONScanner, _ set: inout TraceSet, _ ctx: inout JaegerTraceContext
    ) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var key: String?
            var process: JaegerProcess?
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "processid") {
                    if s.peek() == 0x22 { key = try s.readText() } else { try s.skipValue() }
                } else if s.key(k, is: "process") {
                    process = try readProcess(&s, &set, hexBinary: false)
                } else {
                    try s.skipValue()
                }
            }
            if let key, let process { ctx.processes[key] = process }
        }
    }
}
