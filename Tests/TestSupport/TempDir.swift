import Foundation

/// A fresh directory per test, removed by `cleanup`.
public struct TempDir {
    public let path: String
    public init() {
        path = NSTemporaryDirectory() + "spanscope-store-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    public func file(_ name: String) -> String { path + "/" + name }
    public func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

