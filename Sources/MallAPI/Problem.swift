import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import NIOCore

/// An RFC 9457 problem document, served as `application/problem+json`, with our stable `code`.
package struct Problem: HTTPResponseError, Encodable, Sendable {
    package var type: String
    package var title: String
    package var status: HTTPResponse.Status
    package var detail: String
    package var code: String
    package var errors: [DomainError.FieldError]?
    /// Extra response headers (`Allow` on 405, `Retry-After` on 429).
    package var headers: HTTPFields = [:]

    package init(
        status: HTTPResponse.Status, code: String, detail: String, errors: [DomainError.FieldError]? = nil,
        headers: HTTPFields = [:]
    ) {
        self.type = "https://govmall.dev/problems/\(code)"
        self.title = status.reasonPhrase
        self.status = status
        self.detail = detail
        self.code = code
        self.errors = errors?.isEmpty == true ? nil : errors
        self.headers = headers
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, code, errors }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encode(code, forKey: .code)
        try container.encodeIfPresent(errors, forKey: .errors)
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: - The fixed problems

    package static func notFound(_ path: String) -> Problem {
        Problem(status: .notFound, code: "route.not_found", detail: "no route for \(path)")
    }

    /// 400 for a query parameter that cannot be used.
    package static func invalidQuery(field: String, message: String) -> Problem {
        Problem(
            status: .badRequest, code: "request.invalid_query", detail: message,
            errors: [.init(field: field, code: "invalid", message: message)])
    }

    package static let unauthenticated = Problem(
        status: .unauthorized, code: DomainError.Code.unauthenticated.rawValue,
        detail: "send a valid bearer token: POST /api/v1/sessions returns one",
        headers: [.wwwAuthenticate: "Bearer realm=\"govmall\""])

    package static let internalError = Problem(
        status: .internalServerError, code: "internal",
        detail: "an unexpected error occurred; quote the X-Request-Id header when reporting it")
}

/// The one table from domain error codes to HTTP statuses (STYLE.md §2.4). A test checks every code is in it.
package enum ProblemStatus {
    package static let table: [DomainError.Code: HTTPResponse.Status] = [
        .validationFailed: .unprocessableContent,
        .notFound: .notFound,
        .conflict: .conflict,
        .versionMismatch: .preconditionFailed,
        .idempotencyKeyReused: .unprocessableContent,
        .invalidCredentials: .unauthorized,
        .accountLocked: .tooManyRequests,
        .accountDisabled: .forbidden,
        .unauthenticated: .unauthorized,
        .forbidden: .forbidden,
        .migrationsInconsistent: .internalServerError,
        .configInvalid: .internalServerError,
        .calendarYearNotLoaded: .unprocessableContent,
        .invalidCursor: .badRequest,
        .categoryNotLeaf: .unprocessableContent,
        .priceAboveReference: .unprocessableContent,
        .duplicateListing: .conflict,
        .governmentOnly: .conflict,
        .invalidTransition: .conflict,
        .preconditionRequired: .preconditionRequired,
        .revisionNotPending: .conflict,
        // Pricing, orders, competitions, credit (issue 4).
        .pricingQuantityInvalid: .unprocessableContent,
        .pricingQuantityTooLarge: .unprocessableContent,
        .pricingPriceDataInvalid: .unprocessableContent,
        .pricingRegionNotServed: .unprocessableContent,
        .pricingAmountOverflow: .unprocessableContent,
        .pricingNoLines: .unprocessableContent,
        .orderInvalidTransition: .conflict,
        .orderTransitionForbidden: .forbidden,
        .paymentAmountMismatch: .unprocessableContent,
        .paymentTermTooLong: .unprocessableContent,
        .directPurchaseLimitExceeded: .unprocessableContent,
        .competitionSettingsInvalid: .internalServerError,
        .competitionDeadlineTooEarly: .unprocessableContent,
        .competitionClosed: .conflict,
        .competitionQuoteAboveCeiling: .unprocessableContent,
        .competitionQuoteAboveAgreedPrice: .unprocessableContent,
        .competitionSupplierNotAdmitted: .forbidden,
        .competitionNoValidQuotes: .conflict,
        .competitionInvalidTransition: .conflict,
        .competitionSupplierNotRanked: .unprocessableContent,
        .competitionAwardReasonRequired: .unprocessableContent,
        .competitionListingNotEligible: .unprocessableContent,
        .competitionSupplierBlacklisted: .conflict,
        .blacklistEntryLifted: .conflict,
        .creditSettingsInvalid: .internalServerError,
        // The order pipeline (issue 4 points 4–7).
        .orderListingUnavailable: .unprocessableContent,
        .orderListingPriceFlagged: .conflict,
        .orderGreenCertificateRequired: .unprocessableContent,
        .orderDirectPurchaseNotAllowed: .unprocessableContent,
        .orderStockInsufficient: .conflict,
        .orderOverBudget: .unprocessableContent,
        .orderPriceChanged: .conflict,
        .orderRatingNotAllowed: .conflict,
        .orderAlreadyRated: .conflict,
        .splitExemptionDuplicate: .conflict,
        .splitExemptionNotPending: .conflict,
        // Policy tracking (issue 6).
        .filingAlreadyFiled: .conflict,
        .filingNotSubmitted: .conflict,
        .filingRepresentativeInvalid: .unprocessableContent,
        .refundOrderNotPaid: .conflict,
        .refundExceedsPaid: .unprocessableContent,
        .noticeAlreadyPublished: .conflict,
        // Framework agreements (issue 5, DOMAIN.md §F).
        .agreementWorksRefused: .unprocessableContent,
        .agreementTermTooLong: .unprocessableContent,
        .agreementInvalidTransition: .conflict,
        .agreementFrozen: .conflict,
        .agreementBidAboveMaxPrice: .unprocessableContent,
        .agreementNotSoliciting: .conflict,
        .agreementAdmitAllRefused: .unprocessableContent,
        .agreementTooFewBids: .conflict,
        .agreementScoreMissing: .unprocessableContent,
        .agreementNotActive: .conflict,
        .agreementSupplierNotAdmitted: .unprocessableContent,
        .agreementMethodFixed: .unprocessableContent,
        .agreementMethodUnsupported: .conflict,
        .agreementRotationExhausted: .conflict,
        .agreementPriceIncreaseRefused: .unprocessableContent,
        .agreementReplacementPriceAbove: .unprocessableContent,
        .agreementMembershipRefused: .conflict,
        .agreementAlreadyDecided: .conflict,
        // Open data (issue 6 point 6): a snapshot the OCDS builder refuses is a server fault.
        .openDataSnapshotInconsistent: .internalServerError,
    ]

    /// Every code the domain defines (kept next to the table so the test can compare them).
    package static let allCodes: [DomainError.Code] = [
        .validationFailed, .notFound, .conflict, .versionMismatch, .idempotencyKeyReused, .invalidCredentials,
        .accountLocked, .accountDisabled, .unauthenticated, .forbidden, .migrationsInconsistent, .configInvalid,
        .calendarYearNotLoaded, .invalidCursor, .categoryNotLeaf, .priceAboveReference, .duplicateListing,
        .governmentOnly, .invalidTransition, .preconditionRequired, .revisionNotPending,
        .pricingQuantityInvalid, .pricingQuantityTooLarge, .pricingPriceDataInvalid, .pricingRegionNotServed,
        .pricingAmountOverflow, .pricingNoLines, .orderInvalidTransition, .orderTransitionForbidden,
        .paymentAmountMismatch, .paymentTermTooLong, .directPurchaseLimitExceeded, .competitionSettingsInvalid,
        .competitionDeadlineTooEarly, .competitionClosed, .competitionQuoteAboveCeiling,
        .competitionQuoteAboveAgreedPrice, .competitionSupplierNotAdmitted, .competitionNoValidQuotes,
        .competitionInvalidTransition, .competitionSupplierNotRanked, .competitionAwardReasonRequired,
        .competitionListingNotEligible, .competitionSupplierBlacklisted, .blacklistEntryLifted,
        .creditSettingsInvalid, .orderListingUnavailable, .orderListingPriceFlagged, .orderGreenCertificateRequired,
        .orderDirectPurchaseNotAllowed, .orderStockInsufficient, .orderOverBudget, .orderPriceChanged,
        .orderRatingNotAllowed, .orderAlreadyRated, .splitExemptionDuplicate, .splitExemptionNotPending,
        .filingAlreadyFiled, .filingNotSubmitted,
        .filingRepresentativeInvalid, .refundOrderNotPaid, .refundExceedsPaid, .noticeAlreadyPublished,
        .agreementWorksRefused, .agreementTermTooLong, .agreementInvalidTransition, .agreementFrozen,
        .agreementBidAboveMaxPrice, .agreementNotSoliciting, .agreementAdmitAllRefused, .agreementTooFewBids,
        .agreementScoreMissing, .agreementNotActive, .agreementSupplierNotAdmitted, .agreementMethodFixed,
        .agreementMethodUnsupported, .agreementRotationExhausted, .agreementPriceIncreaseRefused,
        .agreementReplacementPriceAbove, .agreementMembershipRefused, .agreementAlreadyDecided,
        .openDataSnapshotInconsistent,
    ]

    package static func problem(for error: DomainError) -> Problem {
        let status = table[error.code] ?? .internalServerError
        if status == .internalServerError { return .internalError }
        return Problem(status: status, code: error.code.rawValue, detail: error.message, errors: error.fields)
    }
}
