import Foundation
import TraceFormats
import TraceModel

/// Decodes an in-memory document through the same path as files.
func decode(_ json: String) throws -> LoadedInput {
    try TraceLoader.decode(FileBytes(json, name: "test.json"))
}

/// The load error for a document that must fail.
func loadError(_ json: String, name: String = "bad.json") -> LoadError? {
    do {
        _ = try TraceLoader.decode(FileBytes(json, name: name))
        return nil
    } catch let e as LoadError {
        return e
    } catch {
        return nil
    }
}

extension TraceSet {
    func span(_ hex: String) -> Span? { spans.first { $0.spanID.hex == hex } }
}
