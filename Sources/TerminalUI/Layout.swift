/// Shares a length between panes. The parts always sum to the parent so there is never a stray
/// undrawn column or a pane hanging off screen, whatever the terminal size.
public enum Layout {
    public enum Size: Equatable, Hashable, Sendable {
        /// Exactly n cells (less if the parent is too small).
        case fixed(Int)
        /// numerator/denominator of the parent, rounded down; integer maths keeps it exact.
        case ratio(Int, Int)
        /// Whatever is left, shared evenly between all `.fill` parts (earlier ones get extras).
        case fill
    }

    /// Lengths for `sizes` that sum to `length` (for length ≥ 0 and at least one size). Fixed
    /// and ratio parts are granted in order while room remains; the remainder goes to `.fill`
    /// parts, or to the last part when there is none.
    public static func distribute(_ length: Int, _ sizes: [Size]) -> [Int] {
        guard !sizes.isEmpty else { return [] }
        let total = max(0, length)
        var remaining = total
        var out = sizes.map { size -> Int in
            let want: Int
            switch size {
            case .fixed(let n): want = max(0, n)
            case .ratio(let num, let den): want = den > 0 ? max(0, total * num / den) : 0
            case .fill: return 0
            }
            let granted = min(want, remaining)
            remaining -= granted
            return granted
        }
        let fills = sizes.indices.filter { sizes[$0] == .fill }
        if fills.isEmpty {
            out[out.count - 1] += remaining
        } else {
            for (k, i) in fills.enumerated() {
                out[i] = remaining / fills.count + (k < remaining % fills.count ? 1 : 0)
            }
        }
        return out
    }
}
