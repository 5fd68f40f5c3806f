import Foundation

extension OCDSReleaseBuilder {
    /// The release of a completed mall order (DOMAIN.md §X2, §O): tender, award and contract, plus the payment
    /// as `implementation.transactions` once paid.
    ///
    /// - The release id is `<ocid>-accepted` or `<ocid>-paid`, its date the acceptance or the payment.
    /// - `tender.procurementMethod`: direct purchase, direct selection and rotation are `direct`; a mall
    ///   competition and FA second bidding are `selective` (only suppliers admitted to the mall or the agreement
    ///   may quote). `procurementMethodDetails` names the method in Chinese.
    /// - A stage-2 order has `tender.techniques.hasFrameworkAgreement = true`, `tender.competitive` (true for
    ///   second bidding) and `relatedProcesses[]` with `relationship: ["framework"]`, `scheme: "ocid"` and the
    ///   agreement's ocid.
    ///
    /// - Throws: `DomainError` `open_data.snapshot_inconsistent` listing every problem: a tender (not a mall
    ///   order), a stage-2 order without its agreement (or the reverse), no lines, a non-positive quantity, lines
    ///   and fees that do not sum to the total, dates out of order, empty texts.
    package func release(for order: OpenDataOrder) throws(DomainError) -> OCDSRelease {
        try OCDSReleaseBuilder.check(validate(order), "order")
        let ocid = ocid(order: order.id)
        let paid = order.paidAt != nil
        let unit = reference(order.unit)
        let supplier = reference(order.supplier)
        let total = OCDSValue(order.totalFen)
        let items = order.lines.sorted { $0.number < $1.number }.map { line in
            OCDSItem(
                id: String(line.number), description: line.title,
                classification: classification(code: line.categoryCode, name: line.categoryName),
                quantity: line.quantity, unit: OCDSUnit(name: line.unitName, value: OCDSValue(line.unitPriceFen)))
        }
        let categories = Set(order.lines.compactMap { OCDSReleaseBuilder.procurementCategory(ofCode: $0.categoryCode) })
        let sustainability = sustainability(of: order)

        var supplierRoles = ["supplier"]
        if order.numberOfTenderers != nil { supplierRoles.append("tenderer") }
        if paid { supplierRoles.append("payee") }
        let parties = [
            party(order.unit, roles: ["buyer", "procuringEntity"] + (paid ? ["payer"] : [])),
            party(order.supplier, roles: supplierRoles),
        ]

        let (method, methodDetails) = OCDSReleaseBuilder.procurementMethod(of: order)
        let tender = OCDSTender(
            id: order.orderNo, title: order.title, status: "complete", procuringEntity: unit, items: items,
            value: total, procurementMethod: method, procurementMethodDetails: methodDetails,
            mainProcurementCategory: categories.count == 1 ? categories.first : nil,
            numberOfTenderers: order.numberOfTenderers,
            techniques: order.callOff.map { _ in OCDSTechniques(hasFrameworkAgreement: true) },
            competitive: order.callOff.map { $0.method.reopensCompetition },
            hasSustainability: sustainability.isEmpty ? nil : true,
            sustainability: OCDSReleaseBuilder.nonEmpty(sustainability))

        let awardID = "\(order.orderNo)-award"
        let award = OCDSAward(
            id: awardID, title: order.title, status: "active", date: OCDSDate.string(order.placedAt), value: total,
            suppliers: [supplier], items: items)

        let payment = order.paidAt.map { paidAt in
            OCDSTransaction(
                id: "\(order.orderNo)-payment", date: OCDSDate.string(paidAt), value: total, payer: unit,
                payee: supplier)
        }
        let contract = OCDSContract(
            id: "\(order.orderNo)-contract", awardID: awardID, title: order.title,
            status: paid ? "terminated" : "active",
            period: OCDSPeriod(
                startDate: OCDSDate.string(order.confirmedAt), endDate: OCDSDate.string(order.acceptedAt)),
            value: total, items: items, dateSigned: OCDSDate.string(order.confirmedAt),
            implementation: payment.map { OCDSImplementation(transactions: [$0]) })

        let related = order.callOff.map { callOff in
            OCDSRelatedProcess(
                id: "framework", relationship: ["framework"], title: callOff.agreementTitle, scheme: "ocid",
                identifier: self.ocid(agreement: callOff.agreementID))
        }

        return OCDSRelease(
            ocid: ocid, id: "\(ocid)-\(paid ? "paid" : "accepted")",
            date: OCDSDate.string(order.paidAt ?? order.acceptedAt),
            tag: ["tender", "award", "contract"] + (paid ? ["implementation"] : []),
            parties: parties, buyer: unit, tender: tender, awards: [award], contracts: [contract],
            relatedProcesses: related.map { [$0] })
    }

    /// Every release of an order's history, oldest first: the one at acceptance, and the one at payment once
    /// paid (the same ocid, release ids `…-accepted` and `…-paid`). What a per-order endpoint serves.
    ///
    /// - Throws: `DomainError` `open_data.snapshot_inconsistent`, as `release(for:)`.
    package func releases(for order: OpenDataOrder) throws(DomainError) -> [OCDSRelease] {
        var accepted = order
        accepted.paidAt = nil
        let atAcceptance = try release(for: accepted)
        guard order.paidAt != nil else { return [atAcceptance] }
        return [atAcceptance, try release(for: order)]
    }

    /// The OCDS `method` code and the Chinese method name of an order.
    static func procurementMethod(of order: OpenDataOrder) -> (String, String) {
        switch (order.method, order.callOff?.method) {
        case (.competition, _): ("selective", "电子卖场竞价")
        case (.frameworkAgreement, .secondBidding?): ("selective", "框架协议采购第二阶段：二次竞价")
        case (.frameworkAgreement, .directSelection?): ("direct", "框架协议采购第二阶段：直接选定")
        case (.frameworkAgreement, .rotation?): ("direct", "框架协议采购第二阶段：顺序轮候")
        default: ("direct", "电子卖场直购")
        }
    }

    /// The SME, green and 832 measures of an order, in that order (sustainability extension).
    ///
    /// - SME (`social.smeInclusion`, 财库〔2020〕46号): when the supplier declared itself small, medium or micro,
    ///   or an SME measure applied; the price deduction is `marginOfPreference`, a reservation for SMEs
    ///   `reservedParticipation`.
    /// - Green (财库〔2019〕9号, 18号, 19号): one entry per certificate kind held by any line, naming the lines;
    ///   energy-saving products `environmental.energyEfficiency`, eco-label products `environmental`, both by
    ///   the national lists (`nationalGPPCriteria`).
    /// - 832 (`economic.localEconomyPromotion`): when the supplier is registered in a former poverty county.
    func sustainability(of order: OpenDataOrder) -> [OCDSSustainability] {
        var result: [OCDSSustainability] = []
        let isSME = order.supplier.size?.isSME ?? false
        if isSME || !order.smeMeasures.isEmpty {
            var parts: [String] = []
            if let size = order.supplier.size, size.isSME {
                parts.append("成交供应商为\(OCDSReleaseBuilder.chineseName(size))（中小企业，财库〔2020〕46号）")
            }
            if order.smeMeasures.contains(.priceDeduction) { parts.append("评审时对小微企业报价给予价格扣除") }
            if order.smeMeasures.contains(.reservedForSMEs) { parts.append("采购份额预留给中小企业") }
            let strategies = order.smeMeasures.sorted().map { measure in
                switch measure {
                case .priceDeduction: "marginOfPreference"
                case .reservedForSMEs: "reservedParticipation"
                }
            }
            result.append(
                OCDSSustainability(
                    goal: "social.smeInclusion", strategies: OCDSReleaseBuilder.nonEmpty(strategies),
                    description: parts.joined(separator: "；")))
        }
        for certificate in OpenDataGreenCertificate.allCases.sorted() {
            let lines = order.lines.filter { $0.greenCertificates.contains(certificate) }.map(\.number).sorted()
            guard !lines.isEmpty else { continue }
            let (goal, text) =
                switch certificate {
                case .energySaving: ("environmental.energyEfficiency", "节能产品认证（节能产品政府采购品目清单，财库〔2019〕9号、19号）")
                case .ecoLabel: ("environmental", "环境标志产品认证（环境标志产品政府采购品目清单，财库〔2019〕9号、18号）")
                }
            result.append(
                OCDSSustainability(
                    goal: goal, strategies: ["nationalGPPCriteria"],
                    description: "第\(OCDSReleaseBuilder.list(lines))行产品获\(text)"))
        }
        if order.supplier.isPovertyCounty {
            result.append(
                OCDSSustainability(
                    goal: "economic.localEconomyPromotion", description: "供应商注册于832个脱贫县之一（脱贫地区农副产品采购政策）"))
        }
        return result
    }

    /// Every inconsistency of an order snapshot.
    func validate(_ order: OpenDataOrder) -> [DomainError.FieldError] {
        typealias B = OCDSReleaseBuilder
        var problems: [DomainError.FieldError] = []
        if order.method == .tender { problems.append(B.problem("method", "a tender is not a mall order")) }
        if (order.method == .frameworkAgreement) != (order.callOff != nil) {
            problems.append(B.problem("callOff", "a stage-2 order, and only a stage-2 order, names its agreement"))
        }
        for (field, text) in [("orderNo", order.orderNo), ("title", order.title), ("unit.name", order.unit.name)]
            + [("supplier.name", order.supplier.name)]
            + (order.callOff.map { [("callOff.agreementTitle", $0.agreementTitle)] } ?? [])
        where text.allSatisfy(\.isWhitespace) {
            problems.append(B.problem(field, "must not be empty"))
        }
        if order.unit.id == order.supplier.id {
            problems.append(B.problem("supplier", "the unit cannot sell to itself"))
        }
        if order.lines.isEmpty { problems.append(B.problem("lines", "an order has at least one line")) }
        if Set(order.lines.map(\.number)).count != order.lines.count {
            problems.append(B.problem("lines", "line numbers repeat"))
        }
        for (index, line) in order.lines.enumerated() {
            if line.quantity <= 0 { problems.append(B.problem("lines[\(index)].quantity", "must be positive")) }
            if line.unitPriceFen < .zero || line.lineTotalFen < .zero {
                problems.append(B.problem("lines[\(index)]", "amounts cannot be negative"))
            }
            for (field, text) in [
                ("title", line.title), ("categoryCode", line.categoryCode), ("unitName", line.unitName),
            ]
            where text.allSatisfy(\.isWhitespace) {
                problems.append(B.problem("lines[\(index)].\(field)", "must not be empty"))
            }
        }
        let sum = order.lines.reduce(order.orderFeesFen) { $0 + $1.lineTotalFen }
        if sum != order.totalFen {
            problems.append(
                B.problem("totalFen", "lines and fees sum to \(sum) yuan, not \(order.totalFen) (DOMAIN.md §P2)"))
        }
        if order.confirmedAt < order.placedAt || order.acceptedAt < order.confirmedAt {
            problems.append(B.problem("acceptedAt", "placed ≤ confirmed ≤ accepted (DOMAIN.md §O2)"))
        }
        if let paidAt = order.paidAt, paidAt < order.acceptedAt {
            problems.append(B.problem("paidAt", "payment follows acceptance (DOMAIN.md §O2)"))
        }
        if let count = order.numberOfTenderers, count < 1 {
            problems.append(B.problem("numberOfTenderers", "at least the winner quoted"))
        }
        return problems
    }
}
