#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The trace inputs named on the command line: files as given, quoted glob patterns expanded
/// (as `--logs` does), directories walked recursively. Files found in a directory are trace
/// files only if their content says so (sniffed by the loader, not judged by name).
public struct InputPaths: Sendable {
    public struct Input: Sendable, Equatable {
        public var path: String
        /// Found by walking a directory: skipped quietly (and counted) when not a trace.
        public var fromDirectory: Bool
    }

    public var inputs: [Input] = []
    public var errors: [LoadError] = []

    public init(_ arguments: [String]) {
        for argument in arguments {
            let expanded = PathPatterns.expand(argument)
            if expanded.isEmpty { errors.append(LoadError(file: argument, message: "no file matches this pattern")) }
            for path in expanded {
                if path != "-" && Self.isDirectory(path) {
                    walk(path)
                } else {
                    inputs.append(Input(path: path, fromDirectory: false))
                }
            }
        }
    }

    /// Depth-first with an explicit stack, entries in name order; symbolic links to directories
    /// are not followed (a link back up would loop), hidden entries are skipped.
    mutating func walk(_ root: String) {
        var stack = [root]
        while let dir = stack.popLast() {
            guard let d = opendir(dir) else {
                errors.append(LoadError(file: dir, message: "cannot read directory: \(String(cString: strerror(errno)))"))
                continue
            }
            var names: [String] = []
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if !name.hasPrefix(".") { names.append(name) }
            }
            closedir(d)
            var subdirectories: [String] = []
            for name in names.sorted() {
                let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR: subdirectories.append(path)
                case S_IFREG: inputs.append(Input(path: path, fromDirectory: true))
                case S_IFLNK where !Self.isDirectory(path): inputs.append(Input(path: path, fromDirectory: true))
                default: break
                }
            }
            stack.append(contentsOf: subdirectories.reversed())
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
