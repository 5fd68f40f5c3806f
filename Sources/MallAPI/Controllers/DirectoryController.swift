import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Regions (any signed-in user) and organisations (operators all, regulators their region, others only
/// their own organisation by id).
package struct DirectoryController: Sendable {
    let accounts: AccountStore
    let reference: ReferenceDataStore

    package var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/api/v1/regions", .roles(allRoles, listRegions)),
            Endpoint(.get, "/api/v1/regions/{code}", .roles(allRoles, getRegion)),
            Endpoint(.get, "/api/v1/organisations", .roles([.operator, .regulator], listOrganisations)),
            Endpoint(.get, "/api/v1/organisations/{id}", .roles(allRoles, getOrganisation)),
        ]
    }

    @Sendable func listRegions(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let page = try PageRequest(request)
        let parent = request.uri.queryParameters["parent"].map(String.init)
        if let parent, RegionCode(parent) == nil {
            throw Problem.invalidQuery(field: "parent", message: "a region code has 6 digits")
        }
        let after = try page.cursor.map { try Cursor(encoded: $0).key }
        let rows = try await reference.regions(parent: parent, after: after, limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit).map(RegionResponse.init)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.code).encoded } : nil
        return try .json(Page(items: Array(items), nextCursor: next))
    }

    @Sendable func getRegion(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let code = try context.parameters.require("code")
        guard RegionCode(code) != nil, let region = try await reference.region(code: code, logger: context.logger) else {
            throw DomainError.notFound("region \(code)")
        }
        return try .json(RegionResponse(region))
    }

    @Sendable func listOrganisations(_ request: Request, context: AppRequestContext, principal: Principal)
        async throws -> Response
    {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        let kind = query["kind"].flatMap { OrganisationKind(rawValue: String($0)) }
        if query["kind"] != nil && kind == nil {
            throw Problem.invalidQuery(field: "kind", message: "kind is one of unit, supplier, operator, regulator")
        }
        let regionFilter = query["region"].flatMap { RegionCode(String($0)) }
        if query["region"] != nil && regionFilter == nil {
            throw Problem.invalidQuery(field: "region", message: "a region code has 6 digits")
        }

        // A regulator sees its own region only; a narrower filter inside it is allowed.
        var region = regionFilter
        if principal.organisationKind == .regulator {
            if let filter = regionFilter, !filter.isWithin(principal.regionCode) {
                return try .json(Page<OrganisationResponse>(items: [], nextCursor: nil))
            }
            region = regionFilter ?? principal.regionCode
        }
        let cursor = try page.cursor.map { raw -> (String, UUID) in
            let cursor = try Cursor(encoded: raw)
            guard let id = cursor.id, AccountStore.isSortKey(cursor.key) else {
                throw DomainError(.invalidCursor, "the cursor is not one this server issued")
            }
            return (cursor.key, id)
        }
        let rows = try await accounts.organisations(
            kind: kind, within: region, after: cursor, limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit
            ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map(OrganisationResponse.init), nextCursor: next))
    }

    @Sendable func getOrganisation(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<Organisation>(raw),
            let org = try await accounts.organisation(id: id, logger: context.logger),
            Self.canSee(org, principal)
        else { throw DomainError.notFound("organisation \(raw)") }
        return try .json(OrganisationResponse(org))
    }

    /// Operators see every organisation, regulators those of their region, everyone their own. A foreign
    /// id answers 404, never 403 (DESIGN.md §4).
    static func canSee(_ org: AccountStore.OrganisationRecord, _ principal: Principal) -> Bool {
        switch principal.organisationKind {
        case .operator: true
        case .regulator: org.regionCode.isWithin(principal.regionCode)
        case .unit, .supplier: org.id == principal.organisationID
        }
    }
}
