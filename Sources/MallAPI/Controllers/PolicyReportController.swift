import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore
import NIOCore

/// Policy reports (DOMAIN.md §V3, §G2, §G3; issue 6 points 1, 2, 4): 832 progress, its monthly trend, SME and
/// green shares, mandatory green violations. Each as JSON (default), CSV (`?format=csv`: UTF-8 with a byte order
/// mark, Chinese headers) and, for the trend and the share reports, SVG (`?format=svg`).
///
/// Who sees what: a unit its own purchases and those of the units it is parent department of, a regulator its
/// region (and any region inside it), an operator everything. Reports read the roll-ups only.
package struct PolicyReportController: Sendable {
    let reports: PolicyReportStore
    let settings: PolicySettings
    let now: @Sendable () -> Date

    package init(reports: PolicyReportStore, settings: PolicySettings, now: @escaping @Sendable () -> Date) {
        self.reports = reports
        self.settings = settings
        self.now = now
    }

    static let readers: Set<Role> = [.buyer, .approver, .regulator, .operator]

    package var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/api/v1/reports/poverty", .roles(Self.readers, poverty)),
            Endpoint(.get, "/api/v1/reports/poverty/trend", .roles(Self.readers, povertyTrend)),
            Endpoint(.get, "/api/v1/reports/sme", .roles(Self.readers, sme)),
            Endpoint(.get, "/api/v1/reports/green", .roles(Self.readers, green)),
            Endpoint(.get, "/api/v1/reports/green/violations", .roles(Self.readers, violations)),
        ]
    }

    // MARK: - Request parsing

    enum Format: String { case json, csv, svg }

    static func format(_ request: Request, allowed: [Format]) throws -> Format {
        guard let raw = request.uri.queryParameters["format"] else { return .json }
        guard let format = Format(rawValue: String(raw)), allowed.contains(format) else {
            throw Problem.invalidQuery(field: "format", message: allowed.map(\.rawValue).joined(separator: ", "))
        }
        return format
    }

    /// The scope of the principal, narrowed to `region=` when given (regulators: within their own region).
    struct Resolved {
        var scope: PolicyReportStore.Scope
        var scopeName: String
        /// The region whose children a region grouping lists (`nil`: provinces).
        var parent: RegionCode?
    }

    func resolve(_ request: Request, _ principal: Principal, context: AppRequestContext) async throws -> Resolved {
        let query = request.uri.queryParameters
        var region: RegionCode?
        if let raw = query["region"] {
            guard let code = RegionCode(String(raw)) else {
                throw Problem.invalidQuery(field: "region", message: "a 6-digit region code")
            }
            region = code
        }
        switch principal.organisationKind {
        case .operator:
            guard let region else { return Resolved(scope: .all, scopeName: "全国", parent: nil) }
            guard let name = try await reports.name(region: region, logger: context.logger) else {
                throw DomainError.notFound("region \(region)")
            }
            return Resolved(scope: .region(region), scopeName: name, parent: region)
        case .regulator:
            let wanted = region ?? principal.regionCode
            guard wanted.isWithin(principal.regionCode),
                let name = try await reports.name(region: wanted, logger: context.logger)
            else { throw DomainError.notFound("region \(wanted)") }
            return Resolved(scope: .region(wanted), scopeName: name, parent: wanted)
        case .unit, .supplier:
            if region != nil {
                throw Problem.invalidQuery(
                    field: "region", message: "a unit reports on its own purchases and those of its departments")
            }
            return Resolved(scope: .unit(principal.organisationID), scopeName: principal.organisationName, parent: nil)
        }
    }

    func groupBy(_ request: Request, _ principal: Principal) throws -> PolicyReports.GroupBy {
        guard let raw = request.uri.queryParameters["by"] else {
            return principal.organisationKind == .unit ? .unit : .region
        }
        guard let groupBy = PolicyReports.GroupBy(rawValue: String(raw)) else {
            throw Problem.invalidQuery(field: "by", message: "unit, department or region")
        }
        return groupBy
    }

    func period(_ request: Request) throws -> ReportPeriod {
        guard let raw = request.uri.queryParameters["period"] else { return .year(LocalDate(now()).year) }
        guard let period = ReportPeriod(String(raw)) else {
            throw Problem.invalidQuery(field: "period", message: "a year (2026), a quarter (2026-Q2) or a month (2026-05)")
        }
        return period
    }

    static func grouping(_ groupBy: PolicyReports.GroupBy, parent: RegionCode?) -> PolicyReportStore.Grouping {
        switch groupBy {
        case .unit: .unit
        case .department: .department
        case .region: .region(parent: parent)
        }
    }

    // MARK: - Responses

    static func csv(_ table: ReportTable, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(filename).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: table.csvBytes())))
    }

    static func svg(_ text: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "image/svg+xml; charset=utf-8",
                .contentDisposition: "inline; filename=\"\(filename).svg\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: - 832 (DOMAIN.md §V3)

    @Sendable func poverty(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let format = try Self.format(request, allowed: [.json, .csv])
        let groupBy = try groupBy(request, principal)
        let period = try period(request)
        let resolved = try await resolve(request, principal, context: context)
        let grouping = Self.grouping(groupBy, parent: resolved.parent)
        let paid = try await reports.measures(
            scope: resolved.scope, grouping: grouping, from: period.firstMonth, to: period.lastMonth,
            logger: context.logger)
        let reserved = try await reports.reserved(
            scope: resolved.scope, grouping: grouping, fiscalYear: period.year, logger: context.logger)
        var rows: [String: PolicyReports.Poverty.Row] = [:]
        for row in reserved {
            rows[row.key] = .init(key: row.key, name: row.name, progress: PovertyProgress(reserved: row.reserved, paid: .zero))
        }
        for row in paid {
            let reservedFen = rows[row.key]?.progress.reserved ?? .zero
            rows[row.key] = .init(
                key: row.key, name: row.name, progress: PovertyProgress(reserved: reservedFen, paid: row.measures.poverty))
        }
        let report = PolicyReports.Poverty(
            scopeName: resolved.scopeName, period: period, groupBy: groupBy,
            rows: rows.values.sorted { $0.key < $1.key })
        switch format {
        case .csv: return Self.csv(report.table(), filename: "poverty-\(period)")
        default:
            return try .json(PovertyReportResponse(report, listVersion: ReferenceDataStore.povertyListVersion))
        }
    }

    @Sendable func povertyTrend(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let format = try Self.format(request, allowed: [.json, .csv, .svg])
        let year = try request.uri.queryParameters["year"].map { raw -> Int in
            guard let year = Int(String(raw)), (2000...2100).contains(year) else {
                throw Problem.invalidQuery(field: "year", message: "a year from 2000 to 2100")
            }
            return year
        } ?? LocalDate(now()).year
        var resolved = try await resolve(request, principal, context: context)
        if let raw = request.uri.queryParameters["unit"] {
            guard let unit = ID<Organisation>(String(raw)) else {
                throw Problem.invalidQuery(field: "unit", message: "an organisation id")
            }
            resolved = try await unitScope(unit, principal, context: context)
        }
        let months = try await reports.measures(
            scope: resolved.scope, grouping: .month, from: ReportPeriod.year(year).firstMonth,
            to: ReportPeriod.year(year).lastMonth, logger: context.logger)
        let reserved = try await reports.reserved(
            scope: resolved.scope, grouping: .month, fiscalYear: year, logger: context.logger)
        var monthly = Array(repeating: Fen.zero, count: 12)
        for row in months {
            if let month = Int(row.key.suffix(2)), (1...12).contains(month) { monthly[month - 1] = row.measures.poverty }
        }
        let trend = PolicyReports.PovertyTrend(
            scopeName: resolved.scopeName, year: year, monthly: monthly,
            reserved: reserved.reduce(Fen.zero) { $0 + $1.reserved })
        switch format {
        case .csv: return Self.csv(trend.table(), filename: "poverty-trend-\(year)")
        case .svg: return Self.svg(trend.svg(), filename: "poverty-trend-\(year)")
        case .json: return try .json(PovertyTrendResponse(trend))
        }
    }

    /// The scope of one unit (and its departments' units) when the principal may see it: 404 otherwise.
    func unitScope(_ unit: ID<Organisation>, _ principal: Principal, context: AppRequestContext) async throws
        -> Resolved
    {
        guard let (name, region, parent) = try await reports.unit(unit, logger: context.logger) else {
            throw DomainError.notFound("unit \(unit)")
        }
        let visible =
            switch principal.organisationKind {
            case .operator: true
            case .regulator: RegionCode(region)?.isWithin(principal.regionCode) ?? false
            case .unit: unit == principal.organisationID || parent == principal.organisationID
            case .supplier: false
            }
        guard visible else { throw DomainError.notFound("unit \(unit)") }
        return Resolved(scope: .unit(unit), scopeName: name, parent: nil)
    }

    // MARK: - Shares (DOMAIN.md §G2, §G3)

    func measureRows(_ request: Request, _ principal: Principal, context: AppRequestContext) async throws
        -> (Resolved, PolicyReports.GroupBy, ReportPeriod, [PolicyReports.MeasureRow])
    {
        let groupBy = try groupBy(request, principal)
        let period = try period(request)
        let resolved = try await resolve(request, principal, context: context)
        let rows = try await reports.measures(
            scope: resolved.scope, grouping: Self.grouping(groupBy, parent: resolved.parent), from: period.firstMonth,
            to: period.lastMonth, logger: context.logger)
        return (resolved, groupBy, period, rows.map { .init(key: $0.key, name: $0.name, measures: $0.measures) })
    }

    @Sendable func sme(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let format = try Self.format(request, allowed: [.json, .csv, .svg])
        let (resolved, groupBy, period, rows) = try await measureRows(request, principal, context: context)
        let report = PolicyReports.SME(scopeName: resolved.scopeName, period: period, groupBy: groupBy, rows: rows)
        switch format {
        case .csv: return Self.csv(report.table(), filename: "sme-\(period)")
        case .svg: return Self.svg(report.svg(), filename: "sme-\(period)")
        case .json: return try .json(SMEReportResponse(report))
        }
    }

    @Sendable func green(_ request: Request, context: AppRequestContext, principal: Principal) async throws -> Response {
        let format = try Self.format(request, allowed: [.json, .csv, .svg])
        let (resolved, groupBy, period, rows) = try await measureRows(request, principal, context: context)
        let report = PolicyReports.Green(
            scopeName: resolved.scopeName, period: period, groupBy: groupBy, rows: rows, target: settings.greenTarget)
        switch format {
        case .csv: return Self.csv(report.table(), filename: "green-\(period)")
        case .svg: return Self.svg(report.svg(), filename: "green-\(period)")
        case .json: return try .json(GreenReportResponse(report))
        }
    }

    @Sendable func violations(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let format = try Self.format(request, allowed: [.json, .csv])
        let page = try PageRequest(request)
        let period = try period(request)
        let resolved = try await resolve(request, principal, context: context)
        var cursor: (String, UUID)?
        if let raw = page.cursor {
            let decoded = try Cursor(encoded: raw)
            guard let id = decoded.id else { throw DomainError(.invalidCursor, "the cursor is not one this server issued") }
            cursor = (decoded.key, id)
        }
        let lastDay = period.lastMonth.adding(days: 31)
        let to = LocalDate(year: lastDay.year, month: lastDay.month, day: 1)?.adding(days: -1) ?? period.lastMonth
        // CSV is the whole list (up to 10 000 rows); JSON is paged.
        let limit = format == .csv ? 10_000 : page.limit + 1
        let rows = try await reports.violations(
            scope: resolved.scope, from: period.firstMonth, to: to, after: format == .csv ? nil : cursor, limit: limit,
            logger: context.logger)
        if format == .csv {
            var table = ReportTable(headers: [
                "订单号", "行号", "采购单位", "供应商", "行政区划代码", "品目编码", "商品名称", "金额（元）", "支付日期",
            ])
            table.rows = rows.map {
                [.text($0.orderNo), .int($0.lineNo), .text($0.unitName), .text($0.supplierName), .text($0.regionCode),
                 .text($0.categoryCode), .text($0.title), .fen($0.amountFen), .text($0.paidOn.description)]
            }
            return Self.csv(table, filename: "green-violations-\(period)")
        }
        let items = rows.prefix(page.limit)
        let next =
            rows.count > page.limit ? items.last.map { Cursor(key: $0.cursorKey, id: $0.orderID.uuid).encoded } : nil
        return try .json(Page(items: items.map(GreenViolationResponse.init), nextCursor: next))
    }
}
