import Foundation
import MallCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Report exports: CSV for Excel and standalone SVG charts (issue 6 point 4)")
struct ReportRenderingTests {
    static let period = ReportPeriod("2026") ?? .year(2026)

    static func measures(paid: Int64, sme: Int64, smallMicro: Int64, scope: Int64, green: Int64) -> PolicyMeasures {
        PolicyMeasures(
            paid: Fen(paid), sme: Fen(sme), smallMicro: Fen(smallMicro), poverty: .zero, greenScope: Fen(scope),
            green: Fen(green), mandatory: .zero, mandatoryUncertified: .zero)
    }

    /// Whether `text` is well-formed XML.
    static func wellFormed(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test("CSV starts with the UTF-8 byte order mark, uses CRLF, quotes per RFC 4180 and shows money in 元")
    func csv() throws {
        var table = ReportTable(headers: ["地区", "金额（元）", "占比（%）", "是否达标"])
        table.rows = [
            [.text("北京市, 东城区"), .fen(Fen(123_405)), .share(BasisPoints(8_000)), .bool(true)],
            [.text("说\"明\""), .fen(Fen(-5)), .share(.zero), .bool(false)],
            [.text("=HYPERLINK(\"x\")"), .int(3), .empty, .text("ok")],
        ]
        let bytes = table.csvBytes()
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = table.csv()
        #expect(
            text == "\u{FEFF}地区,金额（元）,占比（%）,是否达标\r\n\"北京市, 东城区\",1234.05,80.00%,是\r\n"
                + "\"说\"\"明\"\"\",-0.05,0.00%,否\r\n\"'=HYPERLINK(\"\"x\"\")\",3,,ok\r\n")
        // Our own parser reads it back (the byte order mark is skipped).
        #expect(try CSV.parse(text).first == ["地区", "金额（元）", "占比（%）", "是否达标"])
    }

    @Test("the 832 report table has a total row and the shortfall")
    func povertyTable() {
        let report = PolicyReports.Poverty(
            scopeName: "北京市", period: Self.period, groupBy: .unit,
            rows: [
                .init(key: "u1", name: "东城一中", progress: PovertyProgress(reserved: Fen(100_000), paid: Fen(40_000))),
                .init(key: "u2", name: "朝阳医院", progress: PovertyProgress(reserved: Fen(10_000), paid: Fen(20_000))),
            ])
        let table = report.table()
        #expect(table.headers.first == "单位编号" && table.headers.contains("差额（元）"))
        #expect(table.rows.last == [.text("合计"), .text(""), .fen(Fen(110_000)), .fen(Fen(60_000)), .fen(Fen(50_000)),
                                    .share(BasisPoints(5_454))])
        #expect(report.title.contains("2026年") && report.title.contains("832"))
    }

    @Test("the monthly 832 trend chart is well-formed SVG with title, axes in 元, months and the reserved line")
    func trendChart() {
        var monthly = Array(repeating: Fen.zero, count: 12)
        monthly[0] = Fen(1_234_500)
        monthly[2] = Fen(2_000_000)
        let trend = PolicyReports.PovertyTrend(scopeName: "东城一中", year: 2026, monthly: monthly, reserved: Fen(5_000_000))
        let svg = trend.svg()
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("<title>东城一中 2026年 832 产品采购月度趋势</title>"))
        #expect(svg.contains("金额（元）") && svg.contains("月份") && svg.contains(">1月<") && svg.contains(">12月<"))
        #expect(svg.contains("年度预留：50,000 元") && svg.contains("32,345 元"))
        #expect(Self.wellFormed(svg))
        #expect(trend.cumulative.last == Fen(3_234_500) && trend.progress.shortfall == Fen(1_765_500))
        #expect(trend.table().rows.count == 12)
    }

    @Test("share charts show each row's percentage and amounts, the target line, and escape names")
    func shareCharts() {
        let rows = [
            PolicyReports.MeasureRow(
                key: "110000", name: "北京市 <本级> & 区",
                measures: Self.measures(paid: 100_000, sme: 60_000, smallMicro: 30_000, scope: 50_000, green: 45_000)),
            PolicyReports.MeasureRow(
                key: "530000", name: "云南省",
                measures: Self.measures(paid: 10_000, sme: 0, smallMicro: 0, scope: 10_000, green: 1_000)),
        ]
        let green = PolicyReports.Green(
            scopeName: "全国", period: Self.period, groupBy: .region, rows: rows, target: .percent(80))
        let svg = green.svg()
        #expect(Self.wellFormed(svg))
        #expect(svg.contains("北京市 &lt;本级&gt; &amp; 区") && svg.contains("目标 80.00%") && svg.contains("占比（%）"))
        #expect(svg.contains("90.00%") && svg.contains("450 元 / 500 元"))
        #expect(green.meetsTarget(rows[0].measures) && !green.meetsTarget(rows[1].measures))
        #expect(green.table().rows.last?[4] == .share(BasisPoints(7_666)))
        let sme = PolicyReports.SME(scopeName: "全国", period: Self.period, groupBy: .region, rows: rows)
        #expect(Self.wellFormed(sme.svg()) && sme.svg().contains("60.00%"))
        #expect(sme.table().headers.contains("小微企业占比（%）"))
        let empty = PolicyReports.SME(scopeName: "全国", period: Self.period, groupBy: .unit, rows: [])
        #expect(Self.wellFormed(empty.svg()) && empty.svg().contains("本期无数据"))
    }

    @Test("axis ticks step 1-2-5 and cover the data; labels group thousands")
    func ticks() {
        #expect(SVGChart.niceTicks(minimum: 0, maximum: 0) == [0, 100])
        let ticks = SVGChart.niceTicks(minimum: 0, maximum: 3_234_500)
        #expect(ticks.first == 0 && (ticks.last ?? 0) >= 3_234_500 && ticks.count <= 7)
        #expect(SVGChart.yuanLabel(123_456_789) == "1,234,567.89" && SVGChart.yuanLabel(-100) == "-1")
    }
}
