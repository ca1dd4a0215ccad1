/// Binary searches over ascending node lists.
enum Search {
    /// Index of the first element > x (or count).
    static func upperBound(_ a: [Int32], _ x: Int32) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether ascending `a` holds `x`.
    static func contains(_ a: [Int], _ x: Int) -> Bool {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == x
    }

    static func lastAtOrBefore(_ a: [Int32], _ x: Int32) -> Int32? {
        let i = upperBound(a, x)
        return i > 0 ? a[i - 1] : nil
    }
}
