import TraceModel

/// Everything in one span object, decoded fully (v1 conversion and lazy details).
/// Fields are filled while parsing, so a parse that fails half-way still leaves what it read.
struct ZipkinFullSpan {
    struct Annotation { var timestamp: Int64; var value: String; var endpoint: ZipkinEndpoint? }
    struct Binary { var key: String; var value: String?; var isAddress: Bool; var endpoint: ZipkinEndpoint? }

    var name = ""
    var kind: SpanKind?
    var timestamp: Int64 = 0
    var duration: Int64 = 0
    var shared = false
    var debug = false
    var local: ZipkinEndpoint?
    var remote: ZipkinEndpoint?
    var annotations: [Annotation] = []
    var binaries: [Binary] = []
    var hasBinaryAnnotations = false
    var tags: [(key: String, value: String)] = []

    /// Reads one span object at the scanner's position.
    mutating func parse(_ s: inout JSONScanner, proto: Bool) throws(JSONError) {
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.key(k, is: "name") {
                name = try ZipkinJSON.readOptText(&s) ?? ""
            } else if s.key(k, is: "kind") {
                kind = try ZipkinJSON.readKind(&s)
            } else if s.key(k, is: "timestamp") {
                timestamp = max(0, try ZipkinJSON.readLenientInt(&s) ?? 0)
            } else if s.key(k, is: "duration") {
                duration = try ZipkinJSON.readLenientInt(&s) ?? 0
            } else if s.key(k, is: "shared") {
                shared = try ZipkinJSON.readLenientBool(&s)
            } else if s.key(k, is: "debug") {
                debug = try ZipkinJSON.readLenientBool(&s)
            } else if s.key(k, is: "localendpoint") {
                local = try ZipkinJSON.readEndpoint(&s, proto: proto)
            } else if s.key(k, is: "remoteendpoint") {
                remote = try ZipkinJSON.readEndpoint(&s, proto: proto)
            } else if s.key(k, is: "annotations") {
                try readAnnotations(&s, proto: proto)
            } else if s.key(k, is: "binaryannotations") {
                hasBinaryAnnotations = true
                try readBinaries(&s, proto: proto)
            } else if s.key(k, is: "tags") {
                try s.forEachField { (s: inout JSONScanner, tk: JSONString) throws(JSONError) in
                    let key = s.text(tk)
                    if let v = try ZipkinJSON.readValueText(&s) { tags.append((key, v)) }
                }
            } else {
                try s.skipValue()
            }
        }
    }

    private mutating func readAnnotations(_ s: inout JSONScanner, proto: Bool) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var a = Annotation(timestamp: 0, value: "", endpoint: nil)
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "timestamp") {
                    a.timestamp = try ZipkinJSON.readLenientInt(&s) ?? 0
                } else if s.key(k, is: "value") {
                    a.value = try ZipkinJSON.readValueText(&s) ?? ""
                } else if s.key(k, is: "endpoint") {
                    a.endpoint = try ZipkinJSON.readEndpoint(&s, proto: proto)
                } else {
                    try s.skipValue()
                }
            }
            annotations.append(a)
        }
    }

    private mutating func readBinaries(_ s: inout JSONScanner, proto: Bool) throws(JSONError) {
        try s.forEachObjectElement { (s: inout JSONScanner) throws(JSONError) in
            var b = Binary(key: "", value: nil, isAddress: false, endpoint: nil)
            var boolTrue = false
            try s.forEachField { (s: inout JSONScanner, k: JSONString) throws(JSONError) in
                if s.key(k, is: "key") {
                    b.key = try ZipkinJSON.readOptText(&s) ?? ""
                } else if s.key(k, is: "value") {
                    if s.nextKind() == .bool {
                        boolTrue = try s.readBool()
                        b.value = boolTrue ? "true" : "false"
                    } else {
                        b.value = try ZipkinJSON.readValueText(&s)
                    }
                } else if s.key(k, is: "endpoint") {
                    b.endpoint = try ZipkinJSON.readEndpoint(&s, proto: proto)
                } else {
                    try s.skipValue()
                }
            }
            // Address annotations: sa/ca/ma with an endpoint and a value of true (zipkin-ruby sends "1").
            if b.key == "sa" || b.key == "ca" || b.key == "ma", b.endpoint != nil,
               boolTrue || b.value == "1" || b.value == "true" {
                b.isAddress = true
            }
            binaries.append(b)
        }
    }

    /// For a v2-shaped span routed through the v1 converter: annotations without an endpoint
    /// belong to the local endpoint, tags become binary annotations of the local endpoint.
    mutating func adoptV2Fields() {
        if let l = local {
            for i in annotations.indices where annotations[i].endpoint == nil { annotations[i].endpoint = l }
        }
        for t in tags { binaries.append(Binary(key: t.key, value: t.value, isAddress: false, endpoint: local)) }
        tags = []
    }
}
