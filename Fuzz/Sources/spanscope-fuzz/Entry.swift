#if canImport(Glibc)
import Glibc
#endif

// libFuzzer calls these two C entry points; `-sanitize=fuzzer` links its own `main`, so this
// module has none (no main.swift, no @main).

/// The target this process fuzzes, read once from FUZZ_TARGET before the first input.
nonisolated(unsafe) private var selected: FuzzTarget = .traces

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    guard let value = getenv("FUZZ_TARGET") else {
        fail("set FUZZ_TARGET to one of: \(names)")
    }
    guard let target = FuzzTarget(rawValue: String(cString: value)) else {
        fail("unknown FUZZ_TARGET '\(String(cString: value))'; one of: \(names)")
    }
    selected = target
    if target == .otlpProto, let dir = getenv("FUZZ_PROTO_SEEDS") {
        // Seed-making run (scripts/fuzz): the JSON files are the arguments after the program.
        let paths = (1..<Int(argc.pointee)).compactMap { argv.pointee?[$0].map { String(cString: $0) } }
        ProtoInput.writeSeeds(to: String(cString: dir), from: paths)
        exit(0)
    }
    return 0
}

private func fail(_ message: String) -> Never {
    let line = Array("spanscope-fuzz: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
