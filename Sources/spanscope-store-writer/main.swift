import Foundation
import Ingest
import Receivers
import TraceFormats
import TraceStore
import TraceSynth

// spanscope-store-writer STORE BATCHES SEED [KILL_AFTER_MS]
//
// Appends BATCHES generated OTLP protobuf requests to the store at STORE and writes
// "acked N" to stdout after each append returned (the moment a receiver would answer its
// sender). With KILL_AFTER_MS, the process sends itself SIGKILL after that many milliseconds,
// wherever it is: the durability test then checks that every acknowledged batch is stored.
//
// spanscope-store-writer --listen STORE INFO_FILE
//
// The whole ingest path instead: an OTLP/HTTP receiver on 127.0.0.1 (a port from the system)
// into a StoreSink on STORE. Writes "PID PORT" to INFO_FILE once listening, then serves until
// killed: the receiver's durability test sends it requests and kills it with SIGKILL.
let args = CommandLine.arguments
if args.count == 4, args[1] == "--listen" {
    do {
        let sink = StoreSink(store: try TraceStore.open(path: args[2]))
        let server = ReceiverServer(threads: 2)
        let port = try server.start(otlpHTTP: "127.0.0.1:0", zipkin: nil, sink: sink).otlpHTTP!.port
        // Renamed into place: the test never reads half a line.
        try "\(getpid()) \(port)\n".write(toFile: args[3] + ".tmp", atomically: false, encoding: .utf8)
        rename(args[3] + ".tmp", args[3])
        while true { sleep(1000) }
    } catch {
        FileHandle.standardError.write(Data("spanscope-store-writer: \(error)\n".utf8))
        exit(1)
    }
}
guard args.count >= 4, let batches = Int(args[2]), let seed = UInt64(args[3]) else {
    FileHandle.standardError.write(Data("usage: spanscope-store-writer STORE BATCHES SEED [KILL_AFTER_MS] | --listen STORE INFO_FILE\n".utf8))
    exit(2)
}
if args.count >= 5, let ms = UInt32(args[4]) {
    Thread.detachNewThread {
        usleep(ms * 1000)
        kill(getpid(), SIGKILL)
    }
}
do {
    let store = try TraceStore.open(path: args[1])
    for i in 0..<batches {
        let bytes = try ProtoBatches.request(seed: seed, index: i, spans: 64, traces: 4)
        let set = try OTLPProtobuf.decodeTraces(FileBytes(bytes, name: "batch \(i)")).set
        try store.append(set, bytes: bytes, format: .otlpProtobufTraces)
        // Unbuffered: what the test reads is exactly what was acknowledged before the kill.
        let line = Array("acked \(i)\n".utf8)
        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
} catch {
    FileHandle.standardError.write(Data("spanscope-store-writer: \(error)\n".utf8))
    exit(1)
}
