import FakeBackends
import Foundation
import Synchronization

// A fake tracing backend for manual runs, tmux tests and the benchmark:
//   spanscope-fake-backend --flavor jaeger-v2.20 --port 0 --traces 20 --spans 50 --add-every 5 --token T
// prints "listening on http://127.0.0.1:PORT" and serves until SIGTERM/SIGINT.

let usage = """
    usage: spanscope-fake-backend [--flavor jaeger-v2.20|jaeger-v2.18|jaeger-v1.52|jaeger-main|zipkin|tempo|tempo-v1|loki]
                                  [--port N] [--traces N] [--spans N] [--services N] [--seed N]
                                  [--add-every SECONDS] [--token T] [--tenant T] [--prefix /path] [--no-gzip]
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("spanscope-fake-backend: \(message)\n".utf8))
    exit(2)
}

func serve() -> Never {
    var flavor = FakeBackend.Flavor.jaeger(.v2_20)
    var port = 0
    var traces = 10
    var spans = 20
    var services = 4
    var seed: UInt64 = 1
    var addEvery: Double?
    var token: String?
    var tenant: String?
    var prefix = ""
    var gzip = true

    var arguments = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let value = arguments.popFirst() else { fail("\(flag) needs a value\n\(usage)") }
        return value
    }
    func number<T: LosslessStringConvertible>(_ flag: String) -> T {
        let text = value(flag)
        guard let number = T(text) else { fail("\(flag): \(text.debugDescription) is not a number") }
        return number
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--flavor":
            switch value(argument) {
            case "jaeger", "jaeger-v2.20": flavor = .jaeger(.v2_20)
            case "jaeger-v2.18": flavor = .jaeger(.v2_18)
            case "jaeger-v1.52": flavor = .jaeger(.v1_52)
            case "jaeger-main": flavor = .jaeger(.main)
            case "zipkin": flavor = .zipkin
            case "tempo": flavor = .tempo(v2Traces: true)
            case "tempo-v1": flavor = .tempo(v2Traces: false)
            case "loki": flavor = .loki
            case let other: fail("unknown flavor \(other.debugDescription)\n\(usage)")
            }
        case "--port": port = number(argument)
        case "--traces": traces = number(argument)
        case "--spans": spans = number(argument)
        case "--services": services = number(argument)
        case "--seed": seed = number(argument)
        case "--add-every": addEvery = number(argument)
        case "--token": token = value(argument)
        case "--tenant": tenant = value(argument)
        case "--prefix": prefix = value(argument)
        case "--no-gzip": gzip = false
        case "-h", "--help":
            print(usage)
            exit(0)
        default: fail("unknown argument \(argument.debugDescription)\n\(usage)")
        }
    }
    guard traces >= 0, spans >= 1, (0...65535).contains(port) else { fail("--traces ≥ 0, --spans ≥ 1, --port 0…65535") }

    let backend: FakeBackend
    do {
        backend = try FakeBackend.start(flavor, pathPrefix: prefix, port: port)
    } catch {
        fail("cannot listen: \(error)")
    }
    var auth: [FakeBackend.Auth] = []
    if let token { auth.append(.bearer(token)) }
    if let tenant { auth.append(.tenant(tenant)) }
    backend.require(auth)
    backend.setGzip(gzip)

    // Spread the traces over the last hour, the newest a minute ago.
    let now = Int64(Date().timeIntervalSince1970 * 1e9)
    let step = traces > 1 ? 3_540_000_000_000 / Int64(traces - 1) : 0
    backend.add((0..<traces).map { i in
        FakeTrace.generated(seed: seed &+ UInt64(i), spans: spans, services: services, start: now - 60_000_000_000 - Int64(i) * step)
    })

    print("listening on \(backend.baseURL)")
    fflush(nil)

    let signals = [SIGTERM, SIGINT].map { signalNumber in
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
        source.setEventHandler {
            backend.stop()
            exit(0)
        }
        source.resume()
        return source
    }

    if let addEvery, addEvery > 0 {
        let added = Mutex(UInt64(traces))
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + addEvery, repeating: addEvery)
        timer.setEventHandler { [seed, spans, services] in
            let next = added.withLock { count in
                defer { count += 1 }
                return count
            }
            backend.add(FakeTrace.generated(seed: seed &+ next, spans: spans, services: services))
        }
        timer.resume()
        withExtendedLifetime((signals, timer)) { dispatchMain() }
    } else {
        withExtendedLifetime(signals) { dispatchMain() }
    }
    fatalError("dispatchMain returned")
}

serve()
