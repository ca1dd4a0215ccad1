import BackendHTTP
import Backends
import FakeBackends
import Foundation
import TraceFormats
import TraceModel
import TraceSynth
import Testing

/// What the fakes serve is what the real servers' bodies are to spanscope's own decoders: the
/// same spans, parents, services and errors, without repairs.
@Suite struct FakeDecodeTests {
    private let synth = CheckoutTrace.make()

    @Test func theSynthBridgeKeepsTheTrace() {
        let trace = FakeTrace(synth)
        #expect(trace.traceID == synth.traceID.hex32)
        #expect(trace.spans.count == synth.spans.count)
        #expect(trace.spans.filter { $0.parentID == nil }.count == synth.spans.filter(\.isRoot).count)
        #expect(trace.errorCount == synth.spans.filter { $0.status == .error }.count)
        #expect(Set(trace.services) == Set(synth.services))
    }

    @Test(arguments: [
        (FakeBackend.Flavor.jaeger(.v2_20), "/api/traces/"),
        (FakeBackend.Flavor.jaeger(.v2_20), "/api/v3/traces/"),
        (FakeBackend.Flavor.zipkin, "/api/v2/trace/"),
        (FakeBackend.Flavor.tempo(v2Traces: false), "/api/traces/"),
    ])
    func fetchedBodiesDecode(flavor: FakeBackend.Flavor, path: String) async throws {
        let trace = FakeTrace(synth)
        try await withFake(flavor, traces: [trace]) { _, transport in
            let response = try await transport.get(path + trace.traceID)
            #expect(response.status == 200)
            let loaded = try TraceLoader.decode(FileBytes(response.body, name: path))
            #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
            #expect(loaded.set.spans.count == trace.spans.count)
            #expect(Set(loaded.set.spans.map(\.traceID.hex32)) == [trace.traceID])
            let errors = loaded.set.spans.filter { $0.status == .error }.count
            #expect(errors == trace.errorCount)
        }
    }
}
