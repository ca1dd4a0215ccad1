import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The version printed by `--version`, and the build details printed by `spanscope version`.
enum BuildInfo {
    static let version = "0.1.0"

    /// The compiler that built this binary (compile-time conditions are the only portable source).
    static var swiftVersion: String {
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    static var configuration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    /// The running system (`uname`): where the binary runs, which is what a bug report needs.
    static var system: String {
        var u = utsname()
        guard uname(&u) == 0 else { return "unknown" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))"
    }

    static var details: String {
        """
        spanscope \(version)
        swift     \(swiftVersion)
        build     \(configuration)
        os        \(system)

        """
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version and build details (Swift version, build configuration, OS).")

    func run() throws {
        Runner.writeStdout(Array(BuildInfo.details.utf8))
    }
}
