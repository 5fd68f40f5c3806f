import Foundation

/// A framework agreement's stage 1 as open data sees it (DOMAIN.md §X2, §F): the input of
/// `OCDSReleaseBuilder.release(for:)`. The store fills it once the stage-1 result is signed, and again whenever
/// the published facts change (joins, leaves and removals for cause, a lowered agreed price, the end of the
/// term or a termination).
package struct OpenDataAgreement: Sendable, Hashable {
    /// The agreement's id; the ocid is built from it.
    package var id: UUID
    /// The agreement's number, e.g. `FA-2025-001`.
    package var agreementNo: String
    /// The title, e.g. `2025年度台式计算机框架协议采购`.
    package var title: String
    /// Goods or services (§F1: never works).
    package var subject: Subject
    /// Closed (the main form) or open (§F1, §F10).
    package var kind: Kind
    /// The first day of the term.
    package var termStart: LocalDate
    /// The last day of the term.
    package var termEnd: LocalDate
    /// The recorded reason for a term beyond the default maximum (§F1), if any.
    package var termReason: String?
    /// Who may place stage-2 orders, in words, e.g. `北京市市级预算单位`.
    package var buyerCategories: String?
    /// The lots.
    package var lots: [Lot]
    /// Every stage-2 method the agreement may use (§F9: one, or two split by amount).
    package var stageTwoMethods: Set<OpenDataStageTwoMethod>
    /// The SME price deduction applied to small/micro bids in stage-1 evaluation (§F2), if any.
    package var smePriceDeduction: BasisPoints?
    /// How many valid bids stage 1 received.
    package var numberOfTenderers: Int?
    /// The admitted suppliers and their agreed prices, one entry per supplier and lot.
    package var admitted: [AdmittedSupplier]
    /// When the stage-1 result was signed.
    package var signedAt: Date
    /// When the published facts last changed: the release's date; contract statuses are as of this instant.
    package var updatedAt: Date
    /// A number that grows with every published change (e.g. the row version): part of the release id.
    package var revision: Int
    /// The central purchasing body (集中采购机构) that runs the agreement: its buyer and procuring entity. `nil`
    /// uses the settings' `centralPurchasingBody`.
    package var centralPurchasingBody: OpenDataOrganisation?
    /// When the agreement was terminated before the end of its term, if it was (at or before `updatedAt`):
    /// every contract is then terminated and an open agreement takes no more suppliers.
    package var terminatedAt: Date?

    /// Creates an agreement snapshot.
    package init(
        id: UUID, agreementNo: String, title: String, subject: Subject, kind: Kind, termStart: LocalDate,
        termEnd: LocalDate, termReason: String? = nil, buyerCategories: String? = nil, lots: [Lot],
        stageTwoMethods: Set<OpenDataStageTwoMethod>, smePriceDeduction: BasisPoints? = nil,
        numberOfTenderers: Int? = nil, admitted: [AdmittedSupplier], signedAt: Date, updatedAt: Date, revision: Int,
        centralPurchasingBody: OpenDataOrganisation? = nil, terminatedAt: Date? = nil
    ) {
        self.id = id
        self.agreementNo = agreementNo
        self.title = title
        self.subject = subject
        self.kind = kind
        self.termStart = termStart
        self.termEnd = termEnd
        self.termReason = termReason
        self.buyerCategories = buyerCategories
        self.lots = lots
        self.stageTwoMethods = stageTwoMethods
        self.smePriceDeduction = smePriceDeduction
        self.numberOfTenderers = numberOfTenderers
        self.admitted = admitted
        self.signedAt = signedAt
        self.updatedAt = updatedAt
        self.revision = revision
        self.centralPurchasingBody = centralPurchasingBody
        self.terminatedAt = terminatedAt
    }

    /// What the agreement buys (§F1).
    package enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
        case goods
        case services
    }

    /// Closed or open (§F1, §F10).
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 封闭式: membership fixed in stage 1.
        case closed
        /// 开放式: suppliers may join during the term.
        case open
    }

    /// One lot (包).
    package struct Lot: Sendable, Hashable {
        /// The lot's number, 1, 2, …
        package var number: Int
        /// The lot's name.
        package var name: String
        /// The leaf 2022 品目 code (§C1).
        package var categoryCode: String
        /// The code's name.
        package var categoryName: String
        /// The unit of measure, e.g. `台`.
        package var unitName: String
        /// The max unit price (最高限制单价, §F1, §F2).
        package var maxUnitPriceFen: Fen
        /// The estimated quantity over the term, if stated.
        package var estimatedQuantity: Int64?

        /// Creates a lot.
        package init(
            number: Int, name: String, categoryCode: String, categoryName: String, unitName: String,
            maxUnitPriceFen: Fen, estimatedQuantity: Int64? = nil
        ) {
            self.number = number
            self.name = name
            self.categoryCode = categoryCode
            self.categoryName = categoryName
            self.unitName = unitName
            self.maxUnitPriceFen = maxUnitPriceFen
            self.estimatedQuantity = estimatedQuantity
        }
    }

    /// A supplier admitted to one lot, with its agreed price (协议价格, §F2: the unadjusted bid).
    package struct AdmittedSupplier: Sendable, Hashable {
        /// The supplier.
        package var supplier: OpenDataOrganisation
        /// The lot's number.
        package var lotNumber: Int
        /// The agreed unit price.
        package var agreedUnitPriceFen: Fen
        /// When the supplier was admitted (stage-1 result, or joining an open agreement).
        package var admittedAt: Date
        /// Whether the supplier is still on the agreement (false after withdrawal or removal, §F10).
        package var isActive: Bool

        /// Creates an admission.
        package init(
            supplier: OpenDataOrganisation, lotNumber: Int, agreedUnitPriceFen: Fen, admittedAt: Date,
            isActive: Bool = true
        ) {
            self.supplier = supplier
            self.lotNumber = lotNumber
            self.agreedUnitPriceFen = agreedUnitPriceFen
            self.admittedAt = admittedAt
            self.isActive = isActive
        }
    }
}
