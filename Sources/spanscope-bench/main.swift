import Foundation
import TraceFormats
import TraceModel

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "bench-data/100k.json"
let t0 = Date()
let input = try TraceLoader.load(path: path)
let t1 = Date()
print("spans \(input.set.spans.count) load \(t1.timeIntervalSince(t0))s")
