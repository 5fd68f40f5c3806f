import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Competitions (竞价, DOMAIN.md §K; issue 4 point 8) and the credit blacklists that exclude suppliers from
/// awards (§K3).
///
/// Visibility: the posting unit sees its own competitions, a regulator those of its region, an operator all;
/// a supplier sees every mall competition (it may quote when it has an eligible listing) and the restricted
/// ones it is invited to. Anything else answers 404. Quotes are sealed (`Competition.mayView`): before the
/// deadline only the quoting supplier sees its own quote. The deadline close is `CompetitionCloserService`.
package struct CompetitionController: Sendable {
    let competitions: CompetitionStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(competitions: CompetitionStore, writer: IdempotentWriter, now: @escaping @Sendable () -> Date) {
        self.competitions = competitions
        self.writer = writer
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/api/v1/competitions", .roles([.buyer, .approver], post)),
            Endpoint(.get, "/api/v1/competitions", .roles(allRoles, list)),
            Endpoint(.get, "/api/v1/competitions/{id}", .roles(allRoles, get)),
            Endpoint(.post, "/api/v1/competitions/{id}/quotes", .roles([.supplier], quote)),
            Endpoint(.get, "/api/v1/competitions/{id}/quotes", .roles(allRoles, quotes)),
            Endpoint(.post, "/api/v1/competitions/{id}/cancel", .roles([.buyer, .approver], cancel)),
            Endpoint(.post, "/api/v1/competitions/{id}/award", .roles([.buyer, .approver], award)),
            Endpoint(.get, "/api/v1/suppliers/{id}/blacklist-entries", .roles(allRoles, blacklist)),
            Endpoint(.post, "/api/v1/suppliers/{id}/blacklist-entries", .roles([.operator], recordBlacklist)),
            Endpoint(
                .post, "/api/v1/suppliers/{id}/blacklist-entries/{entryId}/lift", .roles([.operator], liftBlacklist)),
        ]
    }

    // MARK: - Visibility

    /// Whether the principal may see the competition at all (DESIGN.md §4: a foreign id answers 404).
    func canSee(_ record: CompetitionStore.Record, _ principal: Principal, invited: Bool) -> Bool {
        switch principal.organisationKind {
        case .operator: true
        case .regulator: RegionCode(record.regionCode)?.isWithin(principal.regionCode) ?? false
        case .unit: record.unitID == principal.organisationID
        case .supplier: record.method == .mall || invited
        }
    }

    static func viewer(_ principal: Principal) -> QuoteViewer {
        switch principal.organisationKind {
        case .operator: .operator
        case .regulator: .regulator
        case .unit: .unit(principal.organisationID)
        case .supplier: .supplier(principal.organisationID)
        }
    }

    /// The competition named by `{id}` if the principal may see it, with its quotes.
    func visible(_ context: AppRequestContext, _ principal: Principal) async throws
        -> (CompetitionStore.Record, [CompetitionStore.QuoteRecord])
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Competition>(raw), let record = try await competitions.competition(id: id, logger: context.logger)
        else { throw DomainError.notFound("competition \(raw)") }
        var invited = false
        if principal.organisationKind == .supplier && record.method != .mall {
            let store = competitions
            let logger = context.logger
            invited = try await store.database.withConnection { conn in
                try await store.invitation(
                    competitionID: id, supplierID: principal.organisationID, on: conn, logger: logger
                ).invited
            }
        }
        guard canSee(record, principal, invited: invited) else { throw DomainError.notFound("competition \(raw)") }
        let quotes = try await competitions.quotes(competitionID: id, logger: context.logger)
        return (record, quotes)
    }

    /// The response for a viewer: the result only for those `mayView` lets see every quote at this time.
    func response(
        _ record: CompetitionStore.Record, _ principal: Principal, quotingSuppliers: Set<ID<Organisation>>
    ) -> CompetitionResponse {
        let viewer = Self.viewer(principal)
        // Asking about a supplier id no quote has: true only for viewers who see every quote.
        let outsider = ID<Organisation>(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        let showResult =
            record.result != nil
            && record.competition.mayView(
                quoteBy: outsider, viewer: viewer, quotingSuppliers: quotingSuppliers, at: now())
        let showPrivate: Bool =
            switch principal.organisationKind {
            case .operator, .regulator: true
            case .unit: record.unitID == principal.organisationID
            case .supplier: record.awardedSupplierID == principal.organisationID
            }
        var response = CompetitionResponse(record, showResult: showResult, showPrivate: showPrivate)
        if principal.organisationKind == .supplier && record.awardedSupplierID != principal.organisationID {
            response.budgetLineId = nil
        }
        return response
    }

    // MARK: - Posting and reading

    @Sendable func post(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(PostCompetitionRequest.self, from: buffer)
        var validator = Validator()
        let budgetLine = ID<BudgetLine>(body.budgetLineId)
        validator.check(budgetLine != nil, "budgetLineId", "invalid", "a budget line id (UUID)")
        let deadline = Self.instant(body.deadline)
        validator.check(deadline != nil, "deadline", "invalid", "an RFC 3339 instant, e.g. 2026-03-04T17:00:00+08:00")
        try validator.validate()
        guard let budgetLine, let deadline else { throw DomainError.validation(validator.problems) }
        let postRequest = CompetitionStore.PostRequest(
            title: body.title, categoryCode: body.categoryCode, specs: body.specs ?? [:], quantity: body.quantity,
            unit: body.unit, unitCeiling: body.unitCeilingFen, budgetLineID: budgetLine, deadline: deadline)
        let at = now()
        let store = competitions
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, required: true,
            locationPrefix: "/api/v1/competitions/"
        ) { conn in
            let record = try await store.post(
                postRequest, actor: principal, now: at, requestID: requestID, on: conn, logger: logger)
            return CompetitionResponse(record, showResult: false, showPrivate: true)
        }
    }

    static func instant(_ raw: String) -> Date? {
        (try? Date(raw, strategy: .iso8601))
            ?? (try? Date(raw, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        var filter = CompetitionStore.Filter()
        filter.status = try query["state"].map { raw in
            guard let status = CompetitionState.Status(rawValue: String(raw)) else {
                throw Problem.invalidQuery(
                    field: "state", message: CompetitionState.Status.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return status
        }
        filter.categoryPrefix = try query["category"].map { raw in
            let code = String(raw)
            guard code.wholeMatch(of: /[ABC][0-9]{0,8}/) != nil else {
                throw Problem.invalidQuery(field: "category", message: "a category code or prefix, e.g. A0201")
            }
            return code
        }
        let scope: CompetitionStore.Scope =
            switch principal.organisationKind {
            case .operator: .all
            case .regulator: .region(principal.regionCode)
            case .unit: .unit(principal.organisationID)
            case .supplier: .supplier(principal.organisationID)
            }
        let rows = try await competitions.competitions(
            scope: scope, filter: filter, after: try ListingController.cursor(page.cursor), limit: page.limit + 1,
            logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        // The list never shows results: `GET /api/v1/competitions/{id}` does, to those who may see them.
        return try .json(
            Page(
                items: items.map {
                    var item = response($0, principal, quotingSuppliers: [])
                    item.result = nil
                    return item
                }, nextCursor: next))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let (record, quotes) = try await visible(context, principal)
        return try .json(
            response(record, principal, quotingSuppliers: Set(quotes.map(\.supplierID))),
            headers: [.eTag: "\"\(record.version)\""])
    }

    // MARK: - Quotes

    @Sendable func quote(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Competition>(raw) else { throw DomainError.notFound("competition \(raw)") }
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(SubmitQuoteRequest.self, from: buffer)
        var validator = Validator()
        let listing = ID<Listing>(body.listingId)
        validator.check(listing != nil, "listingId", "invalid", "a listing id (UUID)")
        let manufacturer = body.manufacturerSize.map(EnterpriseSize.init(rawValue:))
        validator.check(
            manufacturer.map { $0 != nil } ?? true, "manufacturerSize", "invalid", "large, medium, small or micro")
        validator.check(body.totalFen > .zero, "totalFen", "out_of_range", "more than 0 fen")
        validator.text(body.note, "note", maxLength: 2_000, required: false)
        try validator.validate()
        guard let listing else { throw DomainError.validation(validator.problems) }
        let note = body.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        let quoteRequest = CompetitionStore.QuoteRequest(
            listingID: listing, totalFen: body.totalFen, manufacturerSize: manufacturer ?? nil,
            note: note?.isEmpty == true ? nil : note)
        let at = now()
        let store = competitions
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            let quote = try await store.submitQuote(
                quoteRequest, competitionID: id, actor: principal, now: at, requestID: requestID, on: conn,
                logger: logger)
            return CompetitionQuoteResponse(quote, visible: true)
        }
    }

    @Sendable func quotes(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let (record, quotes) = try await visible(context, principal)
        let quoting = Set(quotes.map(\.supplierID))
        let competition = record.competition
        let viewer = Self.viewer(principal)
        let at = now()
        let shown = quotes.compactMap { quote -> CompetitionQuoteResponse? in
            let visible = competition.mayView(
                quoteBy: quote.supplierID, viewer: viewer, quotingSuppliers: quoting, at: at)
            // Before the deadline a sealed quote is not even listed: its existence is the supplier's business.
            guard visible || at >= record.deadline else { return nil }
            return CompetitionQuoteResponse(quote, visible: visible)
        }
        return try .json(Page(items: shown, nextCursor: nil))
    }

    // MARK: - Cancel and award

    @Sendable func cancel(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Competition>(raw) else { throw DomainError.notFound("competition \(raw)") }
        let expected = try request.expectedVersion()
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(CancelCompetitionRequest.self, from: buffer)
        let at = now()
        let store = competitions
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, status: .ok, versionTag: true
        ) { conn in
            let record = try await store.cancel(
                id: id, reason: body.reason, expectedVersion: expected, actor: principal, now: at,
                requestID: requestID, on: conn, logger: logger)
            return CompetitionResponse(record, showResult: false, showPrivate: true)
        }
    }

    @Sendable func award(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Competition>(raw) else { throw DomainError.notFound("competition \(raw)") }
        let expected = try request.expectedVersion()
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(AwardRequest.self, from: buffer)
        guard let supplier = ID<Organisation>(body.supplierId) else {
            throw DomainError.validation([.init(field: "supplierId", code: "invalid", message: "a supplier id (UUID)")])
        }
        let at = now()
        let store = competitions
        let requestID = context.requestID
        let logger = context.logger
        let today = LocalDate(at)
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            let (record, placement) = try await store.award(
                id: id, supplierID: supplier, reason: body.reason, expectedVersion: expected, actor: principal,
                now: at, requestID: requestID, on: conn, logger: logger)
            guard let order = placement.orders.first else { throw DomainError.notFound("order of competition \(id)") }
            return AwardResponse(
                competition: CompetitionResponse(record, showResult: true, showPrivate: true),
                order: OrderResponse(
                    order, principal: principal, policy: store.orders.policy.paymentTerms, today: today,
                    lines: placement.lines[order.id] ?? []),
                warnings: placement.warnings.map(SplitWarningResponse.init))
        }
    }

    // MARK: - Blacklists (§K3)

    func supplierID(_ context: AppRequestContext) throws -> ID<Organisation> {
        let raw = try context.parameters.require("id")
        guard let id = ID<Organisation>(raw) else { throw DomainError.notFound("supplier \(raw)") }
        return id
    }

    @Sendable func blacklist(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let supplier = try supplierID(context)
        // Operators and regulators read any supplier's entries, a supplier its own; units none.
        switch principal.organisationKind {
        case .operator, .regulator: break
        case .supplier where principal.organisationID == supplier: break
        default: throw DomainError.notFound("supplier \(supplier)")
        }
        let page = try PageRequest(request)
        let rows = try await competitions.blacklistEntries(
            supplierID: supplier, after: try ListingController.cursor(page.cursor), limit: page.limit + 1,
            logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id).encoded } : nil
        return try .json(Page(items: items.map(BlacklistEntryResponse.init), nextCursor: next))
    }

    @Sendable func recordBlacklist(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let supplier = try supplierID(context)
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(BlacklistEntryRequest.self, from: buffer)
        guard let list = BlacklistCheck.List(rawValue: body.list) else {
            throw DomainError.validation([
                .init(
                    field: "list", code: "invalid",
                    message: BlacklistCheck.List.allCases.map(\.rawValue).joined(separator: ", "))
            ])
        }
        let at = now()
        guard body.listedOn <= LocalDate(at) else {
            throw DomainError.validation([.init(field: "listedOn", code: "in_future", message: "today or earlier")])
        }
        let store = competitions
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            BlacklistEntryResponse(
                try await store.recordBlacklistEntry(
                    supplierID: supplier, list: list, reference: body.reference, listedOn: body.listedOn,
                    actor: principal, now: at, requestID: requestID, on: conn, logger: logger))
        }
    }

    @Sendable func liftBlacklist(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let supplier = try supplierID(context)
        let raw = try context.parameters.require("entryId")
        guard let entry = UUID(uuidString: raw) else { throw DomainError.notFound("entry \(raw)") }
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(LiftBlacklistEntryRequest.self, from: buffer)
        let at = now()
        let store = competitions
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal, status: .ok) {
            conn in
            BlacklistEntryResponse(
                try await store.liftBlacklistEntry(
                    id: entry, supplierID: supplier, reason: body.reason, actor: principal, now: at,
                    requestID: requestID, on: conn, logger: logger))
        }
    }
}
