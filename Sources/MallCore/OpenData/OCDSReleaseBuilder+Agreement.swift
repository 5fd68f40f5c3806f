import Foundation

extension OCDSReleaseBuilder {
    /// The release of a framework agreement's stage 1 (DOMAIN.md §X2, §F): the call with its lots, one award
    /// per admitted supplier and lot (the item's unit value is the agreed price), and one contract per award
    /// (the supplier's agreement for the term).
    ///
    /// - The release id is `<ocid>-r<revision>`, its date `updatedAt`.
    /// - The buyer and procuring entity is the agreement's central purchasing body (the settings' when the
    ///   snapshot names none); `tender.techniques`
    ///   has `hasFrameworkAgreement = true` and `frameworkAgreement.method`: `withReopeningCompetition` for
    ///   second bidding, `withoutReopeningCompetition` for direct selection and rotation, and
    ///   `withAndWithoutReopeningCompetition` when the agreement uses both kinds (§F9, by amount).
    /// - `tender.status` is `complete`, or `active` for an open agreement within its term (suppliers may still
    ///   join). A contract is `pending` before the term, `active` during it and `terminated` after it or once the
    ///   supplier left the agreement (§F10). A terminated agreement (`terminatedAt`) is `complete` with every
    ///   contract `terminated`.
    ///
    /// - Throws: `DomainError` `open_data.snapshot_inconsistent` listing every problem: no lots, repeated lot
    ///   numbers, an admission to an unknown lot or twice to one lot, an agreed price above the lot's max unit
    ///   price (§F2), no stage-2 method, a term that ends before it starts, empty texts, a lot value that
    ///   overflows.
    package func release(for agreement: OpenDataAgreement) throws(DomainError) -> OCDSRelease {
        try OCDSReleaseBuilder.check(validate(agreement), "framework agreement")
        let ocid = ocid(agreement: agreement.id)
        let centralPurchasingBody = agreement.centralPurchasingBody ?? settings.centralPurchasingBody
        let body = reference(centralPurchasingBody)
        let asOf = LocalDate(agreement.updatedAt)
        let terminated = agreement.terminatedAt.map { $0 <= agreement.updatedAt } ?? false
        let withinTerm = !terminated && agreement.termStart <= asOf && asOf <= agreement.termEnd
        let term = OCDSPeriod(
            startDate: OCDSDate.startOfDay(agreement.termStart), endDate: OCDSDate.endOfDay(agreement.termEnd),
            durationInDays: agreement.termEnd.dayNumber - agreement.termStart.dayNumber + 1)
        let status = agreement.kind == .open && withinTerm ? "active" : "complete"

        let lots = agreement.lots.sorted { $0.number < $1.number }
        let lotValues = lots.map { lot in lot.estimatedQuantity.map { lot.maxUnitPriceFen * $0 } }
        let ocdsLots = zip(lots, lotValues).map { lot, value in
            OCDSLot(
                id: OCDSReleaseBuilder.lotID(lot.number), title: lot.name,
                description: "品目\(lot.categoryCode) \(lot.categoryName)，最高限制单价\(lot.maxUnitPriceFen)元/\(lot.unitName)",
                status: status, value: value.map(OCDSValue.init), contractPeriod: term)
        }
        let items = lots.map { lot in
            OCDSItem(
                id: String(lot.number), description: lot.name,
                classification: classification(code: lot.categoryCode, name: lot.categoryName),
                quantity: lot.estimatedQuantity,
                unit: OCDSUnit(name: lot.unitName, value: OCDSValue(lot.maxUnitPriceFen)),
                relatedLot: OCDSReleaseBuilder.lotID(lot.number))
        }
        let totalValue: OCDSValue? =
            lotValues.allSatisfy({ $0 != nil }) ? OCDSValue(lotValues.reduce(Fen.zero) { $0 + ($1 ?? .zero) }) : nil

        let methods = agreement.stageTwoMethods.sorted()
        let method: String =
            switch (methods.contains { $0.reopensCompetition }, methods.contains { !$0.reopensCompetition }) {
            case (true, true): "withAndWithoutReopeningCompetition"
            case (true, false): "withReopeningCompetition"
            default: "withoutReopeningCompetition"
            }
        let kindName = agreement.kind == .closed ? "封闭式" : "开放式"
        let methodNames = methods.map(\.chineseName).joined(separator: "、")
        let sustainability = sustainability(of: agreement)

        let tender = OCDSTender(
            id: agreement.agreementNo, title: agreement.title, status: status, procuringEntity: body, items: items,
            value: totalValue, procurementMethod: "open",
            procurementMethodDetails: "框架协议采购（\(kindName)），第二阶段：\(methodNames)",
            mainProcurementCategory: agreement.subject.rawValue, contractPeriod: term,
            numberOfTenderers: agreement.numberOfTenderers, lots: ocdsLots,
            techniques: OCDSTechniques(
                hasFrameworkAgreement: true,
                frameworkAgreement: OCDSFrameworkAgreement(
                    method: method, periodRationale: agreement.termReason, buyerCategories: agreement.buyerCategories,
                    value: totalValue, period: term,
                    description: "\(kindName)框架协议（财政部令第110号），第二阶段采用\(methodNames)")),
            hasSustainability: sustainability.isEmpty ? nil : true,
            sustainability: OCDSReleaseBuilder.nonEmpty(sustainability))

        var awards: [OCDSAward] = []
        var contracts: [OCDSContract] = []
        for admission in agreement.admitted {
            guard let lot = lots.first(where: { $0.number == admission.lotNumber }) else { continue }
            let lotID = OCDSReleaseBuilder.lotID(lot.number)
            let awardID = "\(lotID)-\(admission.supplier.id)"
            let item = OCDSItem(
                id: String(lot.number), description: lot.name,
                classification: classification(code: lot.categoryCode, name: lot.categoryName),
                unit: OCDSUnit(name: lot.unitName, value: OCDSValue(admission.agreedUnitPriceFen)), relatedLot: lotID)
            awards.append(
                OCDSAward(
                    id: awardID, title: "第\(lot.number)包入围：\(admission.supplier.name)", status: "active",
                    date: OCDSDate.string(admission.admittedAt), suppliers: [reference(admission.supplier)],
                    items: [item], relatedLots: [lotID]))
            let contractStatus =
                if terminated || !admission.isActive || asOf > agreement.termEnd {
                    "terminated"
                } else if asOf < agreement.termStart {
                    "pending"
                } else {
                    "active"
                }
            contracts.append(
                OCDSContract(
                    id: "\(awardID)-agreement", awardID: awardID, title: "\(agreement.title)（第\(lot.number)包）",
                    status: contractStatus, period: term, items: [item],
                    dateSigned: OCDSDate.string(max(admission.admittedAt, agreement.signedAt))))
        }

        let parties = OCDSReleaseBuilder.merged(
            [party(centralPurchasingBody, roles: ["buyer", "procuringEntity"])]
                + agreement.admitted.map { party($0.supplier, roles: ["supplier", "tenderer"]) })
        return OCDSRelease(
            ocid: ocid, id: "\(ocid)-r\(agreement.revision)", date: OCDSDate.string(agreement.updatedAt),
            tag: awards.isEmpty ? ["tender"] : ["tender", "award", "contract"], parties: parties, buyer: body,
            tender: tender, awards: OCDSReleaseBuilder.nonEmpty(awards),
            contracts: OCDSReleaseBuilder.nonEmpty(contracts))
    }

    /// The id of lot `number`: `LOT-1`, `LOT-2`, …
    static func lotID(_ number: Int) -> String { "LOT-\(number)" }

    /// The SME and 832 measures of an agreement's stage 1 (sustainability extension).
    ///
    /// - SME (`social.smeInclusion`): when stage 1 applied the small/micro price deduction (§F2,
    ///   `marginOfPreference`) or admitted SMEs; the description gives the deduction and the count.
    /// - 832 (`economic.localEconomyPromotion`): when admitted suppliers are registered in former poverty
    ///   counties.
    func sustainability(of agreement: OpenDataAgreement) -> [OCDSSustainability] {
        var result: [OCDSSustainability] = []
        var smeSuppliers = Set<ID<Organisation>>()
        var povertySuppliers = Set<ID<Organisation>>()
        for admission in agreement.admitted where admission.isActive {
            if admission.supplier.size?.isSME ?? false { smeSuppliers.insert(admission.supplier.id) }
            if admission.supplier.isPovertyCounty { povertySuppliers.insert(admission.supplier.id) }
        }
        if agreement.smePriceDeduction != nil || !smeSuppliers.isEmpty {
            var parts: [String] = []
            if let deduction = agreement.smePriceDeduction {
                parts.append("第一阶段评审对小微企业报价给予\(deduction)价格扣除（财库〔2020〕46号、〔2022〕19号）")
            }
            if !smeSuppliers.isEmpty { parts.append("入围中小企业\(smeSuppliers.count)家") }
            result.append(
                OCDSSustainability(
                    goal: "social.smeInclusion",
                    strategies: agreement.smePriceDeduction == nil ? nil : ["marginOfPreference"],
                    description: parts.joined(separator: "；")))
        }
        if !povertySuppliers.isEmpty {
            result.append(
                OCDSSustainability(
                    goal: "economic.localEconomyPromotion",
                    description: "入围供应商中\(povertySuppliers.count)家注册于832个脱贫县（脱贫地区农副产品采购政策）"))
        }
        return result
    }

    /// Every inconsistency of an agreement snapshot.
    func validate(_ agreement: OpenDataAgreement) -> [DomainError.FieldError] {
        typealias B = OCDSReleaseBuilder
        var problems: [DomainError.FieldError] = []
        for (field, text) in [("agreementNo", agreement.agreementNo), ("title", agreement.title)]
        where text.allSatisfy(\.isWhitespace) {
            problems.append(B.problem(field, "must not be empty"))
        }
        if agreement.termEnd < agreement.termStart {
            problems.append(B.problem("termEnd", "the term ends before it starts"))
        }
        if agreement.stageTwoMethods.isEmpty {
            problems.append(B.problem("stageTwoMethods", "an agreement has a stage-2 method (§F1)"))
        }
        if agreement.lots.isEmpty { problems.append(B.problem("lots", "an agreement has at least one lot (§F1)")) }
        if Set(agreement.lots.map(\.number)).count != agreement.lots.count {
            problems.append(B.problem("lots", "lot numbers repeat"))
        }
        for (index, lot) in agreement.lots.enumerated() {
            for (field, text) in [("name", lot.name), ("categoryCode", lot.categoryCode), ("unitName", lot.unitName)]
            where text.allSatisfy(\.isWhitespace) {
                problems.append(B.problem("lots[\(index)].\(field)", "must not be empty"))
            }
            if lot.maxUnitPriceFen < .zero {
                problems.append(B.problem("lots[\(index)].maxUnitPriceFen", "cannot be negative"))
            }
            if let quantity = lot.estimatedQuantity {
                let (_, overflow) = lot.maxUnitPriceFen.rawValue.multipliedReportingOverflow(by: quantity)
                if quantity <= 0 || overflow {
                    problems.append(
                        B.problem("lots[\(index)].estimatedQuantity", "must be positive and keep the value in range"))
                }
            }
        }
        var seen = Set<String>()
        for (index, admission) in agreement.admitted.enumerated() {
            guard let lot = agreement.lots.first(where: { $0.number == admission.lotNumber }) else {
                problems.append(B.problem("admitted[\(index)].lotNumber", "no lot \(admission.lotNumber)"))
                continue
            }
            if !seen.insert("\(admission.lotNumber)/\(admission.supplier.id)").inserted {
                problems.append(B.problem("admitted[\(index)]", "the supplier is admitted twice to lot \(lot.number)"))
            }
            if admission.agreedUnitPriceFen > lot.maxUnitPriceFen || admission.agreedUnitPriceFen < .zero {
                problems.append(
                    B.problem("admitted[\(index)].agreedUnitPriceFen", "above the lot's max unit price (§F2)"))
            }
            if admission.supplier.name.allSatisfy(\.isWhitespace) {
                problems.append(B.problem("admitted[\(index)].supplier.name", "must not be empty"))
            }
        }
        return problems
    }
}
