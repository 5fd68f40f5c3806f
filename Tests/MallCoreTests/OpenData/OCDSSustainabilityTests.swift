import Foundation
import MallCore
import Testing

@Suite("Open data: SME, green and 832 measures as tender.sustainability[] (DOMAIN.md §X2, §G, §V)")
struct OCDSSustainabilityTests {
    typealias F = OCDSFixtures

    @Test("a small supplier with energy-saving and eco-label lines gives one SME and two green measures")
    func directPurchase() throws {
        let tender = try #require(try F.builder().release(for: F.directPurchase()).tender)
        #expect(tender.hasSustainability == true)
        let measures = try #require(tender.sustainability)
        #expect(measures.map(\.goal) == ["social.smeInclusion", "environmental", "environmental.energyEfficiency"])
        #expect(measures[0].strategies == nil)
        #expect(measures[0].description == "成交供应商为小型企业（中小企业，财库〔2020〕46号）")
        #expect(measures[1].strategies == ["nationalGPPCriteria"])
        #expect(measures[1].description?.hasPrefix("第2行产品获环境标志产品认证") == true)
        #expect(measures[2].description?.hasPrefix("第1、2行产品获节能产品认证") == true)
    }

    @Test("a large winner of a competition with the SME deduction still records the margin of preference")
    func competition() throws {
        let measures = try #require(try F.builder().release(for: F.competition()).tender?.sustainability)
        #expect(measures.count == 1)
        #expect(measures[0].goal == "social.smeInclusion")
        #expect(measures[0].strategies == ["marginOfPreference"])
        #expect(measures[0].description == "评审时对小微企业报价给予价格扣除")
    }

    @Test("a reservation for SMEs is reserved participation; both measures are listed in a fixed order")
    func reserved() throws {
        var order = F.directPurchase()
        order.smeMeasures = [.reservedForSMEs, .priceDeduction]
        let measure = try #require(try F.builder().release(for: order).tender?.sustainability?.first)
        #expect(measure.strategies == ["marginOfPreference", "reservedParticipation"])
    }

    @Test("a canteen order from a poverty-county supplier is an 832 measure (a micro supplier: SME too)")
    func poverty() throws {
        let measures = try #require(try F.builder().release(for: F.foodCallOff()).tender?.sustainability)
        #expect(measures.map(\.goal) == ["social.smeInclusion", "economic.localEconomyPromotion"])
        #expect(measures[0].description == "成交供应商为微型企业（中小企业，财库〔2020〕46号）")
        #expect(measures[1].description == "供应商注册于832个脱贫县之一（脱贫地区农副产品采购政策）")
    }

    @Test("no measure, no sustainability fields at all (no empty arrays)")
    func none() throws {
        var order = F.competition()
        order.smeMeasures = []
        let json = try F.json(try F.builder().release(for: order))
        #expect(jsonAt(json, "tender", "sustainability") == nil)
        #expect(jsonAt(json, "tender", "hasSustainability") == nil)
    }

    @Test("an agreement records its stage-1 SME deduction and its active SME suppliers, each counted once")
    func agreement() throws {
        let measures = try #require(try F.builder().release(for: F.agreement()).tender?.sustainability)
        #expect(measures.map(\.goal) == ["social.smeInclusion"])
        #expect(measures[0].strategies == ["marginOfPreference"])
        // The medium supplier is admitted to two lots: counted once; the inactive small one not at all.
        #expect(measures[0].description == "第一阶段评审对小微企业报价给予10.00%价格扣除（财库〔2020〕46号、〔2022〕19号）；入围中小企业1家")
    }

    @Test("the 832 food agreement records its poverty-county suppliers; no deduction, no margin of preference")
    func foodAgreement() throws {
        let measures = try #require(try F.builder().release(for: F.foodAgreement()).tender?.sustainability)
        #expect(measures.map(\.goal) == ["social.smeInclusion", "economic.localEconomyPromotion"])
        #expect(measures[0].strategies == nil)
        #expect(measures[0].description == "入围中小企业1家")
        #expect(measures[1].description == "入围供应商中1家注册于832个脱贫县（脱贫地区农副产品采购政策）")
    }
}
