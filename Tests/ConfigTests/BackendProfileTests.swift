import Backends
import Config
import Testing

@Suite struct BackendProfileTests {
    @Test func namedBackendsKeepFileOrderAndEveryOption() {
        let c = Config.parse("""
        [backends.prod]
        url = "https://tempo.example.com/tempo"
        kind = "tempo"
        tenant = "team-a"
        token_env = "TEMPO_TOKEN"
        headers = ["X-Extra: 1", "X-Other:two words"]
        ca_file = "/etc/ca.pem"
        timeout = 12
        poll = 0
        query = "service=frontend since=1h"
        loki = "http://loki:3100"
        loki_selector = "{app=\\"shop\\"}"

        [backends.local]
        url = "http://localhost:16686"
        user = "admin"
        password_file = "/run/pw"
        insecure = true
        """, name: "config.toml")
        #expect(c.problems.isEmpty)
        #expect(c.backends.map(\.name) == ["prod", "local"])
        let prod = c.backend(named: "prod")!
        #expect(prod.connection.url == "https://tempo.example.com/tempo")
        #expect(prod.connection.kind == .tempo)
        #expect(prod.connection.tenant == "team-a")
        #expect(prod.connection.tokenEnv == "TEMPO_TOKEN")
        #expect(prod.connection.headers == [.init("X-Extra", "1"), .init("X-Other", "two words")])
        #expect(prod.connection.caFile == "/etc/ca.pem")
        #expect(prod.connection.timeout == 12)
        #expect(prod.poll == 0)
        #expect(prod.query == "service=frontend since=1h")
        #expect(prod.loki == "http://loki:3100")
        #expect(prod.lokiSelector == "{app=\"shop\"}")
        let local = c.backend(named: "local")!
        #expect(local.connection.kind == nil)
        #expect(local.connection.user == "admin")
        #expect(local.connection.passwordFile == "/run/pw")
        #expect(local.connection.insecure)
    }

    @Test func badBackendTablesAreProblemsWithTheirLines() {
        let c = Config.parse("""
        [backends.a]
        kind = "tempo"

        [backends.b]
        url = "http://x"
        kind = "elastic"

        [backends.c]
        url = "http://y"
        tokenenv = "T"
        headers = ["no colon"]
        """, name: "config.toml")
        #expect(c.problems.count == 4)
        #expect(c.problems[0] == "config.toml:1: [backends.a] needs url = \"http://…\"")
        #expect(c.problems[1] == "config.toml:6: kind wants \"jaeger\", \"zipkin\" or \"tempo\"")
        #expect(c.problems[2].hasPrefix("config.toml:10: unknown key tokenenv in [backends.c]"))
        #expect(c.problems[3] == "config.toml:11: header \"no colon\" wants \"Name: value\"")
        // A table with a mistake is not used: a backend without the header it needs would fail later, less clearly.
        #expect(c.backends.isEmpty)
    }
}
