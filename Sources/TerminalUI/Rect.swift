/// A cell rectangle. Views receive one and draw only inside it, which is what lets panes be
/// rearranged and tested one at a time.
public struct Rect: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(width: Int, height: Int) { self.init(x: 0, y: 0, width: width, height: height) }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var area: Int { width * height }
    public var description: String { "\(width)x\(height)@\(x),\(y)" }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// Shrinks from each side, never below zero size (a too-small pane collapses, not inverts).
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        let w = max(0, width - left - right)
        let h = max(0, height - top - bottom)
        return Rect(x: x + min(left, width), y: y + min(top, height), width: w, height: h)
    }

    public func inset(by n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    /// The overlap of two rectangles (empty when they do not meet); used to clip drawing.
    public func intersection(_ other: Rect) -> Rect {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        let x1 = min(maxX, other.maxX), y1 = min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Side-by-side panes: the width is shared out by `Layout.distribute`.
    public func columns(_ sizes: [Layout.Size]) -> [Rect] {
        var cx = x
        return Layout.distribute(width, sizes).map { w in
            defer { cx += w }
            return Rect(x: cx, y: y, width: w, height: height)
        }
    }

    /// Stacked panes: the height is shared out by `Layout.distribute`.
    public func rows(_ sizes: [Layout.Size]) -> [Rect] {
        var cy = y
        return Layout.distribute(height, sizes).map { h in
            defer { cy += h }
            return Rect(x: x, y: cy, width: width, height: h)
        }
    }
}
