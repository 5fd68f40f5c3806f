import Foundation
import MallCore

/// Values for framework-agreement tests.
enum AgreementFixtures {
    static func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("fixture dates are valid: \(text)") }
        return date
    }

    static func supplier(_ n: Int) -> ID<Organisation> {
        let hex = String(n, radix: 16)
        guard let id = ID<Organisation>("00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex)
        else { preconditionFailure("fixture ids are valid") }
        return id
    }

    static func listing(_ n: Int) -> ID<Listing> { ID(supplier(n).uuid) }

    static let lot = AgreementLot(
        number: 1, name: "台式计算机", categoryCode: "A02010105", maxUnitPriceFen: .yuan(6_000),
        volumeTiers: [PriceTier(minQuantity: 50, unitPriceFen: .yuan(5_000))], estimatedQuantity: 2_000)

    static func requirements(
        subject: AgreementSubject = .goods, kind: AgreementKind = .closed, start: String = "2026-03-01",
        end: String = "2027-02-28", reason: String? = nil, lots: [AgreementLot] = [lot],
        rate: BasisPoints = .percent(20), stageTwo: StageTwoRule = StageTwoRule(method: .directSelection)
    ) -> AgreementRequirements {
        AgreementRequirements(
            title: "2026年台式计算机框架协议", subject: subject, kind: kind, termStart: day(start), termEnd: day(end),
            termReason: reason, lots: lots, evaluation: .pricePriority, eliminationRate: rate, stageTwo: stageTwo)
    }

    static let t0 = Date(timeIntervalSince1970: 1_772_000_000)

    static func bid(
        _ n: Int, _ priceYuan: Int64, size: EnterpriseSize? = .large, manufacturer: EnterpriseSize? = nil,
        score: Int? = nil, at offset: TimeInterval = 0
    ) -> StageOneBid {
        StageOneBid(
            id: ID(supplier(1_000 + n).uuid), supplierID: supplier(n), lotNumber: 1, listingID: listing(n),
            unitPriceFen: .yuan(priceYuan), supplierSize: size, manufacturerSize: manufacturer ?? size, score: score,
            submittedAt: t0.addingTimeInterval(offset))
    }

    /// The code `body` throws, `nil` when it returns (closures infer `any Error`, so the cast is here once).
    static func code(_ body: () throws -> Void) -> DomainError.Code? {
        do {
            try body()
            return nil
        } catch let error as DomainError {
            return error.code
        } catch {
            return .conflict  // not a DomainError: never what a test expects
        }
    }
}
