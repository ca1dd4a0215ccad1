import Foundation
import Testing
import TestSupport
import TraceModel

@Suite struct Base64Tests {
    @Test func rfc4648Examples() {
        let cases = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in cases { #expect(Base64.encode(Array(plain.utf8)) == encoded, "\(plain)") }
    }

    /// Every length up to a few blocks and every byte value agree with Foundation and decode back.
    @Test func agreesWithFoundationAndDecodesBack() {
        var rng = SplitMix64(seed: 64)
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = Base64.encode(bytes)
            #expect(text == Data(bytes).base64EncodedString(), "\(bytes)")
            var appended = Array("x".utf8)
            Base64.encode(bytes, into: &appended)
            #expect(appended == Array("x\(text)".utf8))
            #expect(Array(text.utf8).withUnsafeBufferPointer { IDBytes.base64Bytes($0) } == bytes)
        }
    }
}
