import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MallCore
import MallStore
import NIOCore

/// Open data (DOMAIN.md §X2; issue 6 point 6): completed mall orders and framework agreements as OCDS 1.1 release
/// packages, public and read-only (no token).
///
/// - `GET /api/v1/ocds/releases?since=&cursor=&limit=`: the feed, in publication order (release `date`, then
///   the order of recording), `limit` 1–200 (default 100). `since` keeps releases dated at or after an
///   RFC 3339 instant; polling with the latest `date` received never loses a release (`OpenDataStore`). The
///   next page is in a `Link: <…>; rel="next"` header: the package schema has no field for it.
/// - `GET /api/v1/ocds/orders/{id}`: every release of one order (at acceptance, and at payment once paid); 404
///   for an order that is unknown or not accepted yet, alike.
/// - `GET /api/v1/ocds/agreements/{id}`: every release of one framework agreement's stage 1 (at activation, then
///   one per published change: members joining, leaving or removed, agreed prices lowered, expiry,
///   termination); 404 for an agreement that is unknown or was never activated, alike.
///
/// No release carries personal data: the snapshots hold organisations only. A snapshot the builder finds
/// inconsistent is a server fault: logged with the order or agreement, answered 500.
package struct OpenDataController: Sendable {
    let store: OpenDataStore
    let settings: OCDSSettings
    let publicBaseURL: String?
    let now: @Sendable () -> Date

    /// The feed's page size when `limit` is absent.
    package static let defaultLimit = 100

    package init(
        store: OpenDataStore, settings: OCDSSettings, publicBaseURL: String?, now: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.settings = settings
        self.publicBaseURL = publicBaseURL
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/api/v1/ocds/releases", .anonymous(releases)),
            Endpoint(.get, "/api/v1/ocds/orders/{id}", .anonymous(order)),
            Endpoint(.get, "/api/v1/ocds/agreements/{id}", .anonymous(agreement)),
        ]
    }

    // MARK: - Handlers

    @Sendable func releases(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try PageRequest(request, defaultLimit: Self.defaultLimit)
        let since = try request.uri.queryParameters["since"].map { raw -> Date in
            guard let instant = Self.instant(String(raw)) else {
                throw Problem.invalidQuery(
                    field: "since", message: "since is an RFC 3339 instant, e.g. 2026-03-01T00:00:00+08:00")
            }
            return instant
        }
        let cursor = try Self.cursor(page.cursor)
        let rows = try await store.releases(since: since, after: cursor, limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let builder = OCDSReleaseBuilder(settings: settings)
        let releases = try items.map { try Self.release($0, builder: builder, logger: context.logger) }

        let base = baseURL(request)
        let path = "/api/v1/ocds/releases"
        var parameters: [(String, String)] = []
        if let since { parameters.append(("since", Self.instant(since))) }
        if request.uri.queryParameters["limit"] != nil { parameters.append(("limit", String(page.limit))) }
        let this = Self.url(
            base + path, parameters + (cursor.map { [("cursor", Cursor(key: "\($0.0),\($0.1)").encoded)] } ?? []))
        var headers: HTTPFields = [:]
        if rows.count > page.limit, let last = items.last {
            let next = Self.url(base + path, parameters + [("cursor", Self.cursor(after: last))])
            headers[.link] = "<\(next)>; rel=\"next\""
        }
        let releasePackage = builder.releasePackage(releases: releases, uri: this, publishedAt: now())
        return try Self.response(releasePackage, headers: headers)
    }

    @Sendable func order(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        let notPublished = DomainError(.notFound, "no published order \(raw): orders are published once accepted")
        guard let id = ID<Order>(raw) else { throw notPublished }
        let rows = try await store.releases(orderID: id, logger: context.logger)
        guard !rows.isEmpty else { throw notPublished }
        let builder = OCDSReleaseBuilder(settings: settings)
        let releases = try rows.map { try Self.release($0, builder: builder, logger: context.logger) }
        let releasePackage = builder.releasePackage(
            releases: releases, uri: baseURL(request) + "/api/v1/ocds/orders/\(id)", publishedAt: now())
        return try Self.response(releasePackage, headers: [:])
    }

    @Sendable func agreement(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        let notPublished = DomainError(
            .notFound, "no published framework agreement \(raw): agreements are published once active")
        guard let id = ID<Agreement>(raw) else { throw notPublished }
        let rows = try await store.releases(agreementID: id, logger: context.logger)
        guard !rows.isEmpty else { throw notPublished }
        let builder = OCDSReleaseBuilder(settings: settings)
        let releases = try rows.map { try Self.release($0, builder: builder, logger: context.logger) }
        let releasePackage = builder.releasePackage(
            releases: releases, uri: baseURL(request) + "/api/v1/ocds/agreements/\(id)", publishedAt: now())
        return try Self.response(releasePackage, headers: [:])
    }

    // MARK: - Releases

    /// The release of one feed row, dated as the feed recorded it.
    static func release(
        _ row: OpenDataStore.Release, builder: OCDSReleaseBuilder, logger: Logger
    ) throws -> OCDSRelease {
        switch row.source {
        case .order(var order, let stage):
            if stage == .accepted { order.paidAt = nil }
            do {
                var release = try builder.release(for: order)
                release.date = OCDSDate.string(row.date)
                return release
            } catch {
                logger.error(
                    "an order's open-data snapshot is inconsistent",
                    metadata: [
                        "order.id": "\(order.id)", "ocds.stage": "\(stage.rawValue)",
                        "error": "\(String(reflecting: error))",
                        "ocds.problems": "\(Self.problems(error))",
                    ])
                throw error
            }
        case .agreement(let agreement, let stage):
            do {
                var release = try builder.release(for: agreement)
                release.date = OCDSDate.string(row.date)
                return release
            } catch {
                logger.error(
                    "an agreement's open-data snapshot is inconsistent",
                    metadata: [
                        "agreement.id": "\(agreement.id.lowercasedString)", "ocds.stage": "\(stage.rawValue)",
                        "ocds.revision": "\(agreement.revision)", "error": "\(String(reflecting: error))",
                        "ocds.problems": "\(Self.problems(error))",
                    ])
                throw error
            }
        }
    }

    /// The field problems of a snapshot error, for the log.
    static func problems(_ error: DomainError) -> String {
        error.fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }

    /// The package as stable JSON (sorted keys, Chinese unescaped).
    static func response(_ releasePackage: OCDSReleasePackage, headers: HTTPFields) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try releasePackage.encoded())))
    }

    // MARK: - URLs and cursors

    /// The configured public base URL, else `http://` and the request's host (only host characters, else
    /// `localhost`).
    func baseURL(_ request: Request) -> String {
        if let publicBaseURL { return publicBaseURL }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        let host = request.head.authority.flatMap { $0.isEmpty || !$0.allSatisfy(allowed.contains) ? nil : $0 }
        return "http://\(host ?? "localhost")"
    }

    /// A URL with query parameters; values are RFC 3339 instants, integers and base64url cursors, which need no
    /// escaping in a query.
    static func url(_ base: String, _ parameters: [(String, String)]) -> String {
        parameters.isEmpty ? base : base + "?" + parameters.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// An instant for a query: RFC 3339 in UTC with milliseconds, e.g. `2026-03-03T06:00:00.000Z`.
    static func instant(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses an RFC 3339 instant, with or without fractions of a second, in UTC or with an offset.
    static func instant(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? CompetitionController.instant(text)
    }

    /// The cursor after a release: its stored date and feed position, `<date>,<seq>` in base64url.
    static func cursor(after release: OpenDataStore.Release) -> String {
        Cursor(key: "\(release.sortKey),\(release.seq)").encoded
    }

    /// Decodes a feed cursor; `request.invalid_cursor` unless this server issued it.
    static func cursor(_ raw: String?) throws -> (String, Int64)? {
        try raw.map { raw in
            let cursor = try Cursor(encoded: raw)
            guard cursor.id == nil, let comma = cursor.key.lastIndex(of: ","),
                AccountStore.isSortKey(String(cursor.key[..<comma])),
                Self.instant(String(cursor.key[..<comma])) != nil,
                let seq = Int64(cursor.key[cursor.key.index(after: comma)...]), seq >= 1
            else { throw DomainError(.invalidCursor, "the cursor is not one this server issued") }
            return (String(cursor.key[..<comma]), seq)
        }
    }
}

extension HTTPField.Name {
    /// `Link` (RFC 8288): the next page of the OCDS feed.
    package static let link = HTTPField.Name.literal("Link")
}
