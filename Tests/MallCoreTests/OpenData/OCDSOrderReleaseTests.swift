import Foundation
import MallCore
import Testing

@Suite("Open data: a completed mall order as an OCDS release (DOMAIN.md §X2, §O)")
struct OCDSOrderReleaseTests {
    typealias F = OCDSFixtures

    @Test("ocid, release id, date and tags of a paid order")
    func identity() throws {
        let release = try F.builder().release(for: F.directPurchase())
        #expect(release.ocid == "ocds-g0vm11-order-00000000-0000-4000-8000-000000000064")
        #expect(release.id == "\(release.ocid)-paid")
        #expect(release.date == "2025-03-20T16:00:00+08:00")  // paid at 16:00 China time
        #expect(release.tag == ["tender", "award", "contract", "implementation"])
        #expect(release.initiationType == "tender")
        #expect(release.language == "zh")
        #expect(release.relatedProcesses == nil)
    }

    @Test("an accepted, unpaid order is released at its acceptance, without implementation")
    func acceptedOnly() throws {
        let release = try F.builder().release(for: F.directPurchase(paid: false))
        #expect(release.id == "\(release.ocid)-accepted")
        #expect(release.date == "2025-03-10T10:00:00+08:00")
        #expect(release.tag == ["tender", "award", "contract"])
        #expect(release.contracts?.first?.status == "active")
        #expect(release.contracts?.first?.implementation == nil)
        #expect(release.parties.map(\.roles) == [["buyer", "procuringEntity"], ["supplier"]])
    }

    @Test("parties: the unit is buyer, procuring entity and payer; the supplier carries its scale and region")
    func parties() throws {
        let json = try F.json(try F.builder().release(for: F.directPurchase()))
        #expect(jsonAt(json, "parties", 0, "id") as? String == "00000000-0000-4000-8000-000000000002")
        #expect(jsonAt(json, "parties", 0, "name") as? String == "北京市东城区教育委员会")
        #expect(jsonAt(json, "parties", 0, "roles") as? [String] == ["buyer", "procuringEntity", "payer"])
        #expect(jsonAt(json, "parties", 0, "details") == nil)
        #expect(jsonAt(json, "parties", 0, "address", "region") as? String == "110101")
        #expect(jsonAt(json, "parties", 1, "roles") as? [String] == ["supplier", "payee"])
        #expect(jsonAt(json, "parties", 1, "details", "scale") as? String == "small")
        #expect(jsonAt(json, "buyer", "name") as? String == "北京市东城区教育委员会")
        #expect(jsonAt(json, "tender", "procuringEntity", "id") as? String == "00000000-0000-4000-8000-000000000002")
    }

    @Test(
        "details.scale follows the partyScale codelist; no declaration, no scale (§G1)",
        arguments: [
            (EnterpriseSize?.some(.micro), String?.some("micro")), (.small, "small"), (.medium, "medium"),
            (.large, "large"), (nil, nil),
        ])
    func scale(size: EnterpriseSize?, scale: String?) throws {
        var order = F.directPurchase()
        order.supplier.size = size
        let release = try F.builder().release(for: order)
        #expect(release.parties[1].details?.scale == scale)
    }

    @Test("items: 品目 classification, quantity, unit name and unit price in yuan")
    func items() throws {
        let json = try F.json(try F.builder().release(for: F.directPurchase()))
        let item = jsonAt(json, "tender", "items", 1)
        #expect(jsonAt(item, "id") as? String == "2")
        #expect(jsonAt(item, "description") as? String == "奔图 P3305DN 黑白激光打印机")
        #expect(jsonAt(item, "classification", "scheme") as? String == "CN-MOF-GPC-2022")
        #expect(jsonAt(item, "classification", "id") as? String == "A02021003")
        #expect(jsonAt(item, "classification", "description") as? String == "A4黑白打印机")
        #expect(jsonAt(item, "quantity") as? Int == 1)
        #expect(jsonAt(item, "unit", "name") as? String == "台")
        #expect(jsonAt(item, "unit", "value", "amount") as? Double == 1299.1)
        #expect(jsonAt(item, "unit", "value", "currency") as? String == "CNY")
        let release = try F.builder().release(for: F.directPurchase())
        #expect(release.awards?.first?.items == release.tender?.items)
        #expect(release.contracts?.first?.items == release.tender?.items)
    }

    @Test("tender, award, contract and payment carry the order's total, dates and ids")
    func tenderAwardContract() throws {
        let release = try F.builder().release(for: F.directPurchase())
        let tender = try #require(release.tender)
        #expect(tender.id == "GM20250303000100")
        #expect(tender.title == "台式计算机等采购")
        #expect(tender.status == "complete")
        #expect(tender.value == OCDSValue(Fen(1_129_908)))
        #expect(tender.mainProcurementCategory == "goods")
        #expect(tender.procurementMethod == "direct")
        #expect(tender.procurementMethodDetails == "电子卖场直购")
        #expect(tender.techniques == nil && tender.competitive == nil)
        let award = try #require(release.awards?.first)
        #expect(award.id == "GM20250303000100-award")
        #expect(award.status == "active")
        #expect(award.date == "2025-03-03T09:30:00+08:00")
        #expect(award.value?.amount.description == "11299.08")
        #expect(
            award.suppliers == [
                OCDSOrganizationReference(id: F.smallSupplier.id.description, name: F.smallSupplier.name)
            ])
        let contract = try #require(release.contracts?.first)
        #expect(contract.awardID == award.id)
        #expect(contract.status == "terminated")
        #expect(contract.dateSigned == "2025-03-03T14:00:00+08:00")
        #expect(
            contract.period == OCDSPeriod(startDate: "2025-03-03T14:00:00+08:00", endDate: "2025-03-10T10:00:00+08:00"))
        let payment = try #require(contract.implementation?.transactions?.first)
        #expect(payment.date == "2025-03-20T16:00:00+08:00")
        #expect(payment.value == OCDSValue(Fen(1_129_908)))
        #expect(payment.payer?.id == F.unit.id.description)
        #expect(payment.payee?.id == F.smallSupplier.id.description)
    }

    @Test(
        "procurementMethod by purchase method (direct purchase, competition, stage-2 methods)",
        arguments: [
            (ProcurementMethod.directPurchase, OpenDataStageTwoMethod?.none, "direct", "电子卖场直购", Bool?.none),
            (.competition, nil, "selective", "电子卖场竞价", nil),
            (.frameworkAgreement, .secondBidding, "selective", "框架协议采购第二阶段：二次竞价", true),
            (.frameworkAgreement, .directSelection, "direct", "框架协议采购第二阶段：直接选定", false),
            (.frameworkAgreement, .rotation, "direct", "框架协议采购第二阶段：顺序轮候", false),
        ])
    func methods(
        method: ProcurementMethod, stageTwo: OpenDataStageTwoMethod?, code: String, details: String, competitive: Bool?
    ) throws {
        var order = stageTwo.map(F.callOff) ?? F.directPurchase()
        order.method = method
        let tender = try #require(try F.builder().release(for: order).tender)
        #expect(tender.procurementMethod == code)
        #expect(tender.procurementMethodDetails == details)
        #expect(tender.competitive == competitive)
        #expect(tender.techniques?.hasFrameworkAgreement == (stageTwo == nil ? nil : true))
    }

    @Test("a stage-2 order points at its agreement's ocid with relationship framework (§X2)")
    func relatedProcesses() throws {
        let builder = try F.builder()
        let release = try builder.release(for: F.callOff())
        let link = try #require(release.relatedProcesses?.first)
        #expect(release.relatedProcesses?.count == 1)
        #expect(link.relationship == ["framework"])
        #expect(link.scheme == "ocid")
        #expect(link.identifier == builder.ocid(agreement: F.agreementID))
        #expect(link.identifier == (try builder.release(for: F.agreement())).ocid)
        #expect(link.title == "2025年度台式计算机框架协议采购")
        #expect(release.ocid != link.identifier)
    }

    @Test("a competition counts its tenderers and marks the winner as tenderer")
    func competition() throws {
        let release = try F.builder().release(for: F.competition())
        #expect(release.tender?.numberOfTenderers == 4)
        #expect(release.parties[1].roles == ["supplier", "tenderer"])
        #expect(release.parties[1].details?.scale == "large")
    }

    @Test("order fees outside lines are in the total but not in any item")
    func fees() throws {
        let release = try F.builder().release(for: F.callOff())
        #expect(release.tender?.value?.amount.description == "13700")
        #expect(release.tender?.items?.first?.unit?.value?.amount.description == "4550")
    }

    @Test("mixed categories leave mainProcurementCategory out; services alone are services")
    func categories() throws {
        var order = F.directPurchase()
        order.lines[1].categoryCode = "C16070200"
        #expect(try F.builder().release(for: order).tender?.mainProcurementCategory == nil)
        order.lines[0].categoryCode = "C16070200"
        #expect(try F.builder().release(for: order).tender?.mainProcurementCategory == "services")
    }

    @Test("an inconsistent snapshot is refused with every problem listed")
    func inconsistent() throws {
        var order = F.directPurchase()
        order.method = .frameworkAgreement  // but no callOff
        order.totalFen = Fen(1)
        order.lines[0].quantity = 0
        order.title = " "
        order.paidAt = F.at("2025-03-01", 8)  // before acceptance
        let error = try #require(throws: DomainError.self) { try F.builder().release(for: order) }
        #expect(error.code == .openDataSnapshotInconsistent)
        #expect(Set(error.fields.map(\.field)) == ["callOff", "title", "lines[0].quantity", "totalFen", "paidAt"])
        order = F.directPurchase()
        order.method = .tender
        order.lines = []
        order.totalFen = .zero
        let second = try #require(throws: DomainError.self) { try F.builder().release(for: order) }
        #expect(Set(second.fields.map(\.field)) == ["method", "lines"])
    }

    @Test("an order's history: the release at acceptance, then the one at payment, under one ocid")
    func history() throws {
        let builder = try F.builder()
        let paid = try builder.releases(for: F.directPurchase())
        #expect(paid.map(\.id) == ["accepted", "paid"].map { "\(paid[0].ocid)-\($0)" })
        #expect(paid.map(\.date) == ["2025-03-10T10:00:00+08:00", "2025-03-20T16:00:00+08:00"])
        #expect(paid[0] == (try builder.release(for: F.directPurchase(paid: false))))
        #expect(paid[1] == (try builder.release(for: F.directPurchase())))
        #expect(try builder.releases(for: F.competition()).map(\.tag) == [["tender", "award", "contract"]])
    }

    @Test("an order without a title of its own is named after its first line's category")
    func title() {
        let lines = F.directPurchase().lines
        #expect(OpenDataOrder.title(for: lines) == "台式计算机等采购")
        #expect(OpenDataOrder.title(for: [lines[1]]) == "A4黑白打印机采购")
        #expect(OpenDataOrder.title(for: lines.reversed()) == "台式计算机等采购")
        #expect(OpenDataOrder.title(for: []) == "采购")
    }
}
