// The tests' seeded generator is the one the synthetic traces use: the same seed gives the same
// sequence on every platform and Swift version.
@_exported import struct TraceSynth.SplitMix64

extension SplitMix64 {
    /// Uniform in 0..<n (0 when n is not positive).
    public mutating func below(_ n: Int) -> Int { n > 0 ? Int(next() % UInt64(n)) : 0 }
}
