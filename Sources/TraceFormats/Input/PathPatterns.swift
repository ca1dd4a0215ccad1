#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands glob patterns (`logs/*.jsonl`) the way a shell would: a quoted pattern, or one
/// from a script that does not expand it, reaches us literally.
public enum PathPatterns {
    public static func hasPattern(_ path: String) -> Bool {
        path != "-" && path.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The matching paths in sorted order; a path without pattern characters is returned as it
    /// is (missing files are the loader's to report); an unmatched pattern gives [].
    public static func expand(_ pattern: String) -> [String] {
        guard hasPattern(pattern) else { return [pattern] }
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out.sorted()
    }
}
