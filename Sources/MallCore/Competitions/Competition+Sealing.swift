import Foundation

/// Who asks to see a quote (DOMAIN.md §K1).
package enum QuoteViewer: Sendable, Hashable {
    /// A purchasing unit (the posting unit or any other).
    case unit(ID<Organisation>)
    /// A supplier (the quote's own, another quoting supplier, or one that did not quote).
    case supplier(ID<Organisation>)
    /// The mall's operator.
    case `operator`
    /// A regulator (its region scope is the API's check).
    case regulator
}

extension Competition {
    /// Whether `viewer` may see the price of `supplierID`'s quote at `time` (DOMAIN.md §K1, sealed quotes):
    ///
    /// - a supplier always sees its own quote;
    /// - before the deadline (`time < deadline`) nobody else sees any quote: not the unit, not the operator,
    ///   not the regulator, not other suppliers;
    /// - from the deadline on: the operator and regulators see all quotes; the posting unit and the suppliers
    ///   that quoted (`quotingSuppliers`) see all quotes unless the competition was cancelled, whose quotes
    ///   stay sealed to them for good (the need may be posted again); other units and non-quoting suppliers
    ///   see none (they get the public result notice instead).
    package func mayView(
        quoteBy supplierID: ID<Organisation>, viewer: QuoteViewer, quotingSuppliers: Set<ID<Organisation>>,
        at time: Date
    ) -> Bool {
        if case .supplier(let own) = viewer, own == supplierID { return true }
        guard time >= need.deadline else { return false }
        let cancelled = state.status == .cancelled
        switch viewer {
        case .operator, .regulator: return true
        case .unit(let unit): return unit == need.postedBy && !cancelled
        case .supplier(let other): return quotingSuppliers.contains(other) && !cancelled
        }
    }
}
