import Testing
import TerminalUI

struct LayoutTests {
    @Test("distribute shares the parent exactly", arguments: [
        (80, [.fixed(20), .fill], [20, 60]),
        (10, [.ratio(1, 3), .ratio(1, 3), .ratio(1, 3)], [3, 3, 4]),
        (7, [.fill, .fill, .fill], [3, 2, 2]),
        (5, [.fixed(4), .fixed(4)], [4, 1]),
        (0, [.fixed(3), .fill], [0, 0]),
        (100, [.ratio(1, 4), .fixed(10), .fill, .fill], [25, 10, 33, 32]),
        (12, [.fixed(2), .ratio(1, 2)], [2, 10]),
    ] as [(Int, [Layout.Size], [Int])])
    func distribute(_ length: Int, _ sizes: [Layout.Size], _ expected: [Int]) {
        let parts = Layout.distribute(length, sizes)
        #expect(parts == expected)
        #expect(parts.reduce(0, +) == length)
    }

    @Test("columns and rows tile the parent", arguments: [1, 7, 33, 80, 121])
    func tiling(_ size: Int) {
        let parent = Rect(x: 3, y: 2, width: size, height: size)
        let sizes: [Layout.Size] = [.fixed(5), .ratio(1, 3), .fill, .fill]
        let cols = parent.columns(sizes)
        #expect(cols.map(\.width).reduce(0, +) == parent.width)
        #expect(cols.first?.x == parent.x && cols.last?.maxX == parent.maxX)
        #expect(zip(cols, cols.dropFirst()).allSatisfy { $0.maxX == $1.x })
        #expect(cols.allSatisfy { $0.y == parent.y && $0.height == parent.height })
        let rows = parent.rows(sizes)
        #expect(rows.map(\.height).reduce(0, +) == parent.height)
        #expect(rows.first?.y == parent.y && rows.last?.maxY == parent.maxY)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.maxY == $1.y })
        #expect(rows.allSatisfy { $0.x == parent.x && $0.width == parent.width })
    }

    @Test func insetAndIntersection() {
        let r = Rect(x: 2, y: 1, width: 10, height: 5)
        #expect(r.inset(by: 1) == Rect(x: 3, y: 2, width: 8, height: 3))
        #expect(r.inset(top: 1, left: 2) == Rect(x: 4, y: 2, width: 8, height: 4))
        #expect(r.inset(by: 4).height == 0)
        #expect(r.inset(by: 4).width == 2)
        #expect(r.intersection(Rect(x: 0, y: 0, width: 4, height: 3)) == Rect(x: 2, y: 1, width: 2, height: 2))
        #expect(r.intersection(Rect(x: 50, y: 50, width: 4, height: 3)).isEmpty)
        #expect(r.contains(x: 11, y: 5) && !r.contains(x: 12, y: 5) && !r.contains(x: 2, y: 6))
    }
}
