import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore
import NIOCore

/// Supplier listings: create, read, edit (with revisions), review transitions, price history, reference
/// prices and the price-violation list (DOMAIN.md §C, issue 3).
///
/// Visibility: operators see every listing; a supplier its own in any state and others' approved ones;
/// units and regulators approved ones only. Anything else answers 404.
package struct ListingController: Sendable {
    let listings: ListingStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package var endpoints: [Endpoint] {
        [
            Endpoint(.post, "/api/v1/listings", .roles([.supplier], create)),
            Endpoint(.get, "/api/v1/listings", .roles(allRoles, list)),
            Endpoint(.get, "/api/v1/listings/{id}", .roles(allRoles, get), onEventLoop: true),
            Endpoint(.patch, "/api/v1/listings/{id}", .roles([.supplier], update)),
            Endpoint(.post, "/api/v1/listings/{id}/submit", .roles([.supplier], transition(.submit))),
            Endpoint(.post, "/api/v1/listings/{id}/approve", .roles([.operator], transition(.approve))),
            Endpoint(.post, "/api/v1/listings/{id}/reject", .roles([.operator], transition(.reject))),
            Endpoint(.post, "/api/v1/listings/{id}/delist", .roles([.supplier, .operator], transition(.delist))),
            Endpoint(.get, "/api/v1/listings/{id}/revisions", .roles([.supplier, .operator], revisions)),
            Endpoint(
                .post, "/api/v1/listings/{id}/revisions/{revisionId}/approve",
                .roles([.operator], decideRevision(approve: true))),
            Endpoint(
                .post, "/api/v1/listings/{id}/revisions/{revisionId}/reject",
                .roles([.operator], decideRevision(approve: false))),
            Endpoint(.get, "/api/v1/listings/{id}/price-history", .roles(allRoles, priceHistory)),
            Endpoint(.post, "/api/v1/listings/{id}/reference-prices", .roles([.supplier, .operator], addReference)),
            Endpoint(.get, "/api/v1/price-violations", .roles([.operator], violations)),
        ]
    }

    // MARK: - Visibility

    static func canSee(_ record: ListingStore.Record, _ principal: Principal) -> Bool {
        switch principal.organisationKind {
        case .operator: true
        case .supplier: record.supplierID == principal.organisationID || record.status == .approved
        case .unit, .regulator: record.status == .approved
        }
    }

    static func isOwnerOrOperator(_ record: ListingStore.Record, _ principal: Principal) -> Bool {
        principal.organisationKind == .operator || record.supplierID == principal.organisationID
    }

    func visibleListing(_ context: AppRequestContext, _ principal: Principal) async throws -> ListingStore.Record {
        let raw = try context.parameters.require("id")
        guard let id = ID<Listing>(raw), let record = try await listings.listing(id: id, logger: context.logger),
            Self.canSee(record, principal)
        else { throw DomainError.notFound("listing \(raw)") }
        return record
    }

    /// The full response for a listing, with the owner's extras when the caller may see them.
    func response(
        _ record: ListingStore.Record, _ principal: Principal, references known: [ListingStore.ReferenceRecord]? = nil,
        context: AppRequestContext
    ) async throws -> ListingResponse {
        let references: [ListingStore.ReferenceRecord]
        if let known {
            references = known
        } else {
            references = try await listings.references(listingID: record.id, logger: context.logger)
        }
        guard Self.isOwnerOrOperator(record, principal) else {
            return ListingResponse(record, references: references)
        }
        let revision = try await listings.pendingRevision(listingID: record.id, logger: context.logger)
        let checks = record.status == .pending
            ? try await listings.reviewChecks(record, now: now(), logger: context.logger) : nil
        return ListingResponse(record, references: references, pendingRevision: revision, reviewChecks: checks)
    }

    func respond(_ listing: ListingResponse, status: HTTPResponse.Status = .ok) throws -> Response {
        try .json(listing, status: status, headers: [.eTag: "\"\(listing.version)\""])
    }

    // MARK: - Handlers

    @Sendable func create(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(CreateListingRequest.self, from: buffer)
        let regions = try Self.regions(body.deliveryRegions ?? [])
        let content = ListingContent(
            categoryCode: body.categoryCode, title: body.title, brand: body.brand, model: body.model,
            specs: body.specs ?? [:], unit: body.unit, priceFen: body.priceFen, tiers: body.tiers ?? [],
            fees: body.fees ?? [], deliveryRegions: regions, imageUrls: body.imageUrls ?? [],
            greenCertificates: body.greenCertificates ?? [], governmentOnly: body.governmentOnly ?? false,
            originCounty: try body.originCounty.map(Self.county))
        let references = (body.referencePrices ?? []).map {
            ListingStore.NewReference(
                kind: $0.kind, source: $0.source, url: $0.url, priceFen: $0.priceFen, capturedAt: $0.capturedAt)
        }
        let at = now()
        let store = listings
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, context: context, principal: principal, locationPrefix: "/api/v1/listings/"
        ) { conn in
            let record = try await store.create(
                content: content, stock: body.stock ?? 0, leadTimeDays: body.leadTimeDays ?? 0, references: references,
                actor: principal, now: at, requestID: requestID, on: conn, logger: logger)
            return ListingResponse(record, references: nil)
        }
    }

    static func regions(_ codes: [String]) throws -> [RegionCode] {
        var result: [RegionCode] = []
        var problems: [DomainError.FieldError] = []
        for (index, code) in codes.enumerated() {
            if let region = RegionCode(code) {
                result.append(region)
            } else {
                problems.append(.init(field: "deliveryRegions[\(index)]", code: "invalid", message: "6 digits"))
            }
        }
        if !problems.isEmpty { throw DomainError.validation(problems) }
        return result
    }

    /// DOMAIN.md §V1: a product's county of origin, six digits (the store checks it is a county).
    static func county(_ code: String) throws -> RegionCode {
        guard let region = RegionCode(code) else {
            throw DomainError.validation([.init(field: "originCounty", code: "invalid", message: "6 digits")])
        }
        return region
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        let status = try query["status"].map { raw -> ListingStatus in
            guard let status = ListingStatus(rawValue: String(raw)) else {
                throw Problem.invalidQuery(field: "status", message: "draft, pending, approved, rejected or delisted")
            }
            return status
        }
        let category = try query["category"].map { raw -> String in
            guard CategoryController.isCode(String(raw)) else {
                throw Problem.invalidQuery(field: "category", message: "a category code such as A02021000")
            }
            return CategoryInfo.subtreePrefix(of: String(raw))
        }
        let supplier = try query["supplier"].map { raw -> ID<Organisation> in
            guard let id = ID<Organisation>(String(raw)) else {
                throw Problem.invalidQuery(field: "supplier", message: "an organisation id")
            }
            return id
        }
        let scope: ListingStore.Scope =
            switch principal.organisationKind {
            case .operator: .all
            case .supplier: supplier == nil || supplier == principal.organisationID ? .supplier(principal.organisationID) : .approved
            case .unit, .regulator: .approved
            }
        let cursor = try Self.cursor(page.cursor)
        let rows = try await listings.listings(
            scope: scope, status: status, categoryPrefix: category, supplier: supplier, after: cursor,
            limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map { ListingResponse($0) }, nextCursor: next))
    }

    static func cursor(_ raw: String?) throws -> (String, UUID)? {
        try raw.map { raw in
            let cursor = try Cursor(encoded: raw)
            guard let id = cursor.id, AccountStore.isSortKey(cursor.key) else {
                throw DomainError(.invalidCursor, "the cursor is not one this server issued")
            }
            return (cursor.key, id)
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        // One statement for the listing and its references: the hot read path (bench/catalog).
        let raw = try context.parameters.require("id")
        guard let id = ID<Listing>(raw), let (record, references) = try await listings.listingWithReferences(
            id: id, logger: context.logger), Self.canSee(record, principal)
        else { throw DomainError.notFound("listing \(raw)") }
        let listing = try await response(record, principal, references: references, context: context)
        if let written = listing.written() { return written.response(headers: [.eTag: "\"\(listing.version)\""]) }
        return try respond(listing)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Listing>(raw), let current = try await listings.listing(id: id, logger: context.logger),
            current.supplierID == principal.organisationID
        else { throw DomainError.notFound("listing \(raw)") }
        let expected = try request.expectedVersion()
        let body = try await request.decodeJSON(UpdateListingRequest.self, context: context)
        var content = current.content
        if let value = body.categoryCode { content.categoryCode = value }
        if let value = body.title { content.title = value }
        if let value = body.brand { content.brand = value }
        if let value = body.model { content.model = value }
        if let value = body.specs { content.specs = value }
        if let value = body.unit { content.unit = value }
        if let value = body.priceFen { content.priceFen = value }
        if let value = body.tiers { content.tiers = value }
        if let value = body.fees { content.fees = value }
        if let value = body.deliveryRegions { content.deliveryRegions = try Self.regions(value) }
        if let value = body.imageUrls { content.imageUrls = value }
        if let value = body.greenCertificates { content.greenCertificates = value }
        if let value = body.governmentOnly { content.governmentOnly = value }
        if let value = body.originCounty { content.originCounty = try Self.county(value) }
        let (record, outcome) = try await listings.update(
            id: id, expectedVersion: expected, content: content, stock: body.stock ?? current.stock,
            leadTimeDays: body.leadTimeDays ?? current.leadTimeDays, actor: principal, now: now(),
            requestID: context.requestID, logger: context.logger)
        let status: HTTPResponse.Status = if case .revisionPending = outcome { .accepted } else { .ok }
        return try respond(try await response(record, principal, context: context), status: status)
    }

    func transition(_ action: ListingStatus.Action)
        -> @Sendable (Request, AppRequestContext, Principal) async throws -> Response
    {
        { request, context, principal in
            let raw = try context.parameters.require("id")
            guard let id = ID<Listing>(raw) else { throw DomainError.notFound("listing \(raw)") }
            let expected = try request.expectedVersion()
            var reason: String? = nil
            if action == .reject || action == .delist {
                let body = try await request.decodeJSON(ReasonRequest.self, context: context)
                var v = Validator()
                v.text(body.reason, "reason", maxLength: 500)
                try v.validate()
                reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let record = try await listings.transition(
                id: id, action: action, expectedVersion: expected, reason: reason, actor: principal, now: now(),
                requestID: context.requestID, logger: context.logger)
            return try respond(try await response(record, principal, context: context))
        }
    }

    @Sendable func revisions(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleListing(context, principal)
        guard Self.isOwnerOrOperator(record, principal) else { throw DomainError.notFound("listing \(record.id)") }
        let items = try await listings.revisions(listingID: record.id, logger: context.logger)
        return try .json(Page(items: items.map(ListingResponse.RevisionResponse.init), nextCursor: nil))
    }

    func decideRevision(approve: Bool) -> @Sendable (Request, AppRequestContext, Principal) async throws -> Response {
        { request, context, principal in
            let raw = try context.parameters.require("id")
            let rawRevision = try context.parameters.require("revisionId")
            guard let id = ID<Listing>(raw) else { throw DomainError.notFound("listing \(raw)") }
            guard let revisionID = ID<ListingRevision>(rawRevision) else {
                throw DomainError.notFound("revision \(rawRevision)")
            }
            let expected = try request.expectedVersion()
            var reason: String? = nil
            if !approve {
                let body = try await request.decodeJSON(ReasonRequest.self, context: context)
                var v = Validator()
                v.text(body.reason, "reason", maxLength: 500)
                try v.validate()
                reason = body.reason
            }
            let record = try await listings.decideRevision(
                listingID: id, revisionID: revisionID, approve: approve, expectedVersion: expected, reason: reason,
                actor: principal, now: now(), requestID: context.requestID, logger: context.logger)
            return try respond(try await response(record, principal, context: context))
        }
    }

    @Sendable func priceHistory(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let record = try await visibleListing(context, principal)
        let page = try PageRequest(request)
        let rows = try await listings.priceHistory(
            listingID: record.id, after: try Self.cursor(page.cursor), limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id).encoded } : nil
        return try .json(
            Page(
                items: items.map {
                    PriceChangeResponse(
                        oldPriceFen: $0.oldPriceFen, newPriceFen: $0.newPriceFen, changedBy: $0.changedBy.description,
                        changedAt: $0.changedAt, reason: $0.reason)
                }, nextCursor: next))
    }

    @Sendable func addReference(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Listing>(raw) else { throw DomainError.notFound("listing \(raw)") }
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        let body = try request.decodeJSON(ReferencePriceBody.self, from: buffer)
        let reference = ListingStore.NewReference(
            kind: body.kind, source: body.source, url: body.url, priceFen: body.priceFen, capturedAt: body.capturedAt)
        let at = now()
        let store = listings
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(request, body: buffer, context: context, principal: principal) { conn in
            let record = try await store.addReference(
                listingID: id, reference, actor: principal, now: at, requestID: requestID, on: conn, logger: logger)
            return ListingResponse(record)
        }
    }

    @Sendable func violations(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let page = try PageRequest(request)
        let rows = try await listings.violations(
            after: try Self.cursor(page.cursor), limit: page.limit + 1, now: now(), logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit
            ? items.last.map { Cursor(key: $0.listing.sortKey, id: $0.listing.id.uuid).encoded } : nil
        return try .json(
            Page(
                items: items.map {
                    PriceViolationResponse(
                        listing: ListingResponse($0.listing), lowestReferenceFen: $0.lowestReferenceFen,
                        flaggedAt: $0.listing.priceFlaggedAt, delistAt: $0.delistAt)
                }, nextCursor: next))
    }
}
