import Foundation

/// Marker type for membership (admitted supplier on a lot) ids.
package enum AgreementMember {}

/// An admitted supplier's standing on a lot (DOMAIN.md §F5, §F10).
package enum MemberStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Admitted and receiving orders.
    case active
    /// A closed agreement's supplier asked to withdraw; active until an operator accepts.
    case withdrawalRequested = "withdrawal_requested"
    /// Left (open agreement) or withdrawal accepted (closed agreement).
    case withdrawn
    /// Removed for cause by an operator.
    case removed

    /// Whether stage-2 orders may go to the supplier (DOMAIN.md §F5): active, or still active while its
    /// withdrawal request waits.
    package var receivesOrders: Bool { self == .active || self == .withdrawalRequested }
}

/// Why an operator removes a supplier (DOMAIN.md §F10).
package enum RemovalCause: String, Sendable, Hashable, Codable, CaseIterable {
    case collusion
    case noLongerQualified = "no_longer_qualified"
    case refusingAwards = "refusing_awards"
    case other
}

/// Membership rules of closed and open agreements (DOMAIN.md §F10), agreed-price changes (§P4) and product
/// replacement (§F11).
package enum Membership {
    /// A supplier's withdrawal (DOMAIN.md §F10): closed agreements need a recorded reason and an operator's
    /// acceptance (→ `withdrawal_requested`); open agreements let the supplier leave at once (→ `withdrawn`).
    /// Only an order-receiving member can withdraw (`agreement.membership_refused`).
    package static func withdraw(
        kind: AgreementKind, status: MemberStatus, reason: String?
    ) throws(DomainError) -> MemberStatus {
        guard status == .active else {
            throw DomainError(
                .agreementMembershipRefused, "the supplier is \(status.rawValue) on this lot: nothing to withdraw")
        }
        switch kind {
        case .open:
            return .withdrawn
        case .closed:
            var validator = Validator()
            validator.text(reason, "reason", maxLength: 2_000)
            try validator.validate()
            return .withdrawalRequested
        }
    }

    /// The operator's decision on a closed agreement's withdrawal request: accepted → `withdrawn`, declined →
    /// `active` again.
    package static func decideWithdrawal(status: MemberStatus, accept: Bool) throws(DomainError) -> MemberStatus {
        guard status == .withdrawalRequested else {
            throw DomainError(.agreementAlreadyDecided, "no withdrawal request is waiting (the supplier is \(status.rawValue))")
        }
        return accept ? .withdrawn : .active
    }

    /// Removal for cause (DOMAIN.md §F10), with a reason; the removed supplier drops out of rotations and gets
    /// no more orders.
    package static func remove(status: MemberStatus, cause: RemovalCause, reason: String?) throws(DomainError)
        -> MemberStatus
    {
        guard status.receivesOrders else {
            throw DomainError(.agreementMembershipRefused, "the supplier is already \(status.rawValue)")
        }
        var validator = Validator()
        validator.text(reason, "reason", maxLength: 2_000)
        try validator.validate()
        return .removed
    }

    /// How a supplier may join an agreement during its term (DOMAIN.md §F10): an open agreement takes
    /// applications at any time (operator review); a closed one only through a supplementary call linked to
    /// it (`agreement.membership_refused` without an open call).
    package static func checkApplication(kind: AgreementKind, state: AgreementState, callOpen: Bool?) throws(DomainError)
    {
        guard state == .active else {
            throw DomainError(.agreementNotActive, "the agreement is \(state.rawValue): it takes no new suppliers")
        }
        switch kind {
        case .open:
            return
        case .closed:
            guard callOpen == true else {
                throw DomainError(
                    .agreementMembershipRefused,
                    "a closed agreement admits new suppliers only through an open supplementary call (DOMAIN.md §F10)",
                    fields: [.init(field: "callId", code: "call_required", message: "an open supplementary call")])
            }
        }
    }

    /// A supplier's new agreed price (DOMAIN.md §P4): lower or equal only (`agreement.price_increase_refused`);
    /// it applies to new orders at once.
    package static func lowerPrice(from current: Fen, to new: Fen) throws(DomainError) -> Fen {
        guard new > .zero else {
            throw DomainError.validation([.init(field: "unitPriceFen", code: "out_of_range", message: "more than 0 fen")])
        }
        guard new <= current else {
            throw DomainError(
                .agreementPriceIncreaseRefused,
                "the agreed price of \(current) yuan can be lowered, never raised (DOMAIN.md §P4)",
                fields: [.init(field: "unitPriceFen", code: "increase_refused", message: "at most \(current.rawValue) fen")])
        }
        return new
    }

    /// A product replacement's price (DOMAIN.md §F11): at most the old agreed price
    /// (`agreement.replacement_price_above`); the operator approves it afterwards.
    package static func checkReplacement(oldPrice: Fen, newPrice: Fen) throws(DomainError) {
        guard newPrice > .zero else {
            throw DomainError.validation([.init(field: "unitPriceFen", code: "out_of_range", message: "more than 0 fen")])
        }
        guard newPrice <= oldPrice else {
            throw DomainError(
                .agreementReplacementPriceAbove,
                "a replacement product costs at most the old agreed price of \(oldPrice) yuan (DOMAIN.md §F11)",
                fields: [.init(field: "unitPriceFen", code: "above_old_price", message: "at most \(oldPrice.rawValue) fen")])
        }
    }
}
