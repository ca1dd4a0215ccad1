import TerminalUI
import TraceModel

/// Why an id given on the command line names no trace or span: one sentence for stderr.
public struct IDLookupError: Error, Equatable, CustomStringConvertible {
    public var description: String
    /// A malformed id (a usage error) rather than one that is merely not in the input.
    public var malformed: Bool
}

/// Ids typed on the command line (`--trace`, `--span`, `compare A B`): a full id in any form the
/// decoders accept, or a unique prefix of the canonical hex, as git takes commit prefixes.
public enum IDLookup {
    /// Candidates named in an "ambiguous" message before "and n more".
    public static let shownCandidates = 5

    public static func trace(_ text: String, in ids: some Sequence<TraceID>, option: String = "--trace") -> Result<TraceID, IDLookupError> {
        // 64-bit ids show as 16 digits, but OTLP writes them as 32: a prefix of either form counts.
        resolve(text, what: "trace", option: option, exact: TraceID(text), ids: ids) { id, prefix in
            id.hex.hasPrefix(prefix) || id.hex32.hasPrefix(prefix)
        }
    }

    public static func span(_ text: String, in ids: some Sequence<SpanID>, option: String = "--span") -> Result<SpanID, IDLookupError> {
        resolve(text, what: "span", option: option, exact: SpanID(text), ids: ids) { id, prefix in id.hex.hasPrefix(prefix) }
    }

    static func resolve<ID: Hashable & Comparable & HexNamed>(
        _ text: String, what: String, option: String, exact: ID?, ids: some Sequence<ID>, matches: (ID, String) -> Bool
    ) -> Result<ID, IDLookupError> {
        let shown = Sanitize.fit(text, 40)
        let prefix = text.lowercased()
        let isHex = !prefix.isEmpty && prefix.allSatisfy(\.isHexDigit)
        guard isHex || exact != nil else {
            return .failure(IDLookupError(description: "\(option) \(shown) is not a \(what) id (hex digits, or a unique prefix of one)", malformed: true))
        }
        var candidates = Set<ID>()
        for id in ids {
            if id == exact { return .success(id) }
            if isHex && matches(id, prefix) { candidates.insert(id) }
        }
        if candidates.count == 1 { return .success(candidates.first!) }
        if candidates.isEmpty {
            return .failure(IDLookupError(description: "\(what) \(shown) not found", malformed: false))
        }
        let sorted = candidates.sorted()
        var names = sorted.prefix(shownCandidates).map(\.hex).joined(separator: ", ")
        if sorted.count > shownCandidates { names += " and \(Units.count(sorted.count - shownCandidates)) more" }
        return .failure(IDLookupError(
            description: "\(what) id prefix \(shown) is ambiguous: \(Units.counted(sorted.count, what)) start with it: \(names)",
            malformed: false))
    }
}

/// Ids printed in their canonical hex.
public protocol HexNamed { var hex: String { get } }
extension TraceID: HexNamed {}
extension SpanID: HexNamed {}
