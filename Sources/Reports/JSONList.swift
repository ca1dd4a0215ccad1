extension AnalyzeJSON {
    /// `,"name":[` then each element on its own line, comma-separated, then `]`: the lists of the
    /// summary and of `compare --json`.
    static func list<S: Sequence>(_ name: String, _ items: S, _ out: inout [UInt8], element: (S.Element, inout [UInt8]) -> Void) {
        out.append(contentsOf: ",\"\(name)\":[".utf8)
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(0x0A)
            element(item, &out)
        }
        out.append(0x5D)
    }
}
