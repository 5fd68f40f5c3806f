import Foundation
import MallCore
import MallStore

// MARK: - Requests

/// `POST /api/v1/competitions` (DOMAIN.md §K1).
package struct PostCompetitionRequest: Decodable, Sendable {
    package var title: String
    package var categoryCode: String
    package var specs: [String: JSONValue]?
    package var quantity: Int64
    package var unit: String
    /// The highest unit price (最高限价) in fen; quotes are held to `unitCeilingFen × quantity`.
    package var unitCeilingFen: Fen
    package var budgetLineId: String
    /// RFC 3339 instant.
    package var deadline: String
}

/// `POST /api/v1/competitions/{id}/quotes` (DOMAIN.md §K1, §K2).
package struct SubmitQuoteRequest: Decodable, Sendable {
    /// The supplier's listing offered.
    package var listingId: String
    /// The total for the whole need, all-inclusive; the contract price if this quote is awarded.
    package var totalFen: Fen
    /// For goods: the declared size of the manufacturer (声明函), needed for the SME deduction (§K2).
    package var manufacturerSize: String?
    package var note: String?
}

/// `POST /api/v1/competitions/{id}/award`.
package struct AwardRequest: Decodable, Sendable {
    package var supplierId: String
    /// Required when the supplier is not ranked first (§K2).
    package var reason: String?
}

/// `POST /api/v1/competitions/{id}/cancel`.
package struct CancelCompetitionRequest: Decodable, Sendable {
    package var reason: String
}

/// `POST /api/v1/suppliers/{id}/blacklist-entries` (DOMAIN.md §K3).
package struct BlacklistEntryRequest: Decodable, Sendable {
    /// `dishonest_judgment_debtor`, `major_tax_violation` or `serious_illegal_dishonesty`.
    package var list: String
    package var reference: String
    package var listedOn: LocalDate
}

/// `POST /api/v1/suppliers/{id}/blacklist-entries/{entryId}/lift`.
package struct LiftBlacklistEntryRequest: Decodable, Sendable {
    package var reason: String
}

// MARK: - Responses

/// A competition as its viewer may see it (DOMAIN.md §K1: quotes sealed until the deadline).
package struct CompetitionResponse: Encodable, Sendable {
    package struct Award: Encodable, Sendable {
        package var supplierId: String
        package var quoteId: String?
        /// The contract price: the awardee's quoted total (§K2, §P5).
        package var contractFen: Int64?
        package var reason: String?
        package var awardedAt: Date?
        /// The order the award created; shown to the unit, the awardee, operators and regulators.
        package var orderId: String?
    }

    package var id: String
    package var competitionNo: String
    package var unitId: String
    package var unitName: String
    package var regionCode: String
    package var method: String
    package var agreementId: String?
    /// The agreement's lot of a second bidding (DOMAIN.md §F7).
    package var agreementLotNo: Int?
    package var categoryCode: String
    package var categoryName: String
    package var title: String
    package var specs: [String: JSONValue]
    package var quantity: Int64
    package var unit: String
    package var unitCeilingFen: Fen
    package var totalCeilingFen: Fen
    /// Only for the posting unit, operators and regulators.
    package var budgetLineId: String?
    package var publishedAt: Date
    package var deadline: Date
    package var minimumResponseWorkingDays: Int
    package var smeDeductionBp: Int
    package var state: String
    package var version: Int
    package var evaluatedAt: Date?
    /// The ranking and exclusions: for the posting unit, the suppliers that quoted, operators and regulators,
    /// from the deadline on (never for a cancelled competition's unit and suppliers).
    package var result: CompetitionStore.StoredResult?
    package var failureReason: String?
    package var award: Award?
    package var cancelReason: String?
    package var cancelledAt: Date?

    init(_ record: CompetitionStore.Record, showResult: Bool, showPrivate: Bool) {
        id = record.id.description
        competitionNo = record.competitionNo
        unitId = record.unitID.description
        unitName = record.unitName
        regionCode = record.regionCode
        method = record.method.rawValue
        agreementId = record.agreementID?.lowercasedString
        agreementLotNo = record.agreementLotNo
        categoryCode = record.categoryCode
        categoryName = record.categoryName
        title = record.title
        specs = record.specs
        quantity = record.quantity
        unit = record.unit
        unitCeilingFen = record.unitCeiling
        totalCeilingFen = record.need.totalCeiling
        budgetLineId = showPrivate ? record.budgetLineID.description : nil
        publishedAt = record.publishedAt
        deadline = record.deadline
        minimumResponseWorkingDays = record.minimumResponseDays
        smeDeductionBp = Int(record.smeDeduction.rawValue)
        state = record.status.rawValue
        version = record.version
        evaluatedAt = record.evaluatedAt
        result = showResult ? record.result : nil
        failureReason = record.failureReason
        if let supplier = record.awardedSupplierID {
            let contract = record.result?.ranking.first { $0.supplierId == supplier.description }?.quotedFen
            award = Award(
                supplierId: supplier.description, quoteId: record.awardedQuoteID?.description, contractFen: contract,
                reason: record.awardReason, awardedAt: record.awardedAt,
                orderId: showPrivate ? record.orderID?.description : nil)
        }
        cancelReason = record.cancelReason
        cancelledAt = record.cancelledAt
    }
}

/// A quote; `totalFen` and the declarations are `null` while sealed to the viewer (§K1).
package struct CompetitionQuoteResponse: Encodable, Sendable {
    package var id: String
    package var supplierId: String
    package var supplierName: String
    package var listingId: String?
    package var listingTitle: String?
    package var brand: String?
    package var model: String?
    package var sealed: Bool
    package var totalFen: Fen?
    package var supplierSize: String?
    package var manufacturerSize: String?
    package var note: String?
    package var submittedAt: Date

    init(_ quote: CompetitionStore.QuoteRecord, visible: Bool) {
        id = quote.id.description
        supplierId = quote.supplierID.description
        supplierName = quote.supplierName
        sealed = !visible
        listingId = visible ? quote.listingID.description : nil
        listingTitle = visible ? quote.listingTitle : nil
        brand = visible ? quote.brand : nil
        model = visible ? quote.model : nil
        totalFen = visible ? quote.totalFen : nil
        supplierSize = visible ? quote.supplierSize.rawValue : nil
        manufacturerSize = visible ? quote.manufacturerSize?.rawValue : nil
        note = visible ? quote.note : nil
        submittedAt = quote.submittedAt
    }
}

/// `POST /api/v1/competitions/{id}/award`: the competition and the order the award placed.
package struct AwardResponse: Encodable, Sendable {
    package var competition: CompetitionResponse
    package var order: OrderResponse
    package var warnings: [SplitWarningResponse]
}

/// A credit blacklist entry (DOMAIN.md §K3).
package struct BlacklistEntryResponse: Encodable, Sendable {
    package var id: String
    package var supplierId: String
    package var list: String
    package var reference: String
    package var listedOn: LocalDate
    package var recordedAt: Date
    package var liftedAt: Date?
    package var liftReason: String?
    package var active: Bool

    init(_ entry: CompetitionStore.BlacklistEntry) {
        id = entry.id.lowercasedString
        supplierId = entry.supplierID.description
        list = entry.list.rawValue
        reference = entry.reference
        listedOn = entry.listedOn
        recordedAt = entry.recordedAt
        liftedAt = entry.liftedAt
        liftReason = entry.liftReason
        active = entry.liftedAt == nil
    }
}
