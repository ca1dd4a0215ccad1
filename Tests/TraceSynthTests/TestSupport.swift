import Foundation
import TraceModel
@testable import TraceSynth

func parseJSON(_ bytes: [UInt8]) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}

func jsonLines(_ bytes: [UInt8]) throws -> [[String: Any]] {
    try bytes.split(separator: UInt8(ascii: "\n")).map { line in
        guard let o = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            throw TestFailure("line is not an object")
        }
        return o
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// All spans of an OTLP request, with their service.
func otlpSpans(_ request: [String: Any]) -> [(service: String, span: [String: Any])] {
    var out: [(String, [String: Any])] = []
    for rs in request["resourceSpans"] as? [[String: Any]] ?? [] {
        let attrs = (rs["resource"] as? [String: Any])?["attributes"] as? [[String: Any]] ?? []
        let service = attrs.first { $0["key"] as? String == "service.name" }
            .flatMap { ($0["value"] as? [String: Any])?["stringValue"] as? String } ?? ""
        for ss in rs["scopeSpans"] as? [[String: Any]] ?? [] {
            for s in ss["spans"] as? [[String: Any]] ?? [] { out.append((service, s)) }
        }
    }
    return out
}

let checkout = CheckoutTrace.make()
