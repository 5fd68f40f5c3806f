import Foundation
import MallCore
import MallStore

// MARK: - Requests

/// A volume-discount tier of a lot (DOMAIN.md §P3).
package struct VolumeTierBody: Codable, Sendable {
    package var minQuantity: Int64
    package var unitPriceFen: Fen
}

/// One lot of an agreement (DOMAIN.md §F1).
package struct LotBody: Decodable, Sendable {
    package var number: Int
    package var name: String
    package var categoryCode: String
    package var specs: [String: JSONValue]?
    package var maxUnitPriceFen: Fen
    package var volumeTiers: [VolumeTierBody]?
    package var estimatedQuantity: Int64
}

/// The stage-2 rule (DOMAIN.md §F9).
package struct StageTwoBody: Codable, Sendable {
    package var method: String
    package var thresholdFen: Fen?
    package var aboveMethod: String?
}

/// `POST /api/v1/agreements` and `PUT /api/v1/agreements/{id}`: the requirements (DOMAIN.md §F1).
package struct AgreementRequest: Decodable, Sendable {
    package var title: String
    package var subject: String
    package var kind: String
    package var termStart: LocalDate
    package var termEnd: LocalDate
    package var termReason: String?
    package var lots: [LotBody]
    package var evaluation: String
    package var eliminationRateBp: Int?
    package var stageTwo: StageTwoBody
    package var regions: [String]?

    /// The domain requirements; unknown enumeration values are reported per field at once.
    package func requirements() throws(DomainError) -> AgreementRequirements {
        var validator = Validator()
        let subject = AgreementSubject(rawValue: subject)
        validator.check(subject != nil, "subject", "invalid", "goods or services")
        let kind = AgreementKind(rawValue: kind)
        validator.check(kind != nil, "kind", "invalid", "closed or open")
        let evaluation = EvaluationMethod(rawValue: evaluation)
        validator.check(evaluation != nil, "evaluation", "invalid", "price_priority or quality_priority")
        let method = StageTwoMethod(rawValue: stageTwo.method)
        validator.check(method != nil, "stageTwo.method", "invalid", "direct_selection, second_bidding or rotation")
        let above = stageTwo.aboveMethod.map(StageTwoMethod.init(rawValue:))
        validator.check(above != .some(nil), "stageTwo.aboveMethod", "invalid", "direct_selection, second_bidding or rotation")
        let rate = eliminationRateBp ?? 2_000
        validator.check((0...9_999).contains(rate), "eliminationRateBp", "out_of_range", "0 to 9 999 basis points")
        let regionCodes = (regions ?? []).map(RegionCode.init)
        for (index, code) in regionCodes.enumerated() {
            validator.check(code != nil, "regions[\(index)]", "invalid", "a 6-digit region code")
        }
        validator.check((regions ?? []).count <= 100, "regions", "too_many", "at most 100 regions")
        for (index, lot) in lots.enumerated() {
            validator.check(lot.estimatedQuantity <= 1_000_000_000, "lots[\(index)].estimatedQuantity", "out_of_range", "too large")
        }
        try validator.validate()
        guard let subject, let kind, let evaluation, let method else { throw DomainError.validation(validator.problems) }
        return AgreementRequirements(
            title: title, subject: subject, kind: kind, termStart: termStart, termEnd: termEnd, termReason: termReason,
            lots: lots.map {
                AgreementLot(
                    number: $0.number, name: $0.name, categoryCode: $0.categoryCode, specs: $0.specs ?? [:],
                    maxUnitPriceFen: $0.maxUnitPriceFen,
                    volumeTiers: ($0.volumeTiers ?? []).map { PriceTier(minQuantity: $0.minQuantity, unitPriceFen: $0.unitPriceFen) },
                    estimatedQuantity: $0.estimatedQuantity)
            }, evaluation: evaluation, eliminationRate: BasisPoints(Int32(clamping: rate)),
            stageTwo: StageTwoRule(method: method, thresholdFen: stageTwo.thresholdFen, aboveMethod: above ?? nil),
            regions: regionCodes.compactMap { $0 })
    }
}

/// `POST /api/v1/agreements/{id}/{action}`: the reason (`terminate`) and, for `evaluate`, quality scores and
/// admission counts.
package struct AgreementActionRequest: Decodable, Sendable {
    package var reason: String?
    /// Response id → score 0…100 (quality priority).
    package var scores: [String: Int]?
    /// Lot number (as a string key) → how many to admit, at most the §F3 maximum.
    package var admit: [String: Int]?
}

/// `POST /api/v1/agreements/{id}/responses`: a stage-1 response (DOMAIN.md §F2).
package struct StageOneResponseRequest: Decodable, Sendable {
    package var lotNo: Int
    package var listingId: String
    package var unitPriceFen: Fen
    package var manufacturerSize: String?
}

/// `POST …/members/{memberId}/price`: a lower agreed price (DOMAIN.md §P4).
package struct AgreedPriceRequest: Decodable, Sendable {
    package var unitPriceFen: Fen
    package var reason: String?
}

/// `POST …/members/{memberId}/replacements` (DOMAIN.md §F11).
package struct ReplacementRequest: Decodable, Sendable {
    package var listingId: String
    package var unitPriceFen: Fen
    package var reason: String
}

/// Reasons of membership steps and decisions.
package struct MemberReasonRequest: Decodable, Sendable {
    package var reason: String?
    /// Removal for cause: collusion, no_longer_qualified, refusing_awards or other (DOMAIN.md §F10).
    package var cause: String?
}

/// `POST /api/v1/agreements/{id}/calls` (DOMAIN.md §F10).
package struct CallRequest: Decodable, Sendable {
    package var lotNo: Int
    package var description: String
}

/// `POST /api/v1/agreements/{id}/applications` (DOMAIN.md §F10).
package struct ApplicationRequest: Decodable, Sendable {
    package var lotNo: Int
    package var callId: String?
    package var listingId: String
    package var unitPriceFen: Fen
}

/// `POST /api/v1/agreements/{id}/orders`: a stage-2 order (DOMAIN.md §F5–§F9).
package struct AgreementOrderRequest: Decodable, Sendable {
    package struct Selection: Decodable, Sendable {
        package var supplierId: String
        package var reason: String
        package var note: String
    }

    package struct Skip: Decodable, Sendable {
        package var supplierId: String
        package var reason: String
    }

    package var lotNo: Int
    package var quantity: Int64
    package var budgetLineId: String
    package var expectedTotalFen: Fen?
    package var method: String?
    package var selection: Selection?
    package var skips: [Skip]?
    package var paymentTerms: PaymentTermsBody?
}

/// `POST /api/v1/agreements/{id}/second-biddings`: a second bidding among a lot's admitted suppliers (DOMAIN.md
/// §F7). The category is the lot's, the unit ceiling the highest invited agreed price; `specs` default to the lot's.
package struct SecondBiddingRequestBody: Decodable, Sendable {
    package var lotNo: Int
    package var title: String
    package var specs: [String: JSONValue]?
    package var quantity: Int64
    package var unit: String
    package var budgetLineId: String
    /// RFC 3339 instant.
    package var deadline: String
}

// MARK: - Responses

/// A lot as served.
package struct LotResponse: Encodable, Sendable {
    package var number: Int
    package var name: String
    package var categoryCode: String
    package var specs: [String: JSONValue]
    package var maxUnitPriceFen: Fen
    package var volumeTiers: [VolumeTierBody]
    package var estimatedQuantity: Int64

    package init(_ lot: AgreementLot) {
        number = lot.number
        name = lot.name
        categoryCode = lot.categoryCode
        specs = lot.specs
        maxUnitPriceFen = lot.maxUnitPriceFen
        volumeTiers = lot.volumeTiers.map { VolumeTierBody(minQuantity: $0.minQuantity, unitPriceFen: $0.unitPriceFen) }
        estimatedQuantity = lot.estimatedQuantity
    }
}

/// A framework agreement (DOMAIN.md §F1).
package struct AgreementResponse: Encodable, Sendable {
    package var id: String
    package var agreementNo: String
    package var title: String
    package var subject: String
    package var kind: String
    package var state: String
    package var termStart: LocalDate
    package var termEnd: LocalDate
    package var termReason: String?
    package var lots: [LotResponse]
    package var evaluation: String
    package var eliminationRateBp: Int32
    package var stageTwo: StageTwoBody
    package var regions: [String]
    package var evaluated: Bool
    package var activatedAt: Date?
    package var terminatedReason: String?
    package var allowedActions: [String]
    package var version: Int
    package var createdAt: Date
    package var updatedAt: Date

    package init(_ record: AgreementStore.Record) {
        let requirements = record.requirements
        id = record.id.description
        agreementNo = record.agreementNo
        title = requirements.title
        subject = requirements.subject.rawValue
        kind = requirements.kind.rawValue
        state = record.state.rawValue
        termStart = requirements.termStart
        termEnd = requirements.termEnd
        termReason = requirements.termReason
        lots = requirements.lots.map(LotResponse.init)
        evaluation = requirements.evaluation.rawValue
        eliminationRateBp = requirements.eliminationRate.rawValue
        stageTwo = StageTwoBody(
            method: requirements.stageTwo.method.rawValue, thresholdFen: requirements.stageTwo.thresholdFen,
            aboveMethod: requirements.stageTwo.aboveMethod?.rawValue)
        regions = requirements.regions.map(\.rawValue)
        evaluated = record.evaluatedAt != nil
        activatedAt = record.activatedAt
        terminatedReason = record.terminatedReason
        allowedActions = AgreementLifecycle.actions(from: record.state).map(\.rawValue)
            + (record.state == .evaluating ? ["evaluate"] : [])
        version = record.version
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }
}

/// A stage-1 response (DOMAIN.md §F2).
package struct StageOneBidResponse: Encodable, Sendable {
    package var id: String
    package var lotNo: Int
    package var supplierId: String
    package var supplierName: String
    package var listingId: String
    package var unitPriceFen: Fen
    package var supplierSize: String?
    package var manufacturerSize: String?
    package var score: Int?
    package var submittedAt: Date

    package init(_ record: AgreementStore.ResponseRecord) {
        id = record.id.description
        lotNo = record.lotNo
        supplierId = record.supplierID.description
        supplierName = record.supplierName
        listingId = record.listingID.description
        unitPriceFen = record.unitPriceFen
        supplierSize = record.supplierSize?.rawValue
        manufacturerSize = record.manufacturerSize?.rawValue
        score = record.score
        submittedAt = record.submittedAt
    }
}

/// The published stage-1 results (DOMAIN.md §F2, §F3).
package struct AgreementResultsResponse: Encodable, Sendable {
    package struct Entry: Encodable, Sendable {
        package var rank: Int
        package var supplierId: String
        package var supplierName: String
        /// The bid, and the agreed price if admitted (never the evaluated price, §F2).
        package var unitPriceFen: Fen
        package var evaluatedFen: Fen
        package var deductionApplied: Bool
        package var score: Int?
        package var admitted: Bool
    }

    package struct Lot: Encodable, Sendable {
        package var lotNo: Int
        package var validBids: Int
        package var admitted: Int
        package var ranking: [Entry]
    }

    package var agreementId: String
    package var agreementNo: String
    package var evaluation: String
    package var eliminationRateBp: Int32
    package var published: Bool
    package var lots: [Lot]
}

/// An admitted supplier with its product and agreed price (DOMAIN.md §F5, §P3).
package struct MemberResponse: Encodable, Sendable {
    package var id: String
    package var agreementId: String
    package var lotNo: Int
    package var supplierId: String
    package var supplierName: String
    package var listingId: String
    package var listingTitle: String
    package var agreedPriceFen: Fen
    package var admittedPriceFen: Fen
    package var status: String
    package var admittedVia: String
    package var rotationPosition: Int
    package var statusReason: String?
    package var removalCause: String?
    package var version: Int
    package var updatedAt: Date

    package init(_ record: AgreementStore.MemberRecord) {
        id = record.id.description
        agreementId = record.agreementID.description
        lotNo = record.lotNo
        supplierId = record.supplierID.description
        supplierName = record.supplierName
        listingId = record.listingID.description
        listingTitle = record.listingTitle
        agreedPriceFen = record.agreedPriceFen
        admittedPriceFen = record.admittedPriceFen
        status = record.status.rawValue
        admittedVia = record.admittedVia
        rotationPosition = record.rotationPosition
        statusReason = record.statusReason
        removalCause = record.removalCause?.rawValue
        version = record.version
        updatedAt = record.updatedAt
    }
}

/// A product replacement request (DOMAIN.md §F11).
package struct ReplacementResponse: Encodable, Sendable {
    package var id: String
    package var memberId: String
    package var supplierId: String
    package var oldListingId: String
    package var newListingId: String
    package var oldPriceFen: Fen
    package var newPriceFen: Fen
    package var reason: String
    package var status: String
    package var requestedAt: Date
    package var decidedAt: Date?
    package var decisionReason: String?

    package init(_ record: AgreementStore.ReplacementRecord) {
        id = record.id.lowercasedString
        memberId = record.memberID.description
        supplierId = record.supplierID.description
        oldListingId = record.oldListingID.description
        newListingId = record.newListingID.description
        oldPriceFen = record.oldPriceFen
        newPriceFen = record.newPriceFen
        reason = record.reason
        status = record.status
        requestedAt = record.requestedAt
        decidedAt = record.decidedAt
        decisionReason = record.decisionReason
    }
}

/// A supplementary call (DOMAIN.md §F10).
package struct CallResponse: Encodable, Sendable {
    package var id: String
    package var agreementId: String
    package var lotNo: Int
    package var state: String
    package var description: String
    package var openedAt: Date
    package var closedAt: Date?

    package init(_ record: AgreementStore.CallRecord) {
        id = record.id.lowercasedString
        agreementId = record.agreementID.description
        lotNo = record.lotNo
        state = record.state
        description = record.description
        openedAt = record.openedAt
        closedAt = record.closedAt
    }
}

/// An application to join (DOMAIN.md §F10).
package struct ApplicationResponse: Encodable, Sendable {
    package var id: String
    package var agreementId: String
    package var lotNo: Int
    package var callId: String?
    package var supplierId: String
    package var supplierName: String
    package var listingId: String
    package var unitPriceFen: Fen
    package var status: String
    package var submittedAt: Date
    package var decidedAt: Date?
    package var decisionReason: String?

    package init(_ record: AgreementStore.ApplicationRecord) {
        id = record.id.lowercasedString
        agreementId = record.agreementID.description
        lotNo = record.lotNo
        callId = record.callID?.lowercasedString
        supplierId = record.supplierID.description
        supplierName = record.supplierName
        listingId = record.listingID.description
        unitPriceFen = record.unitPriceFen
        status = record.status
        submittedAt = record.submittedAt
        decidedAt = record.decidedAt
        decisionReason = record.decisionReason
    }
}

/// One lot's rotation (DOMAIN.md §F8).
package struct RotationResponse: Encodable, Sendable {
    package struct Slot: Encodable, Sendable {
        package var supplierId: String
        package var supplierName: String
        package var status: String
        package var awardedInCycle: Bool
    }

    package var lotNo: Int
    package var cycle: Int
    package var order: [Slot]

    package init(_ record: AgreementStore.RotationRecord) {
        lotNo = record.lotNo
        cycle = record.cycle
        order = record.members.filter(\.status.receivesOrders).map {
            Slot(
                supplierId: $0.supplierID.description, supplierName: $0.supplierName, status: $0.status.rawValue,
                awardedInCycle: record.awarded.contains($0.supplierID))
        }
    }
}

/// A rotation skip in the regulators' warnings feed (DOMAIN.md §F8).
package struct RotationSkipResponse: Encodable, Sendable {
    package var id: String
    package var agreementId: String
    package var agreementNo: String
    package var lotNo: Int
    package var orderId: String
    package var supplierId: String
    package var supplierName: String
    package var unitId: String
    package var unitName: String
    package var regionCode: String
    package var cycle: Int
    package var reason: String
    package var skippedAt: Date

    package init(_ record: AgreementStore.SkipRecord) {
        id = record.id.lowercasedString
        agreementId = record.agreementID.description
        agreementNo = record.agreementNo
        lotNo = record.lotNo
        orderId = record.orderID.description
        supplierId = record.supplierID.description
        supplierName = record.supplierName
        unitId = record.unitID.description
        unitName = record.unitName
        regionCode = record.regionCode
        cycle = record.cycle
        reason = record.reason
        skippedAt = record.skippedAt
    }
}

/// An admitted product a unit may order (issue 5 point 6).
package struct AgreementOfferResponse: Encodable, Sendable {
    package var agreementId: String
    package var agreementNo: String
    package var agreementTitle: String
    package var termEnd: LocalDate
    package var stageTwo: StageTwoBody
    package var lot: LotResponse
    package var member: MemberResponse

    package init(_ offer: AgreementStore.Offer) {
        agreementId = offer.agreementID.description
        agreementNo = offer.agreementNo
        agreementTitle = offer.agreementTitle
        termEnd = offer.termEnd
        stageTwo = StageTwoBody(
            method: offer.stageTwo.method.rawValue, thresholdFen: offer.stageTwo.thresholdFen,
            aboveMethod: offer.stageTwo.aboveMethod?.rawValue)
        lot = LotResponse(offer.lot)
        member = MemberResponse(offer.member)
    }
}

/// The answer to a stage-2 order (DOMAIN.md §F5–§F9): the placement through the order pipeline and how the
/// supplier was chosen.
package struct AgreementOrderResponse: Encodable, Sendable {
    package struct Selection: Encodable, Sendable {
        package var reason: String
        package var note: String
    }

    package struct Skip: Encodable, Sendable {
        package var supplierId: String
        package var reason: String
    }

    package struct Allocation: Encodable, Sendable {
        package var cycle: Int
        package var position: Int
        package var skipped: [Skip]
    }

    package var agreementId: String
    package var agreementNo: String
    package var lotNo: Int
    package var method: String
    package var supplierId: String
    package var memberId: String
    package var agreedPriceFen: Fen
    package var selection: Selection?
    package var allocation: Allocation?
    package var placement: PlacementResponse
}
