import BackendHTTP
import Backends
import Foundation
import Testing

@Suite struct BackendURLParsingTests {
    private func parsed(_ text: String) throws -> ConnectionOptions {
        try ConnectionOptions.parse(url: text).get()
    }

    private func problem(_ text: String) -> String? {
        if case .failure(let error) = ConnectionOptions.parse(url: text) { return error.message }
        Issue.record("\(text) was accepted")
        return nil
    }

    @Test func hostAndPortAloneIsPlainHTTP() throws {
        let options = try parsed("localhost:16686")
        #expect(options.url == "http://localhost:16686")
        #expect(options.kind == nil)
    }

    @Test func aKindPrefixForcesTheBackendAndKeepsThePathPrefix() throws {
        let jaeger = try parsed("jaeger+https://Tracing.Example.com/jaeger/")
        #expect(jaeger.kind == .jaeger)
        #expect(jaeger.url == "https://tracing.example.com/jaeger")
        #expect(try parsed("tempo+http://tempo:3200").kind == .tempo)
        #expect(try parsed("zipkin+http://10.0.0.5:9411").url == "http://10.0.0.5:9411")
        #expect(try parsed("https://host:443/tempo").url == "https://host/tempo")
        #expect(try parsed("http://[::1]:16686").url == "http://[::1]:16686")
    }

    @Test func aUserNameIsKeptAndAPasswordIsRefusedWithoutEchoingIt() throws {
        let options = try parsed("https://admin@tempo.example.com/tempo")
        #expect(options.user == "admin")
        #expect(options.url == "https://tempo.example.com/tempo")
        let message = try #require(problem("https://admin:hunter2@tempo.example.com"))
        #expect(message.contains("--password-env"))
        #expect(!message.contains("hunter2"))
    }

    @Test func otherInputIsOneClearLine() throws {
        #expect(problem("ftp://host")?.contains("unsupported scheme \"ftp\"") == true)
        #expect(problem("trace.json")?.contains("not a backend URL") == true)
        #expect(problem("http://host:99999")?.contains("port \"99999\"") == true)
        #expect(problem("http://host/api/search?q=1")?.contains("cannot have a query") == true)
        #expect(problem("grafana+http://host")?.contains("unknown backend \"grafana\"") == true)
        #expect(problem("http:///path")?.contains("no host") == true)
        #expect(problem("   ") == "empty backend URL")
        #expect(problem("http://ho st")?.contains("spaces or control characters") == true)
    }

    @Test func loopbackHosts() {
        for url in ["http://localhost:1", "http://127.0.0.1", "http://127.8.9.10:80", "http://[::1]:9411", "http://app.localhost"] {
            #expect(ConnectionOptions(url: url).isLoopback, "\(url)")
        }
        for url in ["http://example.com", "http://128.0.0.1", "http://127.0.0.1.example.com", "not a url"] {
            #expect(!ConnectionOptions(url: url).isLoopback, "\(url)")
        }
    }
}

@Suite struct HTTPProxyChoiceTests {
    private let remote = BaseURL(scheme: "https", host: "tempo.example.com", port: 443, path: "/tempo")

    @Test func httpsUsesHTTPSProxyWithItsCredentials() throws {
        let proxy = try #require(try ProxySettings.choose(for: remote, environment: ["HTTPS_PROXY": "http://me:p%40ss@proxy.corp:3128", "HTTP_PROXY": "http://other:1"]))
        #expect(proxy.host == "proxy.corp")
        #expect(proxy.port == 3128)
        #expect(proxy.user == "me")
        #expect(proxy.password == "p@ss")
        #expect(!proxy.description.contains("p@ss"))
        let plain = BaseURL(scheme: "http", host: "zipkin.corp", port: 9411, path: "")
        #expect(try ProxySettings.choose(for: plain, environment: ["HTTPS_PROXY": "http://a:1", "http_proxy": "b:2"])?.host == "b")
    }

    @Test func lowerCaseVariablesWin() throws {
        let proxy = try ProxySettings.choose(for: remote, environment: ["HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2"])
        #expect(proxy?.host == "lower")
    }

    @Test func noProxyAndLoopbackGoDirect() throws {
        let environment = ["HTTPS_PROXY": "http://proxy:3128", "HTTP_PROXY": "http://proxy:3128"]
        #expect(try ProxySettings.choose(for: BaseURL(scheme: "http", host: "127.0.0.1", port: 16686, path: ""), environment: environment) == nil)
        #expect(try ProxySettings.choose(for: BaseURL(scheme: "https", host: "localhost", port: 3200, path: ""), environment: environment) == nil)
        #expect(try ProxySettings.choose(for: remote, environment: environment.merging(["NO_PROXY": "internal, .example.com"]) { a, _ in a }) == nil)
        #expect(try ProxySettings.choose(for: remote, environment: environment.merging(["no_proxy": "*"]) { a, _ in a }) == nil)
        #expect(try ProxySettings.choose(for: remote, environment: environment.merging(["NO_PROXY": "example.org,ample.com"]) { a, _ in a }) != nil)
    }

    @Test func noProxyEntries() {
        #expect(ProxySettings.matches(noProxy: "example.com", host: "tempo.example.com", port: 443))
        #expect(ProxySettings.matches(noProxy: ".example.com", host: "example.com", port: 443))
        #expect(ProxySettings.matches(noProxy: "tempo.example.com:443", host: "tempo.example.com", port: 443))
        #expect(!ProxySettings.matches(noProxy: "tempo.example.com:8443", host: "tempo.example.com", port: 443))
        #expect(!ProxySettings.matches(noProxy: "xample.com", host: "tempo.example.com", port: 443))
        #expect(ProxySettings.matches(noProxy: "10.0.0.5", host: "10.0.0.5", port: 3200))
        #expect(!ProxySettings.matches(noProxy: "", host: "10.0.0.5", port: 3200))
    }

    @Test func aBrokenProxyVariableIsAnErrorThatHidesItsValue() {
        #expect(throws: BackendError.self) { try ProxySettings.choose(for: remote, environment: ["HTTPS_PROXY": "ftp://user:secret@proxy"]) }
        do {
            _ = try ProxySettings.choose(for: remote, environment: ["HTTPS_PROXY": "http://user:secret@proxy:notaport"])
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains("HTTPS_PROXY is not a proxy URL"))
            #expect(!error.message.contains("secret"))
        }
    }

    @Test func theTransportUsesTheChosenProxy() throws {
        var options = ConnectionOptions(url: "https://tempo.example.com/tempo")
        options.kind = .tempo
        let viaProxy = try HTTPClientTransport(options: options, environment: ["HTTPS_PROXY": "proxy.corp:8080"])
        #expect(viaProxy.proxy?.host == "proxy.corp")
        let direct = try HTTPClientTransport(options: options, environment: ["HTTPS_PROXY": "proxy.corp:8080", "NO_PROXY": "example.com"])
        #expect(direct.proxy == nil)
    }
}

@Suite struct HTTPCredentialTests {
    private func failure(_ configure: (inout ConnectionOptions) -> Void, environment: [String: String] = [:]) -> String? {
        var options = ConnectionOptions(url: "http://127.0.0.1:16686")
        configure(&options)
        do {
            _ = try HTTPClientTransport(options: options, environment: environment)
            Issue.record("accepted")
            return nil
        } catch {
            return error.message
        }
    }

    @Test func missingSecretsAreClearErrors() throws {
        #expect(failure({ $0.tokenEnv = "TEMPO_TOKEN" }) == "--token-env TEMPO_TOKEN: the variable is not set")
        #expect(failure({ $0.tokenEnv = "TEMPO_TOKEN" }, environment: ["TEMPO_TOKEN": "  \n"]) == "--token-env TEMPO_TOKEN: the variable is empty")
        #expect(failure({ $0.tokenFile = "/nonexistent/token" }) == "--token-file /nonexistent/token: cannot read the file (no such file)")
        #expect(failure({ $0.user = "admin" })?.contains("--user admin needs --password-env") == true)
        #expect(failure({ $0.passwordEnv = "PW" }, environment: ["PW": "x"]) == "a password was given without --user NAME")
        #expect(failure({ $0.tokenEnv = "T"; $0.user = "admin"; $0.passwordEnv = "PW" }, environment: ["T": "t", "PW": "p"])?.contains("not both") == true)
        #expect(failure({ $0.tokenEnv = "T"; $0.tokenFile = "/x" }, environment: ["T": "t"]) == "give --token-env or --token-file, not both")
    }

    @Test func badHeadersAreRefusedWithoutTheirValues() {
        let injected = failure({ $0.headers = [.init("X-Auth", "secret\r\nX-Evil: 1")] })
        #expect(injected == "header X-Auth: the value contains control characters")
        #expect(failure({ $0.headers = [.init("Bad Name", "v")] })?.contains("not a valid HTTP header name") == true)
        #expect(failure({ $0.tokenEnv = "T" }, environment: ["T": "abc\u{7}def"])?.contains("control characters") == true)
    }

    @Test func describesCredentialsWithoutSecrets() throws {
        let directory = try temporaryDirectory()
        let passwordFile = directory + "/pw"
        try "  s3cret-pass  \nsecond line\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        var basic = ConnectionOptions(url: "http://127.0.0.1:3200")
        basic.user = "admin"
        basic.passwordFile = passwordFile
        basic.tenant = "acme"
        basic.kind = .tempo
        let transport = try HTTPClientTransport(options: basic, environment: [:])
        #expect(transport.authDescription == "basic auth as admin (password from \(passwordFile)), tenant acme")

        var bearer = ConnectionOptions(url: "http://127.0.0.1:3200")
        bearer.tokenEnv = "TEMPO_TOKEN"
        #expect(try HTTPClientTransport(options: bearer, environment: ["TEMPO_TOKEN": "tok-123"]).authDescription == "bearer token from $TEMPO_TOKEN")
        #expect(try HTTPClientTransport(options: ConnectionOptions(url: "http://127.0.0.1:1"), environment: [:]).authDescription == "no credentials")
        var header = ConnectionOptions(url: "http://127.0.0.1:1")
        header.headers = [.init("Authorization", "Bearer xyz")]
        #expect(try HTTPClientTransport(options: header, environment: [:]).authDescription == "Authorization header from --header")
    }

    @Test func displayURLHasNoUserInfo() throws {
        var options = ConnectionOptions(url: "https://admin@tempo.example.com:8443/tempo/")
        options.passwordEnv = "PW"
        let transport = try HTTPClientTransport(options: options, environment: ["PW": "pw"])
        #expect(transport.displayURL == "https://tempo.example.com:8443/tempo")
        #expect(transport.authDescription == "basic auth as admin (password from $PW)")
    }
}
