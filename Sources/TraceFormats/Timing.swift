#if canImport(Glibc)
import Glibc
#endif

/// Phase timings on stderr when SPANSCOPE_TIMING is set; used by the benchmark notes.
public enum Timing {
    public static let enabled = getenv("SPANSCOPE_TIMING") != nil

    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public static func report(_ phase: String, since start: Double) {
        guard enabled else { return }
        let ms = (now() - start) * 1000
        let line = Array("timing: \(phase) \(Int(ms)) ms\n".utf8)
        _ = line.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
    }
}

extension Timing {
    static func debug(_ s: String) {
        let line = Array((s + "\n").utf8)
        _ = line.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
    }
}
