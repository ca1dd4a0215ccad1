import Foundation
import Testing
import TraceFormats
import TraceModel
import TestSupport

/// Real OTLP files written by other projects (../shared/corpus), when present.
@Suite(.enabled(if: Corpus.present)) struct OTLPCorpusTests {
    func load(_ relative: String) throws -> LoadedInput {
        try TraceLoader.load(path: Corpus.path(relative))
    }

    @Test func canonicalExampleHasUpperCaseIdsAndAnOrphanParent() throws {
        let input = try load("otlp/otel-proto-examples-trace.json")
        #expect(input.format == .otlp)
        let s = try #require(input.set.spans.first)
        #expect(input.set.spans.count == 1)
        #expect(s.traceID.hex == "5b8efff798038103d269b633813fc60c")
        #expect(s.parentID != .zero)
        #expect(s.kind == .server)
        #expect(input.set.details(s).scopeName == "my.library")
        #expect(input.set.details(s).scopeAttributes.contains(Attribute("my.scope.attribute", .string("some scope attribute"))))
        #expect(input.set.resource(s.resource)?.attributes.contains(Attribute("service.name", .string("my.service"))) == true)
    }

    @Test func apiV3EnvelopeCarriesAnErrorSpan() throws {
        let input = try load("otlp/jaeger-apiv3-snapshot-GetTrace.json")
        #expect(input.set.spans.count == 1)
        #expect(input.set.spans[0].status == .error)
    }

    @Test func linksAndTypedLinkAttributesDecodeLazily() throws {
        let input = try load("otlp/jaeger-integration-link_attributes_trace.json")
        let s = try #require(input.set.spans.first)
        #expect(s.linkCount == 3)
        let d = input.set.details(s)
        #expect(d.links.count == 3)
        let attrs = d.links.flatMap(\.attributes)
        #expect(attrs.contains(Attribute("opentracing.ref_type", .string("follows_from"))))
        #expect(attrs.contains { if case .bytes(let b) = $0.value { return b == [0, 0, 0x30, 0x39] } else { return false } })
        #expect(attrs.contains { $0.value == .int(123) })
    }

    @Test func fiveResourcesOneTrace() throws {
        let input = try load("otlp/jaeger-integration-example_trace.json")
        #expect(input.set.spans.count == 5)
        #expect(Set(input.set.spans.map(\.traceID)).count == 1)
        #expect(input.set.spans.allSatisfy { $0.parentID == .zero })
    }

    @Test func resourceWithoutServiceNameIsUnknownService() throws {
        let input = try load("otlp/jaeger-ui-otlp2jaeger-in-error.json")
        #expect(input.set.spans.count == 1)
        #expect(input.set.service(input.set.spans[0]) == "unknown_service")
        #expect(input.warnings.contains { $0.contains("without service.name") })
    }

    @Test func collectorJsonLinesWithMixedSignals() throws {
        let input = try load("otlp-jsonl/otel-tui-test_data.jsonl")
        #expect(input.set.spans.count == 547)
        #expect(Set(input.set.spans.map(\.traceID)).count == 141)
        #expect(input.set.logs.count == 23)
        #expect(input.set.spans.filter { $0.status == .error }.count == 107)
        #expect(input.set.spans.reduce(0) { $0 + Int($1.linkCount) } == 53)
        #expect(input.set.spans.reduce(0) { $0 + Int($1.eventCount) } == 139)
        let spanIDs = Set(input.set.spans.map(\.spanID))
        #expect(input.set.logs.filter { $0.spanID != .zero && spanIDs.contains($0.spanID) }.count == 13)
        #expect(input.set.logs.filter { $0.traceID == .zero }.count == 10)
    }

    @Test(arguments: ["otlp-logs/otel-proto-examples-logs.json", "otlp-logs/otel-proto-examples-events.json"])
    func logRequestsLoadAsLogRecords(file: String) throws {
        let input = try load(file)
        #expect(input.set.spans.isEmpty)
        #expect(input.set.logs.count == 1)
        #expect(input.set.logs[0].time > 0)
    }

    @Test func logRecordFieldsFromTheProtoExample() throws {
        let r = try #require(try load("otlp-logs/otel-proto-examples-logs.json").set.logs.first)
        #expect(r.traceID.hex == "5b8efff798038103d269b633813fc60c")
        #expect(r.severityNumber == 10)
        #expect(r.severityText == "Information")
        #expect(r.attributes.count >= 5)
        #expect(try load("otlp-logs/otel-proto-examples-events.json").set.logs.first?.eventName.isEmpty == false)
    }

    @Test func plainJsonLogLineWithShortUpperCaseIds() throws {
        let input = try load("jsonl-logs/otel-spec-logging-trace-context-json-example.jsonl")
        #expect(input.format == .jsonLogs)
        let r = try #require(input.set.logs.first)
        #expect(r.traceID.hex == "00102981abcd2901")
        #expect(r.spanID.hex == "000000abcdef1010")
        #expect(r.time == 1_581_385_157_144_290_000)
    }
}
