import Foundation

/// OTLP JSON `resourceSpans` in the two dialects the backends send: Jaeger api_v3 (OTel pdata:
/// hex ids, integer enums) and Tempo (gogo jsonpb: base64 ids, enum names). Both write int64
/// times as strings and leave zero fields out. One resource per (trace, service).
struct OTLPWriter {
    enum Dialect { case pdata, tempo }
    let dialect: Dialect

    /// `"resourceSpans":[…]` for all `traces` (the key name is the caller's: Tempo v1 says `batches`).
    func resourceSpans(_ traces: [FakeTrace], key: String, into out: inout JSONOut) {
        out.key(key, first: true)
        var groups: [(trace: String, service: String, spans: [FakeSpan])] = []
        for trace in traces {
            var index: [String: Int] = [:]
            for span in trace.spans {
                if let i = index[span.service] {
                    groups[i].spans.append(span)
                } else {
                    index[span.service] = groups.count
                    groups.append((trace.traceID, span.service, [span]))
                }
            }
        }
        out.array(groups) { out, group in
            out.raw("{\"resource\":{\"attributes\":[")
            attribute("service.name", group.service, into: &out)
            out.raw("]},\"scopeSpans\":[{\"scope\":{\"name\":\"fake\"},\"spans\":")
            out.array(group.spans) { out, span in write(span, traceID: group.trace, into: &out) }
            out.raw("}]}")
        }
    }

    private func write(_ span: FakeSpan, traceID: String, into out: inout JSONOut) {
        out.raw("{")
        out.field("traceId", id(traceID, digits: 32), first: true)
        out.field("spanId", id(span.spanID, digits: 16))
        if let parent = span.parentID { out.field("parentSpanId", id(parent, digits: 16)) }
        out.field("name", span.name)
        out.key("kind")
        let number = kindNumber(span.kind)
        if dialect == .pdata { out.raw(String(number)) } else { out.string(kindName(span.kind)) }
        out.field("startTimeUnixNano", String(span.start))
        out.field("endTimeUnixNano", String(span.end))
        if !span.attributes.isEmpty {
            out.key("attributes")
            out.array(span.attributes) { out, attribute in self.attribute(attribute.key, attribute.value, into: &out) }
        }
        out.key("status")
        if span.error {
            out.raw(dialect == .pdata ? "{\"code\":2}" : "{\"code\":\"STATUS_CODE_ERROR\"}")
        } else {
            out.raw("{}")
        }
        out.raw("}")
    }

    private func attribute(_ key: String, _ value: String, into out: inout JSONOut) {
        out.raw("{")
        out.field("key", key, first: true)
        out.raw(",\"value\":{")
        out.field("stringValue", value, first: true)
        out.raw("}}")
    }

    /// Hex as stored (pdata) or the bytes, left-padded, in base64 (Tempo).
    private func id(_ hex: String, digits: Int) -> String {
        guard dialect == .tempo else { return hex }
        let padded = String(repeating: "0", count: max(0, digits - hex.count)) + hex
        return Data(hexBytes(padded) ?? []).base64EncodedString()
    }

    func kindNumber(_ kind: FakeSpan.Kind) -> Int {
        switch kind {
        case .internal: return 1
        case .server: return 2
        case .client: return 3
        case .producer: return 4
        case .consumer: return 5
        }
    }

    private func kindName(_ kind: FakeSpan.Kind) -> String {
        "SPAN_KIND_" + kind.rawValue.uppercased()
    }
}
