/// Marker type for canteen filing ids.
package enum CanteenFilingEntity {}

/// A unit's yearly canteen-food filing (DOMAIN.md §V2): the food budget and the share of it reserved for 832
/// products, or "no canteen", or the unit whose shared canteen files for it.
package enum CanteenFiling {
    /// What the unit declares.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The unit runs a canteen: budget and reserved ratio.
        case canteen
        /// The unit has no canteen: nothing reserved.
        case noCanteen = "no_canteen"
        /// The unit eats at a canteen shared with others; the representative unit files for it.
        case shared
    }

    /// The filing's review state: submitted, then approved or returned by the parent department.
    package enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case submitted
        case approved
        case returned
    }

    /// What a unit files, before validation.
    package struct Declaration: Sendable, Equatable {
        package var fiscalYear: Int
        package var kind: Kind
        package var foodBudget: Fen?
        package var reservedRatio: BasisPoints?
        package var representativeUnit: ID<Organisation>?

        package init(
            fiscalYear: Int, kind: Kind, foodBudget: Fen? = nil, reservedRatio: BasisPoints? = nil,
            representativeUnit: ID<Organisation>? = nil
        ) {
            self.fiscalYear = fiscalYear
            self.kind = kind
            self.foodBudget = foodBudget
            self.reservedRatio = reservedRatio
            self.representativeUnit = representativeUnit
        }
    }

    /// The rounding of the reserved amount: `budget × ratio`, half up to the fen (四舍五入, DOMAIN.md §P2).
    package static let reservedRounding = Rounding.halfUp

    /// Validates a declaration of `unit` (DOMAIN.md §V2), reporting every bad field at once, and returns the
    /// reserved amount: `foodBudget × reservedRatio` for a canteen, zero otherwise.
    package static func validate(
        _ declaration: Declaration, unit: ID<Organisation>, settings: PolicySettings
    ) throws(DomainError) -> Fen {
        var fields: [DomainError.FieldError] = []
        func bad(_ field: String, _ code: String, _ message: String) {
            fields.append(.init(field: field, code: code, message: message))
        }
        if !(2000...2100).contains(declaration.fiscalYear) { bad("fiscalYear", "out_of_range", "2000 to 2100") }
        switch declaration.kind {
        case .canteen:
            if let budget = declaration.foodBudget {
                if budget <= .zero { bad("foodBudgetFen", "out_of_range", "the canteen food budget is above 0") }
            } else {
                bad("foodBudgetFen", "required", "a canteen files its food budget")
            }
            if let ratio = declaration.reservedRatio {
                if ratio < settings.minimumReservedRatio || ratio > .whole {
                    bad(
                        "reservedRatioBp", "out_of_range",
                        "the reserved ratio is at least \(settings.minimumReservedRatio) (DOMAIN.md §V2) and at most 100%")
                }
            } else {
                bad("reservedRatioBp", "required", "a canteen files its reserved ratio")
            }
            if declaration.representativeUnit != nil {
                bad("representativeUnitId", "not_allowed", "only a shared canteen names a representative unit")
            }
        case .noCanteen, .shared:
            if declaration.foodBudget != nil { bad("foodBudgetFen", "not_allowed", "only a canteen files a budget") }
            if declaration.reservedRatio != nil {
                bad("reservedRatioBp", "not_allowed", "only a canteen files a reserved ratio")
            }
            if declaration.kind == .shared {
                if let representative = declaration.representativeUnit {
                    if representative == unit {
                        bad("representativeUnitId", "invalid", "the representative is another unit")
                    }
                } else {
                    bad("representativeUnitId", "required", "a shared canteen names the unit that files for it")
                }
            } else if declaration.representativeUnit != nil {
                bad("representativeUnitId", "not_allowed", "only a shared canteen names a representative unit")
            }
        }
        guard fields.isEmpty else { throw DomainError.validation(fields) }
        guard declaration.kind == .canteen, let budget = declaration.foodBudget, let ratio = declaration.reservedRatio
        else { return .zero }
        return budget.applying(ratio, rounding: reservedRounding)
    }

    /// Whether a filing made on `filedOn` for `fiscalYear` is after the configured deadline.
    package static func isLate(filedOn: LocalDate, fiscalYear: Int, settings: PolicySettings) -> Bool {
        filedOn > settings.filingDeadline(of: fiscalYear)
    }
}

extension DomainError.Code {
    // MARK: - Policy tracking (DOMAIN.md §V, §O6; issue 6)

    /// The unit already has a submitted or approved filing for that year (a returned one may be filed again).
    package static let filingAlreadyFiled = Self("filing.already_filed")
    /// The filing is not awaiting review (approved or returned already).
    package static let filingNotSubmitted = Self("filing.not_submitted")
    /// The representative of a shared canteen is not a purchasing unit.
    package static let filingRepresentativeInvalid = Self("filing.representative_invalid")
    /// A refund on an order that is not paid.
    package static let refundOrderNotPaid = Self("refund.order_not_paid")
    /// A refund above what the order has left after earlier refunds.
    package static let refundExceedsPaid = Self("refund.exceeds_paid")
    /// The contract notice was published already.
    package static let noticeAlreadyPublished = Self("notice.already_published")
}
