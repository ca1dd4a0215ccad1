/// JSON string literals for everything we write (reports, OTLP export, generated files).
public enum JSONText {
    /// A JSON string literal: quotes, backslashes and control characters escaped — C1 ones
    /// (U+0080–U+009F: U+009B is a one-byte CSI) too, so no output of ours carries a terminal
    /// control sequence.
    public static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        let plain = s.withUTF8 { buf -> Bool in
            // 0xC2 leads every C1 character in UTF-8 (and U+00A0–U+00BF): the slow path decides.
            for b in buf where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xC2 { return false }
            out.append(0x22)
            out.append(contentsOf: buf)
            out.append(0x22)
            return true
        }
        if plain { return }
        out.append(0x22)
        var c1Lead = false
        for b in s.utf8 {
            if c1Lead {
                c1Lead = false
                if b < 0xA0 {
                    escape(b, &out)
                    continue
                }
                out.append(0xC2)
            }
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0..<0x20, 0x7F: escape(b, &out)
            case 0xC2: c1Lead = true  // written with the next byte: U+0080–U+009F are escaped
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// `\u00XX` for a code point below U+0100.
    static func escape(_ b: UInt8, _ out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
