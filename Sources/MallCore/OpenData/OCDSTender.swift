/// OCDS `Tender`, with the fields of the lots, techniques and sustainability extensions (DOMAIN.md §X2).
package struct OCDSTender: Sendable, Hashable, Codable {
    /// The tender's id: the order number or the agreement number.
    package var id: String
    /// The title.
    package var title: String?
    /// From the closed `tenderStatus` codelist: `active` or `complete`.
    package var status: String?
    /// The organisation that ran the procedure.
    package var procuringEntity: OCDSOrganizationReference?
    /// What is bought.
    package var items: [OCDSItem]?
    /// The tender's value (an order's total).
    package var value: OCDSValue?
    /// From the closed `method` codelist: `open`, `selective`, `limited` or `direct`.
    package var procurementMethod: String?
    /// The method in the words of Chinese procurement law, e.g. `电子卖场直购`.
    package var procurementMethodDetails: String?
    /// `goods`, `works` or `services` (closed `procurementCategory` codelist).
    package var mainProcurementCategory: String?
    /// The contract period: an agreement's term.
    package var contractPeriod: OCDSPeriod?
    /// How many suppliers quoted (competitions and second bidding).
    package var numberOfTenderers: Int?
    /// Lots (lots extension).
    package var lots: [OCDSLot]?
    /// Techniques: framework agreements (techniques extension).
    package var techniques: OCDSTechniques?
    /// Whether a framework-agreement call-off reopened competition (techniques extension).
    package var competitive: Bool?
    /// Whether sustainability measures apply (sustainability extension).
    package var hasSustainability: Bool?
    /// The SME, green and 832 measures (sustainability extension).
    package var sustainability: [OCDSSustainability]?

    /// Creates a tender.
    package init(
        id: String, title: String? = nil, status: String? = nil, procuringEntity: OCDSOrganizationReference? = nil,
        items: [OCDSItem]? = nil, value: OCDSValue? = nil, procurementMethod: String? = nil,
        procurementMethodDetails: String? = nil, mainProcurementCategory: String? = nil,
        contractPeriod: OCDSPeriod? = nil, numberOfTenderers: Int? = nil, lots: [OCDSLot]? = nil,
        techniques: OCDSTechniques? = nil, competitive: Bool? = nil, hasSustainability: Bool? = nil,
        sustainability: [OCDSSustainability]? = nil
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.procuringEntity = procuringEntity
        self.items = items
        self.value = value
        self.procurementMethod = procurementMethod
        self.procurementMethodDetails = procurementMethodDetails
        self.mainProcurementCategory = mainProcurementCategory
        self.contractPeriod = contractPeriod
        self.numberOfTenderers = numberOfTenderers
        self.lots = lots
        self.techniques = techniques
        self.competitive = competitive
        self.hasSustainability = hasSustainability
        self.sustainability = sustainability
    }
}

/// OCDS `Item`: one order line or one lot's goods, classified by its 2022 品目 code.
package struct OCDSItem: Sendable, Hashable, Codable {
    /// The item's id within the release.
    package var id: String
    /// What it is, e.g. the listing's title.
    package var description: String?
    /// The 品目 classification (DOMAIN.md §C1).
    package var classification: OCDSClassification?
    /// How many units.
    package var quantity: Int64?
    /// The unit of measure and the price of one unit.
    package var unit: OCDSUnit?
    /// The lot the item belongs to (lots extension).
    package var relatedLot: String?

    /// Creates an item.
    package init(
        id: String, description: String? = nil, classification: OCDSClassification? = nil, quantity: Int64? = nil,
        unit: OCDSUnit? = nil, relatedLot: String? = nil
    ) {
        self.id = id
        self.description = description
        self.classification = classification
        self.quantity = quantity
        self.unit = unit
        self.relatedLot = relatedLot
    }
}

/// OCDS `Classification`.
package struct OCDSClassification: Sendable, Hashable, Codable {
    /// The scheme (open `itemClassificationScheme` codelist), see `OCDSSettings.classificationScheme`.
    package var scheme: String
    /// The code, e.g. `A02010105`.
    package var id: String
    /// The code's name, e.g. `台式计算机`.
    package var description: String?

    /// Creates a classification.
    package init(scheme: String, id: String, description: String?) {
        self.scheme = scheme
        self.id = id
        self.description = description
    }
}

/// `Item.unit`: the unit of measure and the price of one unit.
package struct OCDSUnit: Sendable, Hashable, Codable {
    /// The unit's name, e.g. `台`.
    package var name: String?
    /// The price of one unit.
    package var value: OCDSValue?

    /// Creates a unit.
    package init(name: String?, value: OCDSValue?) {
        self.name = name
        self.value = value
    }
}

/// `Lot` of the lots extension (v1.1.5): one 包 of a framework agreement.
package struct OCDSLot: Sendable, Hashable, Codable {
    /// The lot's id, used by `relatedLot(s)`.
    package var id: String
    /// The lot's name.
    package var title: String?
    /// A description.
    package var description: String?
    /// From the closed `tenderStatus` codelist.
    package var status: String?
    /// The lot's maximum estimated value: max unit price × estimated quantity.
    package var value: OCDSValue?
    /// The lot's contract period.
    package var contractPeriod: OCDSPeriod?

    /// Creates a lot.
    package init(
        id: String, title: String? = nil, description: String? = nil, status: String? = nil, value: OCDSValue? = nil,
        contractPeriod: OCDSPeriod? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.status = status
        self.value = value
        self.contractPeriod = contractPeriod
    }
}

/// `Techniques` of the techniques extension.
package struct OCDSTechniques: Sendable, Hashable, Codable {
    /// Whether a framework agreement is involved.
    package var hasFrameworkAgreement: Bool?
    /// The framework agreement.
    package var frameworkAgreement: OCDSFrameworkAgreement?

    /// Creates techniques.
    package init(hasFrameworkAgreement: Bool?, frameworkAgreement: OCDSFrameworkAgreement? = nil) {
        self.hasFrameworkAgreement = hasFrameworkAgreement
        self.frameworkAgreement = frameworkAgreement
    }
}

/// `FrameworkAgreement` of the techniques extension.
package struct OCDSFrameworkAgreement: Sendable, Hashable, Codable {
    /// From the closed `frameworkAgreementMethod` codelist: `withReopeningCompetition`,
    /// `withoutReopeningCompetition` or `withAndWithoutReopeningCompetition`.
    package var method: String?
    /// The recorded reason for a term beyond the default maximum (DOMAIN.md §F1).
    package var periodRationale: String?
    /// Which buyers may place orders under it.
    package var buyerCategories: String?
    /// The total upper estimated value.
    package var value: OCDSValue?
    /// The term.
    package var period: OCDSPeriod?
    /// A summary, e.g. closed or open and the stage-2 methods.
    package var description: String?

    /// Creates a framework agreement.
    package init(
        method: String?, periodRationale: String? = nil, buyerCategories: String? = nil, value: OCDSValue? = nil,
        period: OCDSPeriod? = nil, description: String? = nil
    ) {
        self.method = method
        self.periodRationale = periodRationale
        self.buyerCategories = buyerCategories
        self.value = value
        self.period = period
        self.description = description
    }
}

/// `Sustainability` of the sustainability extension: one SME, green or 832 measure.
package struct OCDSSustainability: Sendable, Hashable, Codable {
    /// What the measure pursues, from the open `sustainabilityGoal` codelist, e.g. `social.smeInclusion`.
    package var goal: String?
    /// How, from the open `sustainabilityStrategy` codelist, e.g. `marginOfPreference`.
    package var strategies: [String]?
    /// The measure in words, citing its rule.
    package var description: String?

    /// Creates a measure.
    package init(goal: String?, strategies: [String]? = nil, description: String?) {
        self.goal = goal
        self.strategies = strategies
        self.description = description
    }
}
