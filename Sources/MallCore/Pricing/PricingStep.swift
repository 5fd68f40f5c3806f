/// One entry of a line's ordered price breakdown (DOMAIN.md §P1).
///
/// What `beforeFen` and `afterFen` hold depends on the phase of the step:
/// - **unit steps** (`base_price`, `quantity_tier`, `promotion`, `agreement_cap`, `agreement_volume_tier`,
///   `reference_cap`): the integer unit price before and after the step. A percent-off promotion leaves the
///   unit price unchanged and sets `percentOff`; the exact unit price after any step is
///   `afterFen × (100 % − percentOff)`, and caps compare that exact value, so no fraction of a fen is ever
///   rounded before the line is;
/// - **`line_amount`**: before = unit price, after = unit price × quantity (the gross line);
/// - **`rounding`**: before = the gross line, after = the gross line less `percentOff`, rounded half-up to
///   the fen once per line (DOMAIN.md §P2) — the line amount;
/// - **fee steps**: the running line total before and after adding the fee, so that the last step's
///   `afterFen` is the line total.
///
/// Steps with no input are omitted: no `quantity_tier` when no tier is reached, no `promotion` when none is
/// active on the date, no agreement steps without an agreement (and no `agreement_volume_tier` when no
/// volume tier is reached), no `reference_cap` without a reference price, no step for a fee rule that does
/// not apply to the buyer's region or lost to a more specific one. A step whose rule was checked but did not
/// lower the price is kept with `bound == false`, so the breakdown shows every cap that was checked and names
/// every cap that bound. `base_price`, `line_amount` and `rounding` are always present.
package struct PricingStep: Sendable, Hashable, Codable {
    /// The stable reason code.
    package var reason: PricingReason
    /// Whether the step changed the price: a tier, promotion or cap that lowered it (for a cap: the cap
    /// bound), a rounding step that changed the amount, a non-zero fee. Always `false` for `base_price` and
    /// `line_amount`, which only state amounts.
    package var bound: Bool
    /// The amount before the step (see the type's documentation for what it measures).
    package var beforeFen: Fen
    /// The amount after the step.
    package var afterFen: Fen
    /// The percent off in force after the step (zero when none); only a percent-off promotion sets it, and a
    /// cap that binds clears it (the cap price is then the exact unit price).
    package var percentOff: BasisPoints
    /// What the step came from: the promotion's `id`, the agreement's `reference`, the fee rule's `label`,
    /// the rounding mode (`halfUp`); empty otherwise.
    package var source: String
    /// For `quantity_tier` and `agreement_volume_tier`: the `minQuantity` of the tier used; 0 otherwise.
    package var minQuantity: Int64

    /// Creates a step.
    package init(
        reason: PricingReason, bound: Bool, beforeFen: Fen, afterFen: Fen, percentOff: BasisPoints = .zero,
        source: String = "", minQuantity: Int64 = 0
    ) {
        self.reason = reason
        self.bound = bound
        self.beforeFen = beforeFen
        self.afterFen = afterFen
        self.percentOff = percentOff
        self.source = source
        self.minQuantity = minQuantity
    }

    /// For a fee step, the fee charged (`afterFen − beforeFen`).
    package var amountFen: Fen { afterFen - beforeFen }
}
