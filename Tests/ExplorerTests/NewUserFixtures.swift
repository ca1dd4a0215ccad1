import Foundation
import Explorer
import TraceAnalysis
import TraceFormats
import TraceModel

/// Small traces written by the tests, for what a new user tripped over.
enum NewUserFixture {
    /// Loads Zipkin v2 JSON text through the real loader (a temporary file).
    static func zipkin(_ json: String) throws -> (TraceSet, Analysis) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-\(UUID().uuidString).json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let set = try TraceLoader.load(path: url.path).set
        return (set, Analysis(set))
    }

    /// One span whose attribute keys are long and alike: they differ only at their ends.
    static func longKeys() throws -> (TraceSet, Analysis) {
        try zipkin("""
        [{"traceId":"aaa1000000000001","id":"00000000000000a1","name":"GET /api/orders","timestamp":1700000000000000,
          "duration":1000,"localEndpoint":{"serviceName":"vulture"},
          "tags":{"http.request.method":"GET","vulture-process-id-first":"1","vulture-process-id-second":"2",
                  "vulture-process-id-third":"3",
                  "a.very.long.attribute.key.that.goes.on.and.on.past.half.of.the.pane.width":"its value"}}]
        """)
    }
}

extension NewUserFixture {
    /// A Zipkin RPC reported by both sides with one span id: the client half in `web`, the
    /// server half (`shared`) in `api`, and a child of the server half.
    static func sharedSpan() throws -> (TraceSet, Analysis) {
        try zipkin("""
        [{"traceId":"bbb1000000000001","id":"00000000000000b1","name":"get /","timestamp":1700000000000000,"duration":5000,
          "kind":"SERVER","localEndpoint":{"serviceName":"edge"}},
         {"traceId":"bbb1000000000001","id":"00000000000000c1","parentId":"00000000000000b1","name":"get /users","kind":"CLIENT",
          "timestamp":1700000000000500,"duration":4000,"localEndpoint":{"serviceName":"web"}},
         {"traceId":"bbb1000000000001","id":"00000000000000c1","parentId":"00000000000000b1","name":"get /users","kind":"SERVER",
          "shared":true,"timestamp":1700000000000700,"duration":3600,"localEndpoint":{"serviceName":"api"}},
         {"traceId":"bbb1000000000001","id":"00000000000000d1","parentId":"00000000000000c1","name":"select users",
          "timestamp":1700000000001000,"duration":2000,"localEndpoint":{"serviceName":"api"}}]
        """)
    }
}
