import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// Contract notices (DOMAIN.md §O6; issue 6 point 3): opened when the supplier confirms an order, published by
/// the unit within the configured working days. Visibility follows the order's: the unit, the supplier, the
/// regulators of the region, the operators.
package struct ContractNoticeController: Sendable {
    let notices: ContractNoticeStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(notices: ContractNoticeStore, writer: IdempotentWriter, now: @escaping @Sendable () -> Date) {
        self.notices = notices
        self.writer = writer
        self.now = now
    }

    package var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/api/v1/contract-notices", .roles(allRoles, list)),
            Endpoint(.get, "/api/v1/contract-notices/{id}", .roles(allRoles, get)),
            Endpoint(.post, "/api/v1/contract-notices/{id}/publish", .roles([.buyer, .approver], publish)),
        ]
    }

    static func canSee(_ notice: ContractNoticeStore.Record, _ principal: Principal) -> Bool {
        switch principal.organisationKind {
        case .operator: true
        case .regulator: RegionCode(notice.regionCode)?.isWithin(principal.regionCode) ?? false
        case .unit: notice.unitID == principal.organisationID
        case .supplier: notice.supplierID == principal.organisationID
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let page = try PageRequest(request)
        let query = request.uri.queryParameters
        let today = LocalDate(now())
        var filter = ContractNoticeStore.Filter()
        filter.published = try Self.bool(query["published"].map(String.init), field: "published")
        if try Self.bool(query["late"].map(String.init), field: "late") == true { filter.lateOn = today }
        filter.unit = try OrderController.organisation(query["unit"].map(String.init), field: "unit")
        filter.supplier = try OrderController.organisation(query["supplier"].map(String.init), field: "supplier")
        let scope: OrderStore.Scope =
            switch principal.organisationKind {
            case .operator: .all
            case .regulator: .region(principal.regionCode)
            case .unit: .unit(principal.organisationID)
            case .supplier: .supplier(principal.organisationID)
            }
        let rows = try await notices.notices(
            scope: scope, filter: filter, after: try ListingController.cursor(page.cursor), limit: page.limit + 1,
            logger: context.logger)
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last.map { Cursor(key: $0.sortKey, id: $0.id.uuid).encoded } : nil
        return try .json(Page(items: items.map { ContractNoticeResponse($0, today: today) }, nextCursor: next))
    }

    static func bool(_ raw: String?, field: String) throws -> Bool? {
        try raw.map { raw in
            guard raw == "true" || raw == "false" else { throw Problem.invalidQuery(field: field, message: "true or false") }
            return raw == "true"
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = ID<ContractNoticeEntity>(raw),
            let record = try await notices.notice(id: id, logger: context.logger), Self.canSee(record, principal)
        else { throw DomainError.notFound("contract notice \(raw)") }
        return try .json(ContractNoticeResponse(record, today: LocalDate(now())))
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let raw = try context.parameters.require("id")
        guard let id = ID<ContractNoticeEntity>(raw) else { throw DomainError.notFound("contract notice \(raw)") }
        let buffer = try await IdempotentWriter.body(of: request, context: context)
        var url: String?
        if buffer.readableBytes > 0 {
            url = try request.decodeJSON(PublishNoticeRequest.self, from: buffer).url?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var validator = Validator()
        validator.text(url, "url", maxLength: 500, required: false)
        validator.check(url.map { $0.hasPrefix("https://") || $0.hasPrefix("http://") } ?? true, "url", "invalid",
            "an http(s) address")
        try validator.validate()
        let at = now()
        let store = notices
        let requestID = context.requestID
        let logger = context.logger
        let address = url?.isEmpty == true ? nil : url
        return try await writer.run(request, body: buffer, context: context, principal: principal, status: .ok) {
            conn in
            ContractNoticeResponse(
                try await store.publish(
                    id: id, url: address, actor: principal, now: at, requestID: requestID,
                    on: conn, logger: logger),
                today: LocalDate(at))
        }
    }
}
