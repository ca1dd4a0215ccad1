import Foundation
import Testing
import TraceAnalysis
import TraceFormats
import TraceModel
import TestSupport

/// A shared span id reported by one client and five servers (a fan-out to replicas), from Zipkin
/// Lens' own test data: every server half hangs under the client, and each child under the
/// server half on its own host.
@Suite(.enabled(if: Corpus.present)) struct ZipkinFanOutTests {
    @Test func everyServerHalfIsAChildOfTheClientAndChildrenFollowTheirHost() throws {
        let path = Corpus.path("zipkin-v2/zipkin-lens-smartthings-mobile-web-install.json")
        let set = try TraceLoader.load(path: path).set
        let tree = TraceTree.build(set, try #require(set.traces().first))
        let shared = SpanID(0xcbab506b53f336fc)
        let halves = tree.nodes.indices.filter { tree.nodes[$0].spanID == shared }
        #expect(halves.count == 6)
        let client = try #require(halves.first { set.spans[tree.nodes[$0].spanIndex].kind == .client })
        let servers = halves.filter { $0 != client }
        #expect(servers.allSatisfy { tree.nodes[$0].parent == Int32(client) && tree.nodes[$0].flags.contains(.sharedServer) })
        #expect(servers.allSatisfy { !tree.nodes[$0].displayID.contains("_") })
        // process.archiver ran on 10.6.83.20, process.oreck on .88.250, process.dove on .150.179.
        for (child, ip) in [(0x017bfc73a014d42c, "10.6.83.20"), (0xc1c06fd706fca9cb, "10.6.88.250"),
                            (0xb6fdd2a6b74e32e5, "10.6.150.179")] as [(UInt64, String)] {
            let node = try #require(tree.nodes.firstIndex { $0.spanID == SpanID(child) })
            let parent = Int(tree.nodes[node].parent)
            #expect(servers.contains(parent))
            #expect(set.resource(set.spans[tree.nodes[parent].spanIndex].resource)?.host == ip)
        }
    }
}
