import Foundation
import MallCore
import Testing

@Suite("Import rows: the CSV columns and cell syntax of a listing import (issue 3 point 5)")
struct ImportRowTests {
    static let minimal: [String: String] = [
        "categoryCode": "A02010108", "title": "联想 ThinkPad E14 便携式计算机", "brand": "联想", "model": "E14",
        "unit": "台", "priceFen": "459900",
    ]

    static func row(_ extra: [String: String]) throws(DomainError) -> ImportRow {
        try ImportRow(cells: minimal.merging(extra) { $1 })
    }

    static func fields(_ extra: [String: String]) -> [DomainError.FieldError] {
        do {
            _ = try row(extra)
            return []
        } catch {
            return error.fields
        }
    }

    // MARK: - Header

    @Test("header names match ignoring case and spaces; specs.<attribute> columns keep the attribute's case")
    func header() throws {
        let header = try ImportRow.Header([
            " CategoryCode", "TITLE", "brand", "model", "unit", "pricefen", "specs.CPU型号", "Specs.分辨率", "",
        ])
        #expect(
            header.columns == [
                "categoryCode", "title", "brand", "model", "unit", "priceFen", "specs.CPU型号", "specs.分辨率", "",
            ])
    }

    @Test("an unusable header reports every unknown, repeated and missing column at once")
    func badHeader() {
        do {
            _ = try ImportRow.Header(["title", "brand", "品牌", "title", "priceFen", "specs."])
            Issue.record("the header was accepted")
        } catch {
            let problems = error.fields.map { "\($0.code) \($0.field)" }
            #expect(
                problems == [
                    "unknown 品牌", "duplicate title", "unknown specs.", "missing categoryCode", "missing model",
                    "missing unit",
                ])
        }
    }

    @Test("a value under a nameless column or past the header is an error, not silently dropped")
    func unnamedColumn() throws {
        let header = try ImportRow.Header(["categoryCode", "title", "brand", "model", "unit", "priceFen", ""])
        let cells = try header.cells(of: ["A02010108", "t", "b", "m", "台", "1", ""])
        #expect(cells["priceFen"] == "1")
        #expect(throws: DomainError.self) { try header.cells(of: ["A02010108", "t", "b", "m", "台", "1", "x"]) }
        #expect(throws: DomainError.self) { try header.cells(of: ["A02010108", "t", "b", "m", "台", "1", "", "y"]) }
    }

    // MARK: - Cells

    @Test("a row with every column in the list syntax")
    func fullRow() throws {
        let row = try Self.row([
            "categoryCode": " a02010108 ",
            "specs": "CPU型号=i5-1335U；内存=16GB",
            "specs.分辨率": "1920x1080",
            "specs.颜色": "",
            "tiers": "10:450000; 50：440000;",
            "fees": "delivery:0:per_line:市内送货上门: 工作日;installation:5000:per_unit",
            "stock": "120",
            "leadTimeDays": " 3 ",
            "deliveryRegions": "110000;310000, 440300 530000",
            "imageUrls": "https://img.example.cn/a.jpg;https://img.example.cn/x,w_100.jpg https://img.example.cn/b.jpg",
            "greenCertificates": "energy_saving:中国质量认证中心:CQC12345:2027-12-31;eco_label:环境认证中心:Lab:1:EL-9:2026-06-30",
            "governmentOnly": "否",
            "referencePrices":
                "ecommerce|京东自营|460000|2026-03-01|https://item.jd.com/100.html;"
                + "manufacturer|联想官网|470000|2026-03-01T10:00:00+08:00",
        ])
        #expect(row.content.categoryCode == "A02010108")
        #expect(
            row.content.specs == ["CPU型号": .string("i5-1335U"), "内存": .string("16GB"), "分辨率": .string("1920x1080")])
        #expect(
            row.content.tiers == [
                .init(minQuantity: 10, unitPriceFen: Fen(450_000)), .init(minQuantity: 50, unitPriceFen: Fen(440_000)),
            ])
        #expect(
            row.content.fees == [
                .init(kind: .delivery, amountFen: Fen(0), perUnit: false, description: "市内送货上门: 工作日"),
                .init(kind: .installation, amountFen: Fen(5000), perUnit: true, description: ""),
            ])
        #expect(row.stock == 120)
        #expect(row.leadTimeDays == 3)
        #expect(row.content.deliveryRegions.map(\.rawValue) == ["110000", "310000", "440300", "530000"])
        #expect(
            row.content.imageUrls == [
                "https://img.example.cn/a.jpg", "https://img.example.cn/x,w_100.jpg", "https://img.example.cn/b.jpg",
            ])
        #expect(
            row.content.greenCertificates == [
                .init(
                    kind: .energySaving, certifier: "中国质量认证中心", number: "CQC12345",
                    validUntil: try #require(LocalDate("2027-12-31"))),
                .init(
                    kind: .ecoLabel, certifier: "环境认证中心:Lab:1", number: "EL-9",
                    validUntil: try #require(LocalDate("2026-06-30"))),
            ])
        #expect(row.content.governmentOnly == false)
        #expect(row.references.count == 2)
        // 2026-03-01 00:00 China time is 2026-02-28 16:00 UTC.
        #expect(
            row.references[0]
                == .init(
                    kind: "ecommerce", source: "京东自营", url: "https://item.jd.com/100.html", priceFen: Fen(460_000),
                    capturedAt: Date(timeIntervalSince1970: 1_772_294_400)))
        #expect(row.references[1].capturedAt == Date(timeIntervalSince1970: 1_772_330_400))
        #expect(row.references[1].url == nil)
    }

    @Test("optional columns default: stock and lead time 0, no tiers, not government-only")
    func defaults() throws {
        let row = try Self.row([:])
        #expect(row.stock == 0 && row.leadTimeDays == 0)
        #expect(row.content.tiers.isEmpty && row.content.fees.isEmpty && row.content.specs.isEmpty)
        #expect(row.content.governmentOnly == false)
        #expect(row.references.isEmpty)
    }

    @Test("a cell starting with [ or { is JSON in the shape of the POST /api/v1/listings body")
    func jsonCells() throws {
        let row = try Self.row([
            "specs": #"{"接口":"USB;HDMI","核数":8}"#,
            "tiers": #"[{"minQuantity":10,"unitPriceFen":450000}]"#,
            "fees": #"[{"kind":"parts","amountFen":100,"perUnit":true,"description":"a;b"}]"#,
            "greenCertificates": #"[{"kind":"eco_label","certifier":"c","number":"n","validUntil":"2027-01-01"}]"#,
            "deliveryRegions": #"["110000"]"#,
            "referencePrices":
                #"[{"kind":"manufacturer","source":"s","priceFen":1,"capturedAt":"2026-03-01T00:00:00Z"}]"#,
        ])
        #expect(row.content.specs == ["接口": .string("USB;HDMI"), "核数": .int(8)])
        #expect(row.content.tiers.count == 1)
        #expect(row.content.fees.first?.description == "a;b")
        #expect(row.content.greenCertificates.first?.kind == .ecoLabel)
        #expect(row.content.deliveryRegions.map(\.rawValue) == ["110000"])
        #expect(row.references.first?.capturedAt == Date(timeIntervalSince1970: 1_772_323_200))
    }

    @Test("every unreadable cell is reported at once, by column")
    func cellErrors() {
        let fields = Self.fields([
            "priceFen": "4599.00", "stock": "很多", "tiers": "10-1200", "fees": "shipping:5:per_line",
            "deliveryRegions": "110000;11000", "greenCertificates": "energy_saving:c:n:2027-13-01",
            "governmentOnly": "maybe", "referencePrices": "ecommerce|jd|abc|2026-03-01", "specs": "内存16GB",
        ])
        #expect(
            Set(fields.map(\.field)) == [
                "priceFen", "stock", "tiers", "fees", "deliveryRegions", "greenCertificates", "governmentOnly",
                "referencePrices", "specs",
            ])
        #expect(fields.allSatisfy { $0.code == "invalid" })
        #expect(fields.first { $0.field == "deliveryRegions" }?.message.hasPrefix("item 2 (11000)") == true)
    }

    @Test("a missing price is required; an attribute named both in specs and specs.<name> is a duplicate")
    func requiredAndDuplicate() {
        #expect(Self.fields(["priceFen": " "]).map(\.code) == ["required"])
        let duplicate = Self.fields(["specs": "分辨率=1080p", "specs.分辨率": "1920x1080"])
        #expect(duplicate.map(\.field) == ["specs.分辨率"])
        #expect(duplicate.map(\.code) == ["duplicate"])
    }

    @Test("a parsed row satisfies the listing rules when its category's required attributes are given")
    func rulesApply() throws {
        let category = CategoryInfo(code: "A02010108", name: "便携式计算机", isLeaf: true, requiredAttributes: ["分辨率"])
        let row = try Self.row(["specs.分辨率": "1920x1080"])
        try ListingRules.validate(row.content, category: category)
        do {
            try ListingRules.validate(try Self.row([:]).content, category: category)
            Issue.record("a missing required attribute was accepted")
        } catch {
            #expect(error.fields.map(\.field) == ["specs.分辨率"])
        }
    }

    // MARK: - Errors back to columns

    @Test(
        "validation fields map back to columns",
        arguments: [
            ("priceFen", "priceFen", "m"),
            ("tiers[1].unitPriceFen", "tiers", "item 2: m"),
            ("fees[0].amountFen", "fees", "item 1: m"),
            ("imageUrls[3]", "imageUrls", "item 4: m"),
            ("greenCertificates[0].number", "greenCertificates", "item 1: m"),
            ("referencePrices[0].capturedAt", "referencePrices", "item 1: m"),
            ("specs.分辨率", "specs.分辨率", "m"),
            ("specs.颜色", "specs", "m"),
            ("specs", "specs", "m"),
            ("leadTimeDays", "leadTimeDays", "m"),
        ] as [(String, String, String)])
    func columns(_ field: String, _ column: String, _ message: String) {
        let columns: Set<String> = Set(ImportRow.Column.required + ["tiers", "specs.分辨率"])
        let cell = ImportRow.cellError(for: .init(field: field, code: "c", message: "m"), columns: columns)
        #expect(cell.column == column)
        #expect(cell.message == message)
        #expect(cell.code == "c")
    }

    @Test("a field that is no column maps to none")
    func noColumn() {
        #expect(ImportRow.cellError(for: .init(field: "", code: "c", message: "m"), columns: []).column == nil)
        #expect(ImportRow.cellError(for: .init(field: "other", code: "c", message: "m"), columns: []).column == nil)
    }
}
