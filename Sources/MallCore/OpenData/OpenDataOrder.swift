import Foundation

/// A completed mall order as open data sees it (DOMAIN.md §X2, §O): the input of
/// `OCDSReleaseBuilder.release(for:)`. The store fills it from the order, its lines and the two organisations
/// once the order is accepted (and again when it is paid).
///
/// It holds organisation facts and business facts only: the acceptor, the buyer's user and every other person
/// are left out on purpose (no personal data in open data).
package struct OpenDataOrder: Sendable, Hashable {
    /// The order's id; the ocid is built from it.
    package var id: ID<Order>
    /// The human-readable order number, e.g. `GM20250301000123`.
    package var orderNo: String
    /// A short title, e.g. `台式计算机等采购`.
    package var title: String
    /// How the order was made: direct purchase, competition or a stage-2 order of a framework agreement.
    package var method: ProcurementMethod
    /// The purchasing unit (the buyer).
    package var unit: OpenDataOrganisation
    /// The supplier, with its size and 832 status at contract time.
    package var supplier: OpenDataOrganisation
    /// The order lines, in order.
    package var lines: [Line]
    /// Fees charged on the order outside its lines (usually zero; line fees are in the line totals).
    package var orderFeesFen: Fen
    /// The order total: Σ line totals + order fees (DOMAIN.md §P2).
    package var totalFen: Fen
    /// When the unit placed the order (the award).
    package var placedAt: Date
    /// When the supplier confirmed it (the contract is signed).
    package var confirmedAt: Date
    /// When the unit's acceptance check passed (履约验收, §O2): the order is complete.
    package var acceptedAt: Date
    /// When the unit paid, if it has.
    package var paidAt: Date?
    /// For a stage-2 order: the framework agreement and the stage-2 method used.
    package var callOff: CallOff?
    /// For a competition or second bidding: how many suppliers quoted.
    package var numberOfTenderers: Int?
    /// SME measures that applied (price deduction in evaluation, reserved for SMEs).
    package var smeMeasures: Set<OpenDataSMEMeasure>

    /// Creates an order snapshot.
    package init(
        id: ID<Order>, orderNo: String, title: String, method: ProcurementMethod, unit: OpenDataOrganisation,
        supplier: OpenDataOrganisation, lines: [Line], orderFeesFen: Fen = .zero, totalFen: Fen, placedAt: Date,
        confirmedAt: Date, acceptedAt: Date, paidAt: Date? = nil, callOff: CallOff? = nil,
        numberOfTenderers: Int? = nil, smeMeasures: Set<OpenDataSMEMeasure> = []
    ) {
        self.id = id
        self.orderNo = orderNo
        self.title = title
        self.method = method
        self.unit = unit
        self.supplier = supplier
        self.lines = lines
        self.orderFeesFen = orderFeesFen
        self.totalFen = totalFen
        self.placedAt = placedAt
        self.confirmedAt = confirmedAt
        self.acceptedAt = acceptedAt
        self.paidAt = paidAt
        self.callOff = callOff
        self.numberOfTenderers = numberOfTenderers
        self.smeMeasures = smeMeasures
    }

    /// A title for an order that has none of its own (orders store no title): the first line's category
    /// name and 采购, with 等 when there are more lines, e.g. `台式计算机等采购`; `采购` without lines.
    package static func title(for lines: [Line]) -> String {
        guard let first = lines.min(by: { $0.number < $1.number }) else { return "采购" }
        return "\(first.categoryName)\(lines.count > 1 ? "等" : "")采购"
    }

    /// One order line.
    package struct Line: Sendable, Hashable {
        /// The line's number, 1, 2, …
        package var number: Int
        /// The listing's title, e.g. `联想 启天M437 台式计算机`.
        package var title: String
        /// The leaf 2022 品目 code, e.g. `A02010105` (DOMAIN.md §C1).
        package var categoryCode: String
        /// The code's name, e.g. `台式计算机`.
        package var categoryName: String
        /// Units ordered.
        package var quantity: Int64
        /// The unit of measure, e.g. `台`.
        package var unitName: String
        /// The unit price paid.
        package var unitPriceFen: Fen
        /// The line total, fees included (`LineQuote.totalFen`).
        package var lineTotalFen: Fen
        /// The green certificates the product held on the order date (DOMAIN.md §C5).
        package var greenCertificates: Set<OpenDataGreenCertificate>

        /// Creates a line.
        package init(
            number: Int, title: String, categoryCode: String, categoryName: String, quantity: Int64,
            unitName: String, unitPriceFen: Fen, lineTotalFen: Fen,
            greenCertificates: Set<OpenDataGreenCertificate> = []
        ) {
            self.number = number
            self.title = title
            self.categoryCode = categoryCode
            self.categoryName = categoryName
            self.quantity = quantity
            self.unitName = unitName
            self.unitPriceFen = unitPriceFen
            self.lineTotalFen = lineTotalFen
            self.greenCertificates = greenCertificates
        }
    }

    /// A stage-2 order's framework agreement (DOMAIN.md §F5).
    package struct CallOff: Sendable, Hashable {
        /// The framework agreement's id; its ocid is built from it.
        package var agreementID: UUID
        /// The agreement's title, for `relatedProcesses[].title`.
        package var agreementTitle: String
        /// The stage-2 method the agreement fixed for this order (§F9).
        package var method: OpenDataStageTwoMethod

        /// Creates a call-off link.
        package init(agreementID: UUID, agreementTitle: String, method: OpenDataStageTwoMethod) {
            self.agreementID = agreementID
            self.agreementTitle = agreementTitle
            self.method = method
        }
    }
}
