import Foundation
import MallCore
import Testing

@Suite("Open data: a framework agreement's stage 1 as an OCDS release (DOMAIN.md §X2, §F)")
struct OCDSAgreementReleaseTests {
    typealias F = OCDSFixtures

    @Test(
        "stage-2 methods map to techniques.frameworkAgreement.method (§X2)",
        arguments: [
            ([OpenDataStageTwoMethod.secondBidding], "withReopeningCompetition"),
            ([.directSelection], "withoutReopeningCompetition"),
            ([.rotation], "withoutReopeningCompetition"),
            ([.directSelection, .rotation], "withoutReopeningCompetition"),
            ([.secondBidding, .rotation], "withAndWithoutReopeningCompetition"),
            ([.secondBidding, .directSelection], "withAndWithoutReopeningCompetition"),
        ])
    func method(methods: [OpenDataStageTwoMethod], code: String) throws {
        let release = try F.builder().release(for: F.agreement(methods: Set(methods)))
        #expect(release.tender?.techniques?.hasFrameworkAgreement == true)
        #expect(release.tender?.techniques?.frameworkAgreement?.method == code)
    }

    @Test("ocid, release id, tags, buyer and the central purchasing body as procuring entity")
    func identity() throws {
        let release = try F.builder().release(for: F.agreement())
        #expect(release.ocid == "ocds-g0vm11-fa-00000000-0000-4000-8000-0000000000c8")
        #expect(release.id == "\(release.ocid)-r3")
        #expect(release.date == "2025-03-01T12:00:00+08:00")
        #expect(release.tag == ["tender", "award", "contract"])
        #expect(release.buyer?.name == "北京市政府采购中心")
        #expect(release.tender?.procuringEntity?.name == "北京市政府采购中心")
        #expect(release.relatedProcesses == nil)
    }

    @Test("parties: each supplier once, roles merged across lots, scale from the declaration")
    func parties() throws {
        let parties = try F.builder().release(for: F.agreement()).parties
        #expect(parties.map(\.name) == ["北京市政府采购中心", "北京中科华信电子有限公司", "联想（北京）有限公司", "北京启明办公设备有限公司"])
        #expect(
            parties.map(\.roles) == [["buyer", "procuringEntity"]]
                + Array(repeating: ["supplier", "tenderer"], count: 3))
        #expect(parties.map { $0.details?.scale } == [nil, "medium", "large", "small"])
    }

    @Test("tender: call, term, lots with value = max unit price × estimated quantity, items per lot")
    func tender() throws {
        let tender = try #require(try F.builder().release(for: F.agreement()).tender)
        #expect(tender.id == "FA-2025-001")
        #expect(tender.status == "complete")
        #expect(tender.procurementMethod == "open")
        #expect(tender.procurementMethodDetails == "框架协议采购（封闭式），第二阶段：二次竞价、顺序轮候")
        #expect(tender.mainProcurementCategory == "goods")
        #expect(tender.numberOfTenderers == 9)
        let term = OCDSPeriod(
            startDate: "2025-03-01T00:00:00+08:00", endDate: "2026-02-28T23:59:59+08:00", durationInDays: 365)
        #expect(tender.contractPeriod == term)
        #expect(tender.techniques?.frameworkAgreement?.period == term)
        #expect(tender.techniques?.frameworkAgreement?.buyerCategories == "北京市市级及区级预算单位")
        // 5 000 × 2 000 + 1 500 × 500 = 10 750 000 yuan
        #expect(tender.value?.amount.description == "10750000")
        #expect(tender.techniques?.frameworkAgreement?.value == tender.value)
        let lots = try #require(tender.lots)
        #expect(lots.map(\.id) == ["LOT-1", "LOT-2"])
        #expect(lots.map { $0.value?.amount.description } == ["10000000", "750000"])
        #expect(lots[0].description == "品目A02010105 台式计算机，最高限制单价5000.00元/台")
        let items = try #require(tender.items)
        #expect(items.map(\.relatedLot) == ["LOT-1", "LOT-2"])
        #expect(items.map(\.quantity) == [2_000, 500])
        #expect(
            items[1].classification
                == OCDSClassification(scheme: "CN-MOF-GPC-2022", id: "A02021003", description: "A4黑白打印机"))
        #expect(items[1].unit?.value?.amount.description == "1500")
    }

    @Test("a lot without an estimated quantity has no value, and then neither has the agreement")
    func noEstimate() throws {
        var agreement = F.agreement()
        agreement.lots[1].estimatedQuantity = nil
        let tender = try #require(try F.builder().release(for: agreement).tender)
        #expect(tender.lots?[1].value == nil)
        #expect(tender.value == nil)
        #expect(tender.items?[1].quantity == nil)
    }

    @Test("one award and one contract per admission, the agreed price as the item's unit value")
    func awards() throws {
        let release = try F.builder().release(for: F.agreement())
        let awards = try #require(release.awards)
        #expect(awards.count == 4)
        #expect(awards[1].id == "LOT-1-\(F.largeSupplier.id)")
        #expect(awards[1].relatedLots == ["LOT-1"])
        #expect(awards[1].suppliers?.first?.name == "联想（北京）有限公司")
        #expect(awards[1].items?.first?.unit?.value?.amount.description == "4688")
        #expect(awards[3].items?.first?.unit?.value?.amount.description == "1420.5")
        #expect(awards[1].date == "2025-02-20T10:00:00+08:00")
        let contracts = try #require(release.contracts)
        #expect(contracts.map(\.awardID) == awards.map(\.id))
        #expect(contracts.map(\.status) == ["active", "active", "active", "terminated"])  // the last one left
        #expect(contracts[0].dateSigned == "2025-02-25T10:00:00+08:00")
        #expect(contracts[0].period == release.tender?.contractPeriod)
    }

    @Test(
        "contract status follows the term as of the release date; an open agreement is active in its term",
        arguments: [
            ("2025-02-26", "pending", "complete"), ("2025-03-01", "active", "active"),
            ("2026-02-28", "active", "active"),
            ("2026-03-01", "terminated", "complete"),
        ])
    func status(asOf: String, contract: String, openTender: String) throws {
        let closed = try F.builder().release(for: F.agreement(updatedAt: F.at(asOf, 12)))
        #expect(closed.contracts?.first?.status == contract)
        #expect(closed.tender?.status == "complete")
        let open = try F.builder().release(for: F.agreement(kind: .open, updatedAt: F.at(asOf, 12)))
        #expect(open.tender?.status == openTender)
        #expect(open.tender?.lots?.first?.status == openTender)
        #expect(open.tender?.procurementMethodDetails?.hasPrefix("框架协议采购（开放式）") == true)
    }

    @Test("a terminated agreement is complete with every contract terminated, from its termination on")
    func terminated() throws {
        var agreement = F.agreement(kind: .open, updatedAt: F.at("2025-06-01", 12))
        agreement.terminatedAt = F.at("2025-06-01", 12)
        let release = try F.builder().release(for: agreement)
        #expect(release.tender?.status == "complete")
        #expect(release.tender?.lots?.allSatisfy { $0.status == "complete" } == true)
        #expect(release.contracts?.allSatisfy { $0.status == "terminated" } == true)
        // A snapshot dated before the termination is not affected by it.
        agreement.terminatedAt = F.at("2025-07-01", 12)
        let before = try F.builder().release(for: agreement)
        #expect(before.tender?.status == "active")
        #expect(before.contracts?.map(\.status) == ["active", "active", "active", "terminated"])
    }

    @Test("the agreement's own central purchasing body replaces the settings' stand-in as buyer")
    func ownCentralPurchasingBody() throws {
        var agreement = F.agreement()
        let centre = OpenDataOrganisation(id: ID(F.uuid(300)), name: "北京市海淀区政府采购中心", region: F.region("110108"))
        agreement.centralPurchasingBody = centre
        let release = try F.builder().release(for: agreement)
        #expect(release.buyer?.id == centre.id.description && release.buyer?.name == centre.name)
        #expect(release.tender?.procuringEntity?.name == centre.name)
        #expect(release.parties.first?.name == centre.name)
        #expect(release.parties.first?.roles == ["buyer", "procuringEntity"])
        #expect(!release.parties.contains { $0.name == "北京市政府采购中心" })
    }

    @Test("an agreement before any admission is a tender-only release without empty arrays")
    func noAdmissions() throws {
        var agreement = F.agreement()
        agreement.admitted = []
        let release = try F.builder().release(for: agreement)
        #expect(release.tag == ["tender"])
        #expect(release.awards == nil && release.contracts == nil)
        #expect(release.parties.count == 1)
    }

    @Test("an inconsistent agreement is refused with every problem listed")
    func inconsistent() throws {
        var agreement = F.agreement(methods: [])
        agreement.termEnd = F.date("2025-01-01")
        agreement.admitted[0].agreedUnitPriceFen = Fen(500_001)  // above the lot's max (§F2)
        agreement.admitted[1].lotNumber = 9
        agreement.admitted.append(agreement.admitted[2])
        let error = try #require(throws: DomainError.self) { try F.builder().release(for: agreement) }
        #expect(error.code == .openDataSnapshotInconsistent)
        #expect(
            Set(error.fields.map(\.field)) == [
                "stageTwoMethods", "termEnd", "admitted[0].agreedUnitPriceFen", "admitted[1].lotNumber", "admitted[4]",
            ])
    }
}
