import TraceModel

/// Core v1 annotation values (2 characters, with an endpoint).
enum ZipkinCore: UInt8 {
    case cs, sr, ss, cr, ms, mr, ws, wr

    init?(_ b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 2 else { return nil }
        switch (b[0], b[1]) {
        case (0x63, 0x73): self = .cs
        case (0x73, 0x72): self = .sr
        case (0x73, 0x73): self = .ss
        case (0x63, 0x72): self = .cr
        case (0x6D, 0x73): self = .ms
        case (0x6D, 0x72): self = .mr
        case (0x77, 0x73): self = .ws
        case (0x77, 0x72): self = .wr
        default: return nil
        }
    }

    init?(_ s: String) {
        var s = s
        guard let c = s.withUTF8({ ZipkinCore($0) }) else { return nil }
        self = c
    }

    /// The six that set a kind (ws/wr do not).
    var isKindAnnotation: Bool { self != .ws && self != .wr }
}
