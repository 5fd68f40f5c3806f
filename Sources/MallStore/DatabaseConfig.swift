import Foundation
import MallCore
import PostgresNIO

/// Where the database is, parsed once from `DATABASE_URL`
/// (`postgres://user:password@host:port/database?sslmode=disable`).
package struct DatabaseConfig: Sendable, Equatable {
    package var host: String
    package var port: Int
    package var username: String
    package var password: String?
    package var database: String
    /// `sslmode=require` or `verify-full` require TLS; `disable` (or absent on loopback) uses none;
    /// anything else prefers TLS.
    package var tls: TLSMode
    /// The most connections the pool opens.
    package var maxConnections: Int
    /// Connections kept on each event loop for single prepared statements (``LoopConnections``); 0: none, the pool
    /// serves everything. They come on top of the pool's `maxConnections`.
    package var loopConnections = 0

    package enum TLSMode: String, Sendable, Equatable { case disable, prefer, require }

    package init(
        host: String, port: Int = 5432, username: String, password: String?, database: String,
        tls: TLSMode = .disable, maxConnections: Int = 20
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.maxConnections = maxConnections
    }

    /// Parses a `postgres://` or `postgresql://` URL.
    package init(url: String, maxConnections: Int = 20) throws(DomainError) {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
        else {
            throw DomainError(.configInvalid, "DATABASE_URL must look like postgres://user:password@host:port/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
        let isLoopback = host == "localhost" || host.hasPrefix("127.") || host == "::1"
        let tls: TLSMode =
            switch sslmode {
            case "disable": .disable
            case "require", "verify-ca", "verify-full": .require
            case nil: isLoopback ? .disable : .prefer
            default: .prefer
            }
        self.init(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password?.removingPercentEncoding ?? components.password,
            database: database.isEmpty ? user : database, tls: tls, maxConnections: maxConnections
        )
    }

    /// The same server, another database (tests clone databases from a template).
    package func with(database: String) -> DatabaseConfig {
        var copy = self
        copy.database = database
        return copy
    }

    /// Whether the host is on this machine: tests refuse any other (STYLE.md §2.9).
    package var isLoopback: Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host.hasPrefix("/")
    }

    /// The PostgresNIO client configuration.
    package var clientConfiguration: PostgresClient.Configuration {
        let tlsConfig: PostgresClient.Configuration.TLS =
            switch tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsConfig)
        configuration.options.maximumConnections = maxConnections
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// Where the loop connections (``LoopConnections``) connect, with TLS as for the pool. A TLS context that
    /// cannot be built leaves them unused (`nil`), and the pool serves everything.
    package var loopEndpoint: PipelinedConnection.Endpoint? {
        let tlsMode: PipelinedConnection.Endpoint.TLS
        switch tls {
        case .disable: tlsMode = .disable
        case .prefer, .require:
            guard let context = try? NIOSSLContext(configuration: .makeClientConfiguration()) else { return nil }
            tlsMode = tls == .prefer ? .prefer(context) : .require(context)
        }
        return PipelinedConnection.Endpoint(
            server: self, applicationName: LoopConnections.applicationName, tls: tlsMode)
    }
}
