import Foundation
import MallCore
import MallStore

// MARK: - Requests

/// One line of a cart: a listing and a quantity.
package struct CartLineBody: Decodable, Sendable {
    package var listingId: String
    package var quantity: Int64
}

/// `POST /api/v1/quotes`: a prospective cart.
package struct QuoteRequest: Decodable, Sendable {
    package var lines: [CartLineBody]
}

/// The payment terms a unit's order agrees (DOMAIN.md §O5); absent fields take the policy's defaults.
package struct PaymentTermsBody: Decodable, Sendable {
    /// `delivery` (default) or `acceptance`: the event that starts the payment clock.
    package var clockStart: String?
    package var agreedTermDays: Int?
    package var agreedDailyInterestBp: Int?
}

/// `POST /api/v1/orders`.
package struct PlaceOrderRequest: Decodable, Sendable {
    package var lines: [CartLineBody]
    /// The cart total from the client's quote; a different total now answers 409 `order.price_changed`.
    package var expectedTotalFen: Fen
    package var budgetLineId: String
    package var paymentTerms: PaymentTermsBody?
}

/// `reject`, `cancel`, `request-cancellation` (required) and `decline-cancellation` (optional).
package struct OrderReasonRequest: Decodable, Sendable {
    package var reason: String?
}

/// `deliver`: the day the unit received the goods (签收); today when absent.
package struct DeliveryRequest: Decodable, Sendable {
    package var deliveredOn: LocalDate?
}

/// `accept`: the acceptance check (履约验收).
package struct AcceptanceRequest: Decodable, Sendable {
    package var date: LocalDate?
    package var acceptorName: String
    package var result: String
    package var notes: String?
}

/// `pay`: the payment; the amount must be the order total.
package struct PaymentRequest: Decodable, Sendable {
    package var amountFen: Fen
    package var paidOn: LocalDate?
}

/// `POST /api/v1/orders/{id}/rating` (DOMAIN.md §O7).
package struct RatingRequest: Decodable, Sendable {
    package var delivery: Int
    package var quality: Int
    package var service: Int
    package var comment: String?
}

/// `POST /api/v1/budget-lines` (DOMAIN.md §O4).
package struct CreateBudgetLineRequest: Decodable, Sendable {
    package var fiscalYear: Int
    package var projectName: String
    package var categoryPrefix: String?
    package var amountFen: Fen
}

// MARK: - Quotes

/// One step of a line's price breakdown (DOMAIN.md §P1).
package struct PricingStepResponse: Encodable, Sendable {
    package var reason: String
    package var bound: Bool
    package var beforeFen: Fen
    package var afterFen: Fen
    package var percentOffBp: Int32
    package var source: String?
    package var minQuantity: Int64?

    package init(_ step: PricingStep) {
        self.reason = step.reason.rawValue
        self.bound = step.bound
        self.beforeFen = step.beforeFen
        self.afterFen = step.afterFen
        self.percentOffBp = step.percentOff.rawValue
        self.source = step.source.isEmpty ? nil : step.source
        self.minQuantity = step.minQuantity == 0 ? nil : step.minQuantity
    }
}

/// One priced line: a quote line, or an order line as priced at placement (DOMAIN.md §O1).
package struct PricedLineResponse: Encodable, Sendable {
    package var lineNo: Int?
    package var listingId: String
    package var categoryCode: String
    package var title: String
    package var brand: String
    package var model: String
    package var unit: String
    package var quantity: Int64
    package var unitPriceFen: Fen
    package var percentOffBp: Int32
    package var lineAmountFen: Fen
    package var feesFen: Fen
    package var totalFen: Fen
    package var steps: [PricingStepResponse]

    init(lineNo: Int?, listingID: ID<Listing>, content: ListingContent, quote: LineQuote) {
        self.lineNo = lineNo
        self.listingId = listingID.description
        self.categoryCode = content.categoryCode
        self.title = content.title
        self.brand = content.brand
        self.model = content.model
        self.unit = content.unit
        self.quantity = quote.quantity
        self.unitPriceFen = quote.unitPriceFen
        self.percentOffBp = quote.percentOff.rawValue
        self.lineAmountFen = quote.lineAmountFen
        self.feesFen = quote.feesFen
        self.totalFen = quote.totalFen
        self.steps = quote.steps.map(PricingStepResponse.init)
    }

    init(_ line: OrderStore.LineRecord) {
        self.init(
            lineNo: line.lineNo, listingID: line.listingID,
            content: ListingContent(
                categoryCode: line.categoryCode, title: line.title, brand: line.brand, model: line.model,
                unit: line.unit, priceFen: line.quote.unitPriceFen),
            quote: line.quote)
    }
}

/// The quote of a cart (issue 4 point 3): one prospective order per supplier (DOMAIN.md §O1).
package struct QuoteResponse: Encodable, Sendable {
    package struct SupplierOrder: Encodable, Sendable {
        package var supplierId: String
        package var supplierName: String
        package var amountFen: Fen
        package var feesFen: Fen
        package var totalFen: Fen
        /// DOMAIN.md §O3: the direct purchase max for the unit's region and the order's categories.
        package var directPurchaseMaxFen: Fen
        /// Whether placing this order would be refused for the max (`order.direct_purchase_limit_exceeded`).
        package var aboveDirectPurchaseMax: Bool
        package var lines: [PricedLineResponse]
    }

    package var pricedOn: LocalDate
    package var buyerRegion: String
    package var amountFen: Fen
    package var feesFen: Fen
    package var totalFen: Fen
    package var orders: [SupplierOrder]

    package init(_ cart: OrderStore.PricedCart) {
        self.pricedOn = cart.pricedOn
        self.buyerRegion = cart.buyerRegion.rawValue
        self.amountFen = cart.amountFen
        self.feesFen = cart.feesFen
        self.totalFen = cart.totalFen
        self.orders = cart.orders.map { order in
            SupplierOrder(
                supplierId: order.supplierID.description, supplierName: order.supplierName,
                amountFen: order.quote.amountFen, feesFen: order.quote.feesFen, totalFen: order.quote.totalFen,
                directPurchaseMaxFen: order.directPurchaseMax,
                aboveDirectPurchaseMax: order.quote.totalFen > order.directPurchaseMax,
                lines: order.lines.map {
                    PricedLineResponse(
                        lineNo: nil, listingID: $0.listing.id, content: $0.listing.content, quote: $0.quote)
                })
        }
    }
}

/// 409 `order.price_changed`: a problem document that also carries the new quote.
package struct PriceChangedProblem: Encodable, Sendable {
    package var type: String
    package var title: String
    package var status: Int
    package var detail: String
    package var code: String
    package var errors: [DomainError.FieldError]?
    package var quote: QuoteResponse
}

// MARK: - Orders

/// An order as the API shows it (DOMAIN.md §O). `lines` and `rating` are in single-order responses;
/// `allowedActions` lists the actions the caller may take now (the `POST /api/v1/orders/{id}/{action}` names).
package struct OrderResponse: Encodable, Sendable {
    package struct Terms: Encodable, Sendable {
        package var supplierSize: String
        package var clockStart: String
        package var termDays: Int
        package var agreedTermDays: Int?
        package var dailyInterestBp: Int32
    }

    package struct Acceptance: Encodable, Sendable {
        package var date: LocalDate
        package var acceptorName: String
        package var result: String
        package var notes: String?
    }

    package struct Payment: Encodable, Sendable {
        /// DOMAIN.md §O5: the due date, once the payment clock started.
        package var dueOn: LocalDate?
        /// The due date is in a year without a loaded holiday calendar (DOMAIN.md §W1): calendar days only.
        package var dueOnProvisional: Bool
        package var paidFen: Fen?
        package var paidOn: LocalDate?
        /// Calendar days after the due date, up to today (or the payment day).
        package var daysOverdue: Int
        /// Late-payment interest at the daily rate on the total, rounded half-up once (DOMAIN.md §O5).
        package var overdueInterestFen: Fen
        package var overdue: Bool
    }

    package struct Cancellation: Encodable, Sendable {
        package var requestedBy: String
        package var reason: String
    }

    package var id: String
    package var orderNo: String
    package var placementId: String
    package var state: String
    package var version: Int
    package var method: String
    package var unitId: String
    package var unitName: String
    package var supplierId: String
    package var supplierName: String
    package var regionCode: String
    package var budgetLineId: String
    package var budgetProject: String
    package var fiscalYear: Int
    package var amountFen: Fen
    package var feesFen: Fen
    package var totalFen: Fen
    package var placedAt: Date
    package var placedOn: LocalDate
    package var placedBy: String
    package var expectedDeliveryOn: LocalDate
    package var paymentTerms: Terms
    package var deliveredOn: LocalDate?
    package var acceptance: Acceptance?
    package var payment: Payment
    package var cancellationRequest: Cancellation?
    package var closingReason: String?
    /// A stage-2 order under a framework agreement (DOMAIN.md §F): the agreement, lot and stage-2 method.
    package var agreementId: String?
    package var agreementLotNo: Int?
    package var stageTwoMethod: String?
    package var allowedActions: [String]
    /// The `allowedActions` entry for `POST /api/v1/orders/{id}/rating` (DOMAIN.md §O7).
    package static let rateAction = "rating"
    package var updatedAt: Date
    package var lines: [PricedLineResponse]?
    package var rating: RatingResponse?

    package init(
        _ record: OrderStore.Record, principal: Principal, policy: PaymentTermsPolicy, today: LocalDate,
        lines: [OrderStore.LineRecord]? = nil, rating: OrderStore.RatingRecord? = nil
    ) {
        self.id = record.id.description
        self.orderNo = record.orderNo
        self.placementId = record.placementID.lowercasedString
        self.state = record.state.rawValue
        self.version = record.version
        self.method = record.method.rawValue
        self.unitId = record.unitID.description
        self.unitName = record.unitName
        self.supplierId = record.supplierID.description
        self.supplierName = record.supplierName
        self.regionCode = record.regionCode
        self.budgetLineId = record.budgetLineID.description
        self.budgetProject = record.budgetProject
        self.fiscalYear = record.fiscalYear
        self.amountFen = record.amountFen
        self.feesFen = record.feesFen
        self.totalFen = record.totalFen
        self.placedAt = record.placedAt
        self.placedOn = record.placedOn
        self.placedBy = record.placedBy.description
        self.expectedDeliveryOn = record.expectedDeliveryOn
        self.paymentTerms = Terms(
            supplierSize: record.terms.supplierSize.rawValue, clockStart: record.terms.clockStart.rawValue,
            termDays: record.paymentTermDays, agreedTermDays: record.terms.agreedTermDays,
            dailyInterestBp: record.dailyInterest.rawValue)
        self.deliveredOn = record.deliveredOn
        self.acceptance = record.acceptance.map {
            Acceptance(date: $0.date, acceptorName: $0.acceptorName, result: $0.result.rawValue, notes: $0.notes)
        }
        let interest = record.overdueInterest(policy: policy, today: today)
        self.payment = Payment(
            dueOn: record.dueOn, dueOnProvisional: record.dueOnProvisional, paidFen: record.payment?.amount,
            paidOn: record.payment?.date, daysOverdue: interest?.daysOverdue ?? 0,
            overdueInterestFen: interest?.interest ?? .zero,
            overdue: record.state != .paid && (interest?.isOverdue ?? false))
        self.cancellationRequest = record.cancellationRequest.map {
            Cancellation(requestedBy: $0.requestedBy.rawValue, reason: $0.reason)
        }
        self.closingReason = record.closingReason
        self.agreementId = record.agreementID?.description
        self.agreementLotNo = record.agreementLotNo
        self.stageTwoMethod = record.stageTwoMethod?.rawValue
        if let party = OrderStore.party(of: principal, in: record) {
            self.allowedActions =
                record.lifecycle.allowedEvents(for: party).map(OrderAction.init(kind:)).map(\.rawValue)
                + (party == .unit && record.rateable ? [Self.rateAction] : [])
        } else {
            self.allowedActions = []
        }
        self.updatedAt = record.updatedAt
        self.lines = lines?.map(PricedLineResponse.init)
        self.rating = rating.map(RatingResponse.init)
    }
}

/// The answer to `POST /api/v1/orders`: the orders placed (one per supplier) and the splitting warnings their
/// placement raised (DOMAIN.md §T: never a silent pass).
package struct PlacementResponse: Encodable, Sendable {
    package var placementId: String
    package var totalFen: Fen
    package var orders: [OrderResponse]
    package var warnings: [SplitWarningResponse]
}

/// A unit's rating of an order's supplier (DOMAIN.md §O7).
package struct RatingResponse: Encodable, Sendable {
    package var orderId: String
    package var delivery: Int
    package var quality: Int
    package var service: Int
    package var comment: String?
    package var ratedBy: String
    package var ratedAt: Date

    package init(_ record: OrderStore.RatingRecord) {
        self.orderId = record.orderID.description
        self.delivery = record.delivery
        self.quality = record.quality
        self.service = record.service
        self.comment = record.comment
        self.ratedBy = record.ratedBy.description
        self.ratedAt = record.ratedAt
    }
}

/// A splitting warning (DOMAIN.md §T) with the orders that caused it.
package struct SplitWarningResponse: Encodable, Sendable {
    package var id: String
    package var kind: String
    package var rule: String
    package var threshold: String
    package var thresholdFen: Fen
    package var sumFen: Fen
    package var unitId: String
    package var unitName: String
    package var regionCode: String
    package var categoryCode: String
    package var budgetProject: String?
    package var fiscalYear: Int?
    package var triggeredBy: String
    package var orderIds: [String]
    package var message: String
    package var createdAt: Date

    package init(_ record: SplitWarningRecord) {
        self.id = record.id.description
        self.kind = record.kind.rawValue
        self.rule = record.rule
        self.threshold = record.threshold.rawValue
        self.thresholdFen = record.thresholdFen
        self.sumFen = record.sumFen
        self.unitId = record.unitID.description
        self.unitName = record.unitName
        self.regionCode = record.regionCode
        self.categoryCode = record.categoryCode
        self.budgetProject = record.budgetProject
        self.fiscalYear = record.fiscalYear
        self.triggeredBy = record.triggeredBy.description
        self.orderIds = record.orderIDs.map(\.description)
        self.message = record.message
        self.createdAt = record.createdAt
    }
}

/// A budget line (DOMAIN.md §O4).
package struct BudgetLineResponse: Encodable, Sendable {
    package var id: String
    package var unitId: String
    package var regionCode: String
    package var fiscalYear: Int
    package var projectName: String
    package var categoryPrefix: String
    package var amountFen: Fen
    package var reservedFen: Fen
    package var availableFen: Fen
    package var createdAt: Date
    package var updatedAt: Date

    package init(_ record: BudgetStore.Record) {
        self.id = record.id.description
        self.unitId = record.unitID.description
        self.regionCode = record.regionCode
        self.fiscalYear = record.line.fiscalYear
        self.projectName = record.line.projectName
        self.categoryPrefix = record.line.categoryPrefix
        self.amountFen = record.line.amount
        self.reservedFen = record.reservedFen
        self.availableFen = record.availableFen
        self.createdAt = record.createdAt
        self.updatedAt = record.updatedAt
    }
}

/// A supplier's explained credit score for a year (DOMAIN.md §S1).
package struct CreditResponse: Encodable, Sendable {
    package struct Event: Encodable, Sendable {
        package struct Marks: Encodable, Sendable {
            package var delivery: Int
            package var quality: Int
            package var service: Int
        }

        package var id: String
        package var kind: String
        package var occurredAt: Date
        package var reference: String?
        package var orderId: String?
        package var listingId: String?
        package var rating: Marks?
        package var daysLate: Int?
        package var points: Int
        package var rule: String
        package var explanation: String
        package var scoreAfter: Int
    }

    package var supplierId: String
    package var supplierName: String
    package var year: Int
    package var startingScore: Int
    package var score: Int
    package var totalDeducted: Int
    package var band: String
    package var exposureMonths: Int
    package var bandSince: Date?
    /// How the score is computed, in words.
    package var formula: String
    package var events: [Event]

    package init(
        supplierID: ID<Organisation>, supplierName: String, report: CreditReport, stored: [CreditStore.StoredEvent],
        settings: CreditSettings
    ) {
        var links: [ID<CreditEvent>: CreditStore.StoredEvent] = [:]
        for event in stored { links[event.event.id] = event }
        self.supplierId = supplierID.description
        self.supplierName = supplierName
        self.year = report.year
        self.startingScore = CreditScore.startingScore
        self.score = report.score
        self.totalDeducted = report.totalDeducted
        self.band = report.band.rawValue
        self.exposureMonths = report.exposureMonths
        self.bandSince = report.bandSince
        self.formula =
            "score = max(0, \(CreditScore.startingScore) − Σ points) over the year's events (China dates); "
            + "bands: good ≥ \(settings.warningBelow), warning ≥ \(settings.seriousBelow), "
            + "serious ≥ \(settings.severeBelow), severe below (DOMAIN.md §S1)"
        self.events = report.lines.map { line in
            var marks: Event.Marks?
            var daysLate: Int?
            switch line.event.kind {
            case .rating(let rating):
                marks = Event.Marks(delivery: rating.delivery, quality: rating.quality, service: rating.service)
            case .lateDelivery(let days): daysLate = days
            default: break
            }
            let link = links[line.event.id]
            return Event(
                id: line.event.id.description, kind: CreditStore.kindName(line.event.kind),
                occurredAt: line.event.occurredAt, reference: line.event.reference,
                orderId: link?.orderID?.description, listingId: link?.listingID?.description, rating: marks,
                daysLate: daysLate, points: line.points, rule: line.rule.rawValue, explanation: line.explanation,
                scoreAfter: line.scoreAfter)
        }
    }
}

// MARK: - Splitting exemptions (§T1)

/// `POST /api/v1/split-exemptions`: the group is the budget line's fiscal year and project and the category's
/// second-level parent.
package struct FileSplitExemptionRequest: Decodable, Sendable {
    package var budgetLineId: String
    package var categoryCode: String
    /// The number of the document that approved the budget adjustment (预算调整批复文号).
    package var documentNo: String
    package var notes: String?
}

/// `POST /api/v1/split-exemptions/{id}/approve|reject`; a rejection needs a note.
package struct DecideSplitExemptionRequest: Decodable, Sendable {
    package var note: String?
}

/// An exemption from the §T1 detector and its review.
package struct SplitExemptionResponse: Encodable, Sendable {
    package var id: String
    package var unitId: String
    package var unitName: String
    package var regionCode: String
    package var fiscalYear: Int
    package var categoryGroup: String
    package var budgetProject: String
    package var reason: String
    package var documentNo: String
    package var notes: String?
    package var state: String
    package var requestedAt: Date
    package var decidedAt: Date?
    package var decisionNote: String?

    init(_ record: SplitExemptionStore.Record) {
        id = record.id.lowercasedString
        unitId = record.unitID.description
        unitName = record.unitName
        regionCode = record.regionCode
        fiscalYear = record.fiscalYear
        categoryGroup = record.categoryGroup
        budgetProject = record.budgetProject
        reason = record.reason.rawValue
        documentNo = record.documentNo
        notes = record.notes
        state = record.state.rawValue
        requestedAt = record.requestedAt
        decidedAt = record.decidedAt
        decisionNote = record.decisionNote
    }
}
