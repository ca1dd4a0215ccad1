import TerminalUI

/// How a role looks on a real terminal. Colours are curses colour numbers; -1 is the
/// terminal's default colour (needs `use_default_colors`).
public struct Style: Equatable, Hashable, Sendable {
    public var foreground: Int
    public var background: Int
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool

    public init(foreground: Int = -1, background: Int = -1, bold: Bool = false,
                reverse: Bool = false, dim: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    /// True when this style needs a colour pair (anything but default on default).
    public var usesColor: Bool { foreground != -1 || background != -1 }
}

/// Role → style for one terminal capability level. The same roles hold for 256 colours,
/// 8 colours and monochrome (no colour support or `NO_COLOR`), which uses attributes only.
public struct Theme: Equatable, Sendable {
    public enum Mode: String, Equatable, Sendable {
        case palette256, basic8, monochrome
    }

    public let mode: Mode
    private let styles: [Role: Style]

    /// The style for `role`; every role has one in every mode.
    public func style(for role: Role) -> Style { styles[role] ?? Style() }

    /// `colors` is the terminal's colour count (0 when it has none); `noColor` is whether
    /// `NO_COLOR` is set, which forces monochrome.
    public static func `for`(colors: Int, noColor: Bool) -> Theme {
        if noColor || colors < 8 { return monochrome }
        return colors >= 256 ? palette256 : basic8
    }

    /// Whether the `NO_COLOR` convention asks for no colour (set to a non-empty value).
    public static func noColorRequested(_ environment: [String: String]) -> Bool {
        guard let v = environment["NO_COLOR"] else { return false }
        return !v.isEmpty
    }

    public static let palette256 = Theme(mode: .palette256, styles: [
        .normal: Style(),
        .dim: Style(foreground: 244),
        .header: Style(foreground: 75, bold: true),
        .selected: Style(foreground: 231, background: 24, bold: true),
        .criticalPath: Style(foreground: 208, bold: true),
        .endToEndPath: Style(foreground: 45, bold: true),
        .error: Style(foreground: 196, bold: true),
        .match: Style(foreground: 16, background: 220),
        .orphan: Style(foreground: 141),
        .skewed: Style(foreground: 178),
        .border: Style(foreground: 240),
        .hint: Style(foreground: 109),
        .bar: Style(foreground: 67),
        // Service palette: mid-saturation hues that read on dark and light backgrounds.
        .service1: Style(foreground: 39),   // blue
        .service2: Style(foreground: 114),  // green
        .service3: Style(foreground: 180),  // tan
        .service4: Style(foreground: 170),  // orchid
        .service5: Style(foreground: 73),   // teal
        .service6: Style(foreground: 215),  // peach
        .service7: Style(foreground: 147),  // lavender
        .service8: Style(foreground: 150),  // olive
        .logDebug: Style(foreground: 244),
        .logInfo: Style(foreground: 114),
        .logWarn: Style(foreground: 214, bold: true),
        .logMark: Style(foreground: 109),
    ])

    // Colour numbers 0...7: black, red, green, yellow, blue, magenta, cyan, white.
    public static let basic8 = Theme(mode: .basic8, styles: [
        .normal: Style(),
        .dim: Style(dim: true),
        .header: Style(foreground: 6, bold: true),
        .selected: Style(foreground: 7, background: 4, bold: true),
        .criticalPath: Style(foreground: 3, bold: true),
        .endToEndPath: Style(foreground: 6, bold: true),
        .error: Style(foreground: 1, bold: true),
        .match: Style(foreground: 0, background: 3),
        .orphan: Style(foreground: 5),
        .skewed: Style(foreground: 3),
        .border: Style(foreground: 4),
        .hint: Style(dim: true),
        .bar: Style(foreground: 2),
        // Five hues (red is left to errors), then bold variants so all eight stay distinct.
        .service1: Style(foreground: 4),
        .service2: Style(foreground: 2),
        .service3: Style(foreground: 3),
        .service4: Style(foreground: 5),
        .service5: Style(foreground: 6),
        .service6: Style(foreground: 4, bold: true),
        .service7: Style(foreground: 5, bold: true),
        .service8: Style(foreground: 6, bold: true),
        .logDebug: Style(dim: true),
        .logInfo: Style(foreground: 2),
        .logWarn: Style(foreground: 3, bold: true),
        .logMark: Style(foreground: 6),
    ])

    public static let monochrome = Theme(mode: .monochrome, styles: [
        .normal: Style(),
        .dim: Style(dim: true),
        .header: Style(bold: true),
        .selected: Style(reverse: true),
        .criticalPath: Style(bold: true),
        .endToEndPath: Style(bold: true, underline: true),
        .error: Style(bold: true),
        .match: Style(bold: true, reverse: true),
        .orphan: Style(dim: true),
        .skewed: Style(bold: true),
        .border: Style(),
        .hint: Style(dim: true),
        .bar: Style(reverse: true),
        // No colour to tell services apart: they read as plain text.
        .service1: Style(), .service2: Style(), .service3: Style(), .service4: Style(),
        .service5: Style(), .service6: Style(), .service7: Style(), .service8: Style(),
        .logDebug: Style(dim: true), .logInfo: Style(), .logWarn: Style(bold: true), .logMark: Style(underline: true),
    ])
}
