import Foundation

/// Stage-2 rules besides rotation (DOMAIN.md §F5, §F6, §F9).
package enum StageTwo {
    /// The method for an order of `amount` under `rule`; a unit's `requested` method must be that one
    /// (DOMAIN.md §F9: the agreement fixes it, the unit cannot override it, `agreement.method_fixed`).
    package static func method(
        rule: StageTwoRule, amount: Fen, requested: StageTwoMethod?
    ) throws(DomainError) -> StageTwoMethod {
        let fixed = rule.method(forAmount: amount)
        if let requested, requested != fixed {
            throw DomainError(
                .agreementMethodFixed,
                "the agreement fixes \(fixed.rawValue) for an order of \(amount) yuan; \(requested.rawValue) cannot "
                    + "be chosen (DOMAIN.md §F9)",
                fields: [.init(field: "method", code: "method_fixed", message: fixed.rawValue)])
        }
        return fixed
    }

    /// DOMAIN.md §F5: a stage-2 order goes only to a supplier admitted and active on the agreement at order time;
    /// otherwise `agreement.supplier_not_admitted` (and `agreement.not_active` when the agreement is not active).
    package static func checkEligible(
        supplier: ID<Organisation>, active: Set<ID<Organisation>>, state: AgreementState
    ) throws(DomainError) {
        guard state == .active else {
            throw DomainError(.agreementNotActive, "the agreement is \(state.rawValue): it takes no orders (§F5)")
        }
        guard active.contains(supplier) else {
            throw DomainError(
                .agreementSupplierNotAdmitted,
                "supplier \(supplier) is not admitted and active on this lot (DOMAIN.md §F5)",
                fields: [.init(field: "supplierId", code: "not_admitted", message: "not an active admitted supplier")])
        }
    }
}

/// Why a unit directly selected a supplier (DOMAIN.md §F6).
package struct DirectSelection: Sendable, Hashable {
    /// The kinds of reason Order 110 names: price, quality, convenience (service, delivery) and rating.
    package enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        case price, quality, convenience, rating
    }

    package var supplierID: ID<Organisation>
    package var reason: Reason
    /// The unit's own words (required).
    package var note: String

    /// Creates a record; `request.validation_failed` for a blank or over-long note.
    package init(supplierID: ID<Organisation>, reason: Reason, note: String) throws(DomainError) {
        var validator = Validator()
        validator.text(note, "selection.note", maxLength: 2_000)
        try validator.validate()
        self.supplierID = supplierID
        self.reason = reason
        self.note = note.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
