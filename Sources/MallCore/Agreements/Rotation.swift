/// The rotation state of one lot (顺序轮候, DOMAIN.md §F8): the ordered rotation list, the cycle number and
/// who already had an award in the current cycle.
package struct RotationState: Sendable, Hashable {
    /// The suppliers in rotation order (stage-1 rank, later joiners appended).
    package var order: [ID<Organisation>]
    /// The current cycle, from 1.
    package var cycle: Int
    /// The suppliers with an award in the current cycle.
    package var awarded: Set<ID<Organisation>>

    /// Creates a state.
    package init(order: [ID<Organisation>], cycle: Int = 1, awarded: Set<ID<Organisation>> = []) {
        self.order = order
        self.cycle = cycle
        self.awarded = awarded
    }
}

/// A supplier passed over by one rotation order, with the reason the unit recorded (DOMAIN.md §F8).
package struct RotationSkip: Sendable, Hashable {
    package var supplierID: ID<Organisation>
    package var reason: String

    package init(supplierID: ID<Organisation>, reason: String) {
        self.supplierID = supplierID
        self.reason = reason
    }
}

/// Which supplier gets one rotation order, and the state after it (DOMAIN.md §F8).
package struct RotationAllocation: Sendable, Hashable {
    /// The supplier that gets the order.
    package var supplierID: ID<Organisation>
    /// The cycle the award counts in.
    package var cycle: Int
    /// The award's position within its cycle (1 = first award of the cycle).
    package var position: Int
    /// The suppliers whose turn came before the awardee and were skipped, with their reasons, in order.
    package var skipped: [RotationSkip]
    /// The state after the award.
    package var after: RotationState
}

/// Rotation allocation (DOMAIN.md §F8), a pure function of the state, the active members and the skips.
package enum Rotation {
    /// Allocates the next order.
    ///
    /// 1. Only `active` suppliers take part (removed or withdrawn ones drop out, §F10); they are kept in
    ///    rotation order.
    /// 2. The candidates are the active suppliers without an award in the current cycle; when none is left a
    ///    new cycle starts (cycle + 1, nobody awarded).
    /// 3. The first candidate in order gets the order, unless the unit skips it: a skip needs a non-blank
    ///    reason (`request.validation_failed`). A skipped supplier keeps its place (it had no award) and is
    ///    recorded in `skipped`.
    /// 4. If every candidate of the current cycle is skipped, a new cycle starts and the first non-skipped
    ///    active supplier gets the order; if every active supplier is skipped, or none is active,
    ///    `agreement.rotation_exhausted`.
    ///
    /// Nobody gets two awards in one cycle, and without skips the award counts of any two active suppliers
    /// differ by at most one.
    package static func allocate(
        _ state: RotationState, active: Set<ID<Organisation>>, skips: [RotationSkip] = []
    ) throws(DomainError) -> RotationAllocation {
        var validator = Validator()
        for (index, skip) in skips.enumerated() {
            validator.text(skip.reason, "skips[\(index)].reason", maxLength: 2_000)
        }
        try validator.validate()
        let skipped = Dictionary(skips.map { ($0.supplierID, $0.reason) }, uniquingKeysWith: { first, _ in first })
        let members = state.order.filter(active.contains)
        guard !members.isEmpty else {
            throw DomainError(.agreementRotationExhausted, "no admitted supplier is active on this lot (DOMAIN.md §F8)")
        }

        // `awarded` keeps suppliers that left during the cycle: a supplier that leaves and comes back in the
        // same cycle must not get a second award in it, and positions (awarded.count) stay unique per cycle.
        var current = state
        var candidates = members.filter { !current.awarded.contains($0) }
        if candidates.isEmpty {
            current.cycle += 1
            current.awarded = []
            candidates = members
        }
        var passed: [RotationSkip] = []
        var winner = candidates.first { skipped[$0] == nil }
        passed += candidates.prefix { skipped[$0] != nil }.map { RotationSkip(supplierID: $0, reason: skipped[$0] ?? "") }
        if winner == nil {
            current.cycle += 1
            current.awarded = []
            winner = members.first { skipped[$0] == nil }
        }
        guard let winner else {
            throw DomainError(
                .agreementRotationExhausted, "every active supplier of the lot was skipped (DOMAIN.md §F8)",
                fields: [.init(field: "skips", code: "all_skipped", message: "leave at least one supplier unskipped")])
        }
        current.awarded.insert(winner)
        return RotationAllocation(
            supplierID: winner, cycle: current.cycle, position: current.awarded.count, skipped: passed, after: current)
    }
}
