/// What a cell *means*, not how it looks. Views pick roles; a theme maps roles to colours later,
/// so the same golden screen holds for 256 colours, 8 colours and NO_COLOR.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case normal, dim, header, selected, criticalPath, error, match, orphan, skewed, border, hint, bar
    /// The end-to-end path (spans and the waits before asynchronous ones), when highlighted.
    case endToEndPath
    /// A small palette for telling services apart; pick one with `Role.service(_:)` or
    /// `Role.service(named:)`. Codes `1`…`8`.
    case service1, service2, service3, service4, service5, service6, service7, service8
    /// Linked logs: severities below ERROR (which uses `error`), and the waterfall's log mark.
    case logDebug, logInfo, logWarn, logMark

    /// The eight service roles, in palette order.
    public static let services: [Role] = [.service1, .service2, .service3, .service4,
                                          .service5, .service6, .service7, .service8]

    /// Service palette entry `n` (taken mod 8, so any integer is fine).
    public static func service(_ n: Int) -> Role {
        services[((n % services.count) + services.count) % services.count]
    }

    /// The palette entry for a service name: FNV-1a (32-bit) of its UTF-8 bytes, mod 8. Stable
    /// across runs and platforms, so a service keeps its colour everywhere.
    public static func service(named name: String) -> Role {
        service(Int(fnv1a32(name) % UInt32(services.count)))
    }

    /// 32-bit FNV-1a of the UTF-8 bytes.
    public static func fnv1a32(_ s: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in s.utf8 {
            h ^= UInt32(b)
            h = h &* 0x0100_0193
        }
        return h
    }

    /// One letter per role so a role dump lines up column for column with the text dump.
    public var code: Character {
        switch self {
        case .normal: "."
        case .dim: "d"
        case .header: "h"
        case .selected: "s"
        case .criticalPath: "c"
        case .endToEndPath: "a"
        case .error: "e"
        case .match: "m"
        case .orphan: "o"
        case .skewed: "k"
        case .border: "r"
        case .hint: "i"
        case .bar: "b"
        case .service1: "1"
        case .service2: "2"
        case .service3: "3"
        case .service4: "4"
        case .service5: "5"
        case .service6: "6"
        case .service7: "7"
        case .service8: "8"
        case .logDebug: "g"
        case .logInfo: "n"
        case .logWarn: "w"
        case .logMark: "l"
        }
    }

    /// The inverse of `code`, for reading role dumps back (snapshot tooling).
    public init?(code: Character) {
        guard let role = Role.allCases.first(where: { $0.code == code }) else { return nil }
        self = role
    }
}
