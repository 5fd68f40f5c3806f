/// OCDS `Award`: the choice of a supplier (an order's award, or an admission to a framework agreement).
package struct OCDSAward: Sendable, Hashable, Codable {
    /// The award's id within the release.
    package var id: String
    /// A title.
    package var title: String?
    /// From the closed `awardStatus` codelist: `active` or `cancelled`.
    package var status: String?
    /// When the award was made.
    package var date: String?
    /// The awarded value.
    package var value: OCDSValue?
    /// The awarded suppliers.
    package var suppliers: [OCDSOrganizationReference]?
    /// What was awarded; for an agreement, the item's unit value is the agreed price.
    package var items: [OCDSItem]?
    /// The lots the award covers (lots extension).
    package var relatedLots: [String]?

    /// Creates an award.
    package init(
        id: String, title: String? = nil, status: String? = nil, date: String? = nil, value: OCDSValue? = nil,
        suppliers: [OCDSOrganizationReference]? = nil, items: [OCDSItem]? = nil, relatedLots: [String]? = nil
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.date = date
        self.value = value
        self.suppliers = suppliers
        self.items = items
        self.relatedLots = relatedLots
    }
}

/// OCDS `Contract`: an order's contract, or a supplier's agreement under a framework agreement.
package struct OCDSContract: Sendable, Hashable, Codable {
    /// The contract's id within the release.
    package var id: String
    /// The award it implements.
    package var awardID: String
    /// A title.
    package var title: String?
    /// From the closed `contractStatus` codelist: `pending`, `active` or `terminated`.
    package var status: String?
    /// From confirmation (or the term's start) to acceptance (or the term's end).
    package var period: OCDSPeriod?
    /// The contract's value.
    package var value: OCDSValue?
    /// What is bought.
    package var items: [OCDSItem]?
    /// When it was signed: the supplier's confirmation of an order (DOMAIN.md §O2).
    package var dateSigned: String?
    /// Payments.
    package var implementation: OCDSImplementation?

    /// Creates a contract.
    package init(
        id: String, awardID: String, title: String? = nil, status: String? = nil, period: OCDSPeriod? = nil,
        value: OCDSValue? = nil, items: [OCDSItem]? = nil, dateSigned: String? = nil,
        implementation: OCDSImplementation? = nil
    ) {
        self.id = id
        self.awardID = awardID
        self.title = title
        self.status = status
        self.period = period
        self.value = value
        self.items = items
        self.dateSigned = dateSigned
        self.implementation = implementation
    }
}

/// OCDS `Implementation`: what happened after signing.
package struct OCDSImplementation: Sendable, Hashable, Codable {
    /// Payments made.
    package var transactions: [OCDSTransaction]?

    /// Creates an implementation.
    package init(transactions: [OCDSTransaction]?) { self.transactions = transactions }
}

/// OCDS `Transaction`: one payment from the unit to the supplier.
package struct OCDSTransaction: Sendable, Hashable, Codable {
    /// The transaction's id within the contract.
    package var id: String
    /// When it was paid.
    package var date: String?
    /// The amount paid.
    package var value: OCDSValue?
    /// The unit that paid.
    package var payer: OCDSOrganizationReference?
    /// The supplier that was paid.
    package var payee: OCDSOrganizationReference?

    /// Creates a transaction.
    package init(
        id: String, date: String?, value: OCDSValue?, payer: OCDSOrganizationReference?,
        payee: OCDSOrganizationReference?
    ) {
        self.id = id
        self.date = date
        self.value = value
        self.payer = payer
        self.payee = payee
    }
}
