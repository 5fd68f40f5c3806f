import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// The procurement category tree (品目) and its per-category settings (DOMAIN.md §C1, §C5).
package struct CategoryController: Sendable {
    let catalog: CatalogStore
    let now: @Sendable () -> Date

    package var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/api/v1/categories", .roles(allRoles, list)),
            Endpoint(.get, "/api/v1/categories/{code}", .roles(allRoles, get)),
            Endpoint(.put, "/api/v1/categories/{code}/settings", .roles([.operator], updateSettings)),
        ]
    }

    static func isCode(_ text: String) -> Bool {
        (text.count == 1 && "ABC".contains(text))
            || (text.count == 9 && "ABC".contains(text.prefix(1)) && text.dropFirst().allSatisfy(\.isASCII)
                && text.dropFirst().allSatisfy(\.isNumber))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let parent = request.uri.queryParameters["parent"].map(String.init)
        if let parent, !Self.isCode(parent) {
            throw Problem.invalidQuery(field: "parent", message: "a category code such as A02010000")
        }
        let after = try page.cursor.map { try Cursor(encoded: $0).key }
        let rows = try await catalog.children(of: parent, after: after, limit: page.limit + 1, logger: context.logger)
        let items = rows.prefix(page.limit).map { CategoryResponse($0) }
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.code).encoded } : nil
        return try .json(Page(items: Array(items), nextCursor: next))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let code = try context.parameters.require("code")
        guard Self.isCode(code), let record = try await catalog.category(code: code, logger: context.logger) else {
            throw DomainError.notFound("category \(code)")
        }
        let path = try await catalog.path(to: code, logger: context.logger)
        return try .json(CategoryResponse(record, path: path))
    }

    @Sendable func updateSettings(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let code = try context.parameters.require("code")
        guard Self.isCode(code) else { throw DomainError.notFound("category \(code)") }
        let body = try await request.decodeJSON(CategorySettingsRequest.self, context: context)
        var v = Validator()
        let energy = CategoryInfo.EnergySaving(rawValue: body.energySaving)
        v.check(energy != nil, "energySaving", "invalid", "energySaving is none, priority or mandatory")
        v.check(body.requiredAttributes.count <= 30, "requiredAttributes", "too_many", "at most 30")
        for (i, name) in body.requiredAttributes.enumerated() { v.text(name, "requiredAttributes[\(i)]", maxLength: 50) }
        v.check(body.unitHints.count <= 20, "unitHints", "too_many", "at most 20")
        for (i, unit) in body.unitHints.enumerated() { v.text(unit, "unitHints[\(i)]", maxLength: 20) }
        try v.validate()
        let record = try await catalog.updateSettings(
            code: code,
            .init(
                energySaving: energy ?? .none, ecoLabelPriority: body.ecoLabelPriority,
                requiredAttributes: body.requiredAttributes, unitHints: body.unitHints,
                directPurchaseAllowed: body.directPurchaseAllowed),
            actor: principal, now: now(), requestID: context.requestID, logger: context.logger)
        return try .json(CategoryResponse(record))
    }
}
