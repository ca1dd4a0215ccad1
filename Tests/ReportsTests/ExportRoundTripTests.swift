import TerminalUI
import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel
import Export
import TestSupport

/// Every trace file we have (our Fixtures/, and ../shared/corpus when it is there): analyse it,
/// export it as OTLP, analyse the export — the same spans, tree, critical path (sections and
/// times) and self times. Zipkin shared ids, re-used ids and FOLLOWS_FROM parents all have to
/// survive for this to hold.
@Suite struct ExportRoundTripTests {
    static var files: [String] {
        let fm = FileManager.default
        var paths: [String] = []
        for dir in ["Fixtures/formats", "Fixtures/demo"] {
            let url = Repo.root.appendingPathComponent(dir)
            paths += ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted().map { url.appendingPathComponent($0).path }
        }
        return paths + Corpus.traceFiles
    }

    /// One node as the analysis sees it, in display order.
    struct NodeRow: Equatable {
        var name: String, service: String, depth: Int32, start: Int64, duration: Int64
        var selfNs: Int64, criticalNs: Int64, error: Bool, flags: NodeFlags
    }

    static func rows(_ set: TraceSet, _ tree: TraceTree) -> [NodeRow] {
        // Flags that only say how the input spelled things (shared ids, re-used ids) may change.
        let kept: NodeFlags = [.orphan, .cycleCut, .missingStart, .missingDuration, .endBeforeStart, .nonBlocking, .onCriticalPath]
        return tree.nodes.map { n in
            let s = set.spans[n.spanIndex]
            return NodeRow(name: set.strings[s.name], service: set.strings[s.service], depth: n.depth, start: n.start,
                           duration: n.duration, selfNs: n.selfNs, criticalNs: n.criticalNs, error: s.isError,
                           flags: n.flags.intersection(kept))
        }
    }

    @Test(arguments: files)
    func exportReadsBackAsTheSameTrees(path: String) throws {
        let original = try TraceLoader.load(path: path).set
        let before = Analysis(original)
        var out: [UInt8] = []
        ExportOTLP.write(set: original, trees: before.trees, to: &out)
        let back = try TraceLoader.decode(FileBytes(out, name: "export.json")).set
        let after = Analysis(back)
        #expect(after.trees.count == before.trees.count)
        for (a, b) in zip(before.trees, after.trees) {
            #expect(a.traceID == b.traceID)
            #expect(Self.rows(original, a) == Self.rows(back, b), "trace \(a.traceID.hex)")
            #expect(a.criticalPath == b.criticalPath, "trace \(a.traceID.hex)")
            #expect(a.startNs == b.startNs && a.durationNs == b.durationNs)
            // Valid OTLP: span ids are unique within the trace.
            #expect(Set(b.nodes.map(\.spanID)).count == b.nodes.count, "trace \(a.traceID.hex)")
            #expect(b.duplicatesRemoved == 0 && !b.nodes.contains { $0.flags.contains(.duplicateID) })
        }
    }

    /// A client and a server half share one id: the export gives the server half a derived id
    /// (the original kept as an attribute) and makes the client its parent.
    @Test func sharedZipkinHalvesGetADerivedIdAndKeepTheOriginal() throws {
        let path = Repo.path("Fixtures/formats/checkout-shared.zipkin-v2.json")
        let set = try TraceLoader.load(path: path).set
        let tree = try #require(Analysis(set).trees.first)
        let server = try #require(tree.nodes.firstIndex { $0.flags.contains(.sharedServer) })
        var out: [UInt8] = []
        ExportOTLP.write(set: set, trees: [tree], to: &out)
        let back = try TraceLoader.decode(FileBytes(out, name: "export.json")).set
        let original = tree.nodes[server].spanID
        let half = try #require(back.spans.first { s in
            back.details(s).attributes.contains(Attribute(ExportOTLP.originalIDKey, .string(original.hex)))
        })
        #expect(half.spanID != original)
        #expect(half.parentID == original)
    }

    /// A Jaeger FOLLOWS_FROM parent survives as a link with `opentracing.ref_type`.
    @Test func followsFromParentSurvives() throws {
        let jaeger = """
        {"data":[{"traceID":"abc","spans":[
          {"traceID":"abc","spanID":"1","operationName":"root","startTime":1000,"duration":100,"processID":"p1"},
          {"traceID":"abc","spanID":"2","operationName":"later","startTime":1050,"duration":500,"processID":"p1",
           "references":[{"refType":"FOLLOWS_FROM","traceID":"abc","spanID":"1"}]}],
         "processes":{"p1":{"serviceName":"svc"}}}]}
        """
        let set = try TraceLoader.decode(FileBytes(jaeger, name: "j.json")).set
        let tree = TraceTree.build(set, try #require(set.traces().first))
        #expect(tree.nodes[1].flags.contains(.nonBlocking))
        var out: [UInt8] = []
        ExportOTLP.write(set: set, trees: [tree], to: &out)
        #expect(String(decoding: out, as: UTF8.self).contains("follows_from"))
        let back = try TraceLoader.decode(FileBytes(out, name: "export.json")).set
        let again = TraceTree.build(back, try #require(back.traces().first))
        #expect(again.nodes[1].flags.contains(.nonBlocking))
        #expect(again.criticalPath == tree.criticalPath)
    }
}
