import Foundation
import MallCore
import MallStore

// MARK: - Canteen filings (DOMAIN.md §V2)

/// `POST /api/v1/canteen-filings`.
package struct CreateCanteenFilingRequest: Decodable, Sendable {
    package var fiscalYear: Int
    package var kind: String
    package var foodBudgetFen: Fen?
    package var reservedRatioBp: Int?
    package var representativeUnitId: String?
}

/// `POST /api/v1/canteen-filings/{id}/return` (and, optionally, `/approve`).
package struct FilingReviewRequest: Decodable, Sendable {
    package var reason: String?
}

/// A canteen filing.
package struct CanteenFilingResponse: Encodable, Sendable {
    package var id: String
    package var unitId: String
    package var unitName: String
    package var regionCode: String
    package var reviewerOrgId: String?
    package var reviewerName: String?
    package var fiscalYear: Int
    package var kind: String
    package var foodBudgetFen: Fen?
    package var reservedRatioBp: Int?
    package var reservedFen: Fen
    package var representativeUnitId: String?
    package var state: String
    package var late: Bool
    package var reviewReason: String?
    package var reviewedAt: Date?
    package var version: Int
    package var createdAt: Date

    package init(_ record: CanteenFilingStore.Record) {
        id = record.id.description
        unitId = record.unitID.description
        unitName = record.unitName
        regionCode = record.regionCode
        reviewerOrgId = record.reviewerOrgID?.description
        reviewerName = record.reviewerName
        fiscalYear = record.fiscalYear
        kind = record.kind.rawValue
        foodBudgetFen = record.foodBudgetFen
        reservedRatioBp = record.reservedRatio.map { Int($0.rawValue) }
        reservedFen = record.reservedFen
        representativeUnitId = record.representativeUnitID?.description
        state = record.state.rawValue
        late = record.late
        reviewReason = record.reviewReason
        reviewedAt = record.reviewedAt
        version = record.version
        createdAt = record.createdAt
    }
}

// MARK: - Refunds (DOMAIN.md §V3)

/// `POST /api/v1/orders/{id}/refunds`.
package struct CreateRefundRequest: Decodable, Sendable {
    package var amountFen: Fen
    package var reason: String
    package var refundedOn: String?
}

/// A refund with its part of each line.
package struct RefundResponse: Encodable, Sendable {
    package struct Line: Encodable, Sendable {
        package var lineNo: Int
        package var amountFen: Fen
    }

    package var id: String
    package var orderId: String
    package var amountFen: Fen
    package var refundedOn: String
    package var reason: String
    package var createdAt: Date
    package var lines: [Line]

    package init(_ record: RefundStore.Record) {
        id = record.id.description
        orderId = record.orderID.description
        amountFen = record.amountFen
        refundedOn = record.refundedOn.description
        reason = record.reason
        createdAt = record.createdAt
        lines = record.lines.map { Line(lineNo: $0.lineNo, amountFen: $0.amountFen) }
    }
}

/// The refunds of an order.
package struct RefundListResponse: Encodable, Sendable {
    package var items: [RefundResponse]
    package var refundedFen: Fen
}

// MARK: - Contract notices (DOMAIN.md §O6)

/// `POST /api/v1/contract-notices/{id}/publish`.
package struct PublishNoticeRequest: Decodable, Sendable {
    package var url: String?
}

/// A contract notice, with whether it is late as of today.
package struct ContractNoticeResponse: Encodable, Sendable {
    package var id: String
    package var orderId: String
    package var orderNo: String
    package var unitId: String
    package var unitName: String
    package var supplierId: String
    package var supplierName: String
    package var regionCode: String
    package var signedOn: String
    package var dueOn: String
    package var dueOnProvisional: Bool
    package var publishedOn: String?
    package var url: String?
    package var late: Bool
    package var daysLate: Int
    package var version: Int
    package var createdAt: Date

    package init(_ record: ContractNoticeStore.Record, today: LocalDate) {
        id = record.id.description
        orderId = record.orderID.description
        orderNo = record.orderNo
        unitId = record.unitID.description
        unitName = record.unitName
        supplierId = record.supplierID.description
        supplierName = record.supplierName
        regionCode = record.regionCode
        signedOn = record.signedOn.description
        dueOn = record.dueOn.description
        dueOnProvisional = record.dueOnProvisional
        publishedOn = record.publishedOn?.description
        url = record.url
        late = ContractNoticeRule.isLate(dueOn: record.dueOn, publishedOn: record.publishedOn, today: today)
        daysLate = ContractNoticeRule.daysLate(dueOn: record.dueOn, publishedOn: record.publishedOn, today: today)
        version = record.version
        createdAt = record.createdAt
    }
}

// MARK: - Warnings feed (issue 6 point 3)

/// One warning of the feed. Splitting warnings keep the fields of issue 4 (`rule`, `threshold`, `thresholdFen`,
/// `sumFen`, `triggeredBy`, `orderIds`, …) at the top level; every kind has `records` and `details`.
package struct WarningResponse: Encodable, Sendable {
    package var id: String
    package var kind: String
    package var rule: String
    package var regionCode: String
    package var unitId: String?
    package var unitName: String?
    package var supplierId: String?
    package var supplierName: String?
    package var occurredAt: Date
    package var occurredOn: String
    package var amountFen: Fen?
    package var message: String
    package var records: [WarningFeedStore.RecordRef]
    package var details: [String: JSONValue]
    // Splitting warnings (DOMAIN.md §T), as in issue 4.
    package var threshold: String?
    package var thresholdFen: Int64?
    package var sumFen: Int64?
    package var categoryCode: String?
    package var budgetProject: String?
    package var fiscalYear: Int64?
    package var triggeredBy: String?
    package var orderIds: [String]?
    package var createdAt: Date?

    package init(_ item: WarningFeedStore.Item) {
        id = item.id.lowercasedString
        kind = item.kind.rawValue
        rule = item.kind.rule
        regionCode = item.regionCode
        unitId = item.unitID?.description
        unitName = item.unitName
        supplierId = item.supplierID?.description
        supplierName = item.supplierName
        occurredAt = item.occurredAt
        occurredOn = item.occurredOn.description
        amountFen = item.amountFen
        message = item.message
        records = item.records
        details = item.details
        if item.kind == .splitSuspected || item.kind == .splitSuspectedNearLimit {
            if case .string(let rule)? = item.details["rule"] { self.rule = rule }
            if case .string(let value)? = item.details["threshold"] { threshold = value }
            if case .int(let value)? = item.details["thresholdFen"] { thresholdFen = value }
            if case .int(let value)? = item.details["sumFen"] { sumFen = value }
            if case .string(let value)? = item.details["categoryCode"] { categoryCode = value }
            if case .string(let value)? = item.details["budgetProject"] { budgetProject = value }
            if case .int(let value)? = item.details["fiscalYear"] { fiscalYear = value }
            if case .string(let value)? = item.details["triggeredBy"] { triggeredBy = value }
            orderIds = item.records.filter { $0.type == "order" }.map(\.id)
            createdAt = item.occurredAt
        }
    }
}

// MARK: - Reports (DOMAIN.md §V3, §G2, §G3)

/// 832 progress of one row.
package struct PovertyRowResponse: Encodable, Sendable {
    package var key: String
    package var name: String
    package var reservedFen: Fen
    package var paidFen: Fen
    package var shortfallFen: Fen
    package var progressBp: Int

    init(key: String, name: String, _ progress: PovertyProgress) {
        self.key = key
        self.name = name
        reservedFen = progress.reserved
        paidFen = progress.paid
        shortfallFen = progress.shortfall
        progressBp = Int(progress.progress.rawValue)
    }
}

/// `GET /api/v1/reports/poverty`.
package struct PovertyReportResponse: Encodable, Sendable {
    package var title: String
    package var period: String
    package var groupBy: String
    package var povertyListVersion: String
    package var rows: [PovertyRowResponse]
    package var total: PovertyRowResponse

    package init(_ report: PolicyReports.Poverty, listVersion: String) {
        title = report.title
        period = report.period.description
        groupBy = report.groupBy.rawValue
        povertyListVersion = listVersion
        rows = report.rows.map { PovertyRowResponse(key: $0.key, name: $0.name, $0.progress) }
        total = PovertyRowResponse(key: "total", name: "合计", report.total)
    }
}

/// `GET /api/v1/reports/poverty/trend`.
package struct PovertyTrendResponse: Encodable, Sendable {
    package struct Month: Encodable, Sendable {
        package var month: String
        package var paidFen: Fen
        package var cumulativeFen: Fen
    }

    package var title: String
    package var year: Int
    package var scope: String
    package var reservedFen: Fen
    package var paidFen: Fen
    package var shortfallFen: Fen
    package var progressBp: Int
    package var months: [Month]

    package init(_ trend: PolicyReports.PovertyTrend) {
        title = trend.title
        year = trend.year
        scope = trend.scopeName
        let progress = trend.progress
        reservedFen = progress.reserved
        paidFen = progress.paid
        shortfallFen = progress.shortfall
        progressBp = Int(progress.progress.rawValue)
        months = zip(trend.monthly, trend.cumulative).enumerated().map { index, pair in
            Month(month: "\(trend.year)-\(index < 9 ? "0" : "")\(index + 1)", paidFen: pair.0, cumulativeFen: pair.1)
        }
    }
}

/// One row of the SME report.
package struct SMERowResponse: Encodable, Sendable {
    package var key: String
    package var name: String
    package var paidFen: Fen
    package var smeFen: Fen
    package var smallMicroFen: Fen
    package var smeShareBp: Int
    package var smallMicroShareBp: Int

    init(key: String, name: String, _ m: PolicyMeasures) {
        self.key = key
        self.name = name
        paidFen = m.paid
        smeFen = m.sme
        smallMicroFen = m.smallMicro
        smeShareBp = Int(m.smeShare.rawValue)
        smallMicroShareBp = Int(m.smallMicroShare.rawValue)
    }
}

/// `GET /api/v1/reports/sme`.
package struct SMEReportResponse: Encodable, Sendable {
    package var title: String
    package var period: String
    package var groupBy: String
    package var rows: [SMERowResponse]
    package var total: SMERowResponse

    package init(_ report: PolicyReports.SME) {
        title = report.title
        period = report.period.description
        groupBy = report.groupBy.rawValue
        rows = report.rows.map { SMERowResponse(key: $0.key, name: $0.name, $0.measures) }
        total = SMERowResponse(key: "total", name: "合计", report.total)
    }
}

/// One row of the green report.
package struct GreenRowResponse: Encodable, Sendable {
    package var key: String
    package var name: String
    package var greenScopeFen: Fen
    package var greenFen: Fen
    package var greenShareBp: Int
    package var meetsTarget: Bool
    package var mandatoryFen: Fen
    package var mandatoryViolationFen: Fen
}

/// `GET /api/v1/reports/green`.
package struct GreenReportResponse: Encodable, Sendable {
    package var title: String
    package var period: String
    package var groupBy: String
    package var targetBp: Int
    package var rows: [GreenRowResponse]
    package var total: GreenRowResponse

    package init(_ report: PolicyReports.Green) {
        func row(_ key: String, _ name: String, _ m: PolicyMeasures) -> GreenRowResponse {
            GreenRowResponse(
                key: key, name: name, greenScopeFen: m.greenScope, greenFen: m.green,
                greenShareBp: Int(m.greenShare.rawValue), meetsTarget: report.meetsTarget(m), mandatoryFen: m.mandatory,
                mandatoryViolationFen: m.mandatoryUncertified)
        }
        title = report.title
        period = report.period.description
        groupBy = report.groupBy.rawValue
        targetBp = Int(report.target.rawValue)
        rows = report.rows.map { row($0.key, $0.name, $0.measures) }
        total = row("total", "合计", report.total)
    }
}

/// One mandatory-category violation (DOMAIN.md §G3).
package struct GreenViolationResponse: Encodable, Sendable {
    package var orderId: String
    package var orderNo: String
    package var lineNo: Int
    package var unitId: String
    package var unitName: String
    package var supplierId: String
    package var supplierName: String
    package var regionCode: String
    package var categoryCode: String
    package var title: String
    package var amountFen: Fen
    package var paidOn: String

    package init(_ v: PolicyReportStore.Violation) {
        orderId = v.orderID.description
        orderNo = v.orderNo
        lineNo = v.lineNo
        unitId = v.unitID.description
        unitName = v.unitName
        supplierId = v.supplierID.description
        supplierName = v.supplierName
        regionCode = v.regionCode
        categoryCode = v.categoryCode
        title = v.title
        amountFen = v.amountFen
        paidOn = v.paidOn.description
    }
}
