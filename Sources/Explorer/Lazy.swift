import Foundation

/// A value computed the first time it is read (under a lock: the index is shared by states).
final class Lazy<T: Sendable>: @unchecked Sendable {
    private var cached: T?
    private let make: @Sendable () -> T
    private let lock = NSLock()

    init(_ make: @escaping @Sendable () -> T) { self.make = make }

    var value: T {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let v = make()
        cached = v
        return v
    }
}

/// `Lazy` whose computation needs the object that holds it (not available while that object's
/// initializer runs).
final class LazyOf<Owner: AnyObject & Sendable, T: Sendable>: @unchecked Sendable {
    private var cached: T?
    private let make: @Sendable (Owner) -> T
    private let lock = NSLock()

    init(_ make: @escaping @Sendable (Owner) -> T) { self.make = make }

    /// Computed already (false while another thread computes it).
    var isComputed: Bool {
        guard lock.try() else { return false }
        defer { lock.unlock() }
        return cached != nil
    }

    func value(_ owner: Owner) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let v = make(owner)
        cached = v
        return v
    }
}
