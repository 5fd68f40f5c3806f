import Foundation

/// One row of a listing import (`POST /api/v1/listings/imports`, issue 3 point 5): what a CSV row (column
/// name → cell text) says, as the content of a draft listing plus stock, lead time and reference prices.
///
/// Parsing only checks that each cell can be read (numbers are numbers, lists are lists); the listing rules
/// themselves (leaf category, required spec attributes, price range, tiers, …) are checked by the same code
/// as `POST /api/v1/listings`, and their field paths are mapped back to columns by ``column(forField:columns:)``.
///
/// ## Columns
/// Required: `categoryCode`, `title`, `brand`, `model`, `unit`, `priceFen`. Optional: `specs`, `specs.<name>`
/// (any number), `tiers`, `fees`, `stock`, `leadTimeDays`, `deliveryRegions`, `imageUrls`, `greenCertificates`,
/// `governmentOnly`, `referencePrices`. Header names are matched ignoring case and surrounding spaces; the
/// `<name>` of a `specs.<name>` column keeps its case. Columns without a name are ignored (Excel leaves them).
///
/// ## Cells
/// Every cell is trimmed. Lists separate items with `;` (or the full-width `；`); within an item, parts are
/// separated by `:` (or `：`). A list cell that starts with `[` (or a `specs` cell that starts with `{`) is
/// read as JSON in the shape of the `POST /api/v1/listings` body instead: the escape hatch for text that
/// contains a separator.
/// - `priceFen`, `stock`, `leadTimeDays`: integers (`129900` is 1 299.00 yuan); `stock` and `leadTimeDays`
///   default to 0.
/// - `specs`: `分辨率=1920x1080;颜色=黑色`, or `{"分辨率":"1920x1080"}`. A `specs.分辨率` column sets one
///   attribute (an empty cell sets nothing); naming an attribute both ways is an error.
/// - `tiers`: `minQuantity:unitPriceFen`, e.g. `10:1200;50:1100`.
/// - `fees`: `kind:amountFen:per_unit|per_line[:description]`, kind `installation`, `delivery`, `parts` or
///   `other`, e.g. `delivery:500:per_line:市内免费送货上门`. The description is the rest of the item (it may
///   contain `:`).
/// - `greenCertificates`: `kind:certifier:number:validUntil`, kind `energy_saving` or `eco_label`, date
///   `YYYY-MM-DD`, e.g. `energy_saving:中国质量认证中心:CQC12345:2027-12-31`.
/// - `deliveryRegions`: 6-digit region codes separated by `;`, `,` or spaces, e.g. `110000;310000`.
/// - `imageUrls`: http(s) URLs separated by `;` or spaces (a URL may contain `,`).
/// - `governmentOnly`: `true`/`false`, `1`/`0`, `yes`/`no`, `是`/`否`; empty is false.
/// - `referencePrices`: `kind|source|priceFen|capturedAt[|url]` with parts separated by `|` (times and URLs
///   contain `:`), kind `manufacturer` or `ecommerce`, capturedAt RFC 3339 or `YYYY-MM-DD` (00:00 China
///   time), e.g. `ecommerce|京东自营|459900|2026-03-01|https://item.jd.com/100.html`.
package struct ImportRow: Sendable, Equatable {
    package var content: ListingContent
    package var stock: Int64
    package var leadTimeDays: Int
    package var references: [Reference]

    package init(content: ListingContent, stock: Int64 = 0, leadTimeDays: Int = 0, references: [Reference] = []) {
        self.content = content
        self.stock = stock
        self.leadTimeDays = leadTimeDays
        self.references = references
    }

    /// A declared reference price (DOMAIN.md §C3), as the store takes it.
    package struct Reference: Sendable, Equatable, Decodable {
        package var kind: String
        package var source: String
        package var url: String?
        package var priceFen: Fen
        package var capturedAt: Date

        package init(kind: String, source: String, url: String?, priceFen: Fen, capturedAt: Date) {
            self.kind = kind
            self.source = source
            self.url = url
            self.priceFen = priceFen
            self.capturedAt = capturedAt
        }
    }

    // MARK: - Columns

    /// The column names of the CSV format.
    package enum Column {
        /// Columns every header must have.
        package static let required = ["categoryCode", "title", "brand", "model", "unit", "priceFen"]
        /// Columns a header may have.
        package static let optional = [
            "specs", "tiers", "fees", "stock", "leadTimeDays", "deliveryRegions", "imageUrls", "greenCertificates",
            "governmentOnly", "referencePrices",
        ]
        /// Every fixed column, required first.
        package static let all = required + optional
        /// The prefix of a one-attribute spec column, `specs.分辨率`.
        package static let specPrefix = "specs."

        private static let byFolded: [String: String] = Dictionary(
            uniqueKeysWithValues: all.map { ($0.lowercased(), $0) })

        /// The canonical name of a header cell: a fixed column (any case), `specs.<name>`, `""` for a nameless
        /// column, or `nil` when unknown.
        package static func canonical(_ raw: String) -> String? {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { return "" }
            if let fixed = byFolded[name.lowercased()] { return fixed }
            if name.lowercased().hasPrefix(specPrefix) {
                let attribute = name.dropFirst(specPrefix.count).trimmingCharacters(in: .whitespaces)
                return attribute.isEmpty ? nil : specPrefix + attribute
            }
            return nil
        }
    }

    /// A checked header row: the canonical column name at each position (`""` for a nameless column).
    package struct Header: Sendable, Equatable {
        package var columns: [String]

        /// Checks a header row; the validation error's fields name every unknown, missing and repeated column
        /// at once (the API answers 422 `import.bad_header` with them).
        package init(_ names: [String]) throws(DomainError) {
            var columns: [String] = []
            var problems: [DomainError.FieldError] = []
            var seen: Set<String> = []
            for raw in names {
                guard let name = Column.canonical(raw) else {
                    problems.append(
                        .init(
                            field: raw, code: "unknown",
                            message: "unknown column \(raw); the columns are \(Column.all.joined(separator: ", ")) "
                                + "and specs.<attribute>"))
                    columns.append("")
                    continue
                }
                if !name.isEmpty, !seen.insert(name).inserted {
                    problems.append(.init(field: name, code: "duplicate", message: "column \(name) appears twice"))
                }
                columns.append(name)
            }
            for name in Column.required where !seen.contains(name) {
                problems.append(.init(field: name, code: "missing", message: "column \(name) is required"))
            }
            if !problems.isEmpty {
                throw DomainError.validation(problems)
            }
            self.columns = columns
        }

        /// The cells of one record by column name. A value under a nameless column, or beyond the header's
        /// width, is an error (it would otherwise be lost).
        package func cells(of record: [String]) throws(DomainError) -> [String: String] {
            var cells: [String: String] = [:]
            var problems: [DomainError.FieldError] = []
            for (index, value) in record.enumerated() {
                let name = index < columns.count ? columns[index] : ""
                if name.isEmpty {
                    if !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        problems.append(
                            .init(
                                field: "", code: "unnamed_column",
                                message: "field \(index + 1) has a value but its column has no name in the header"))
                    }
                    continue
                }
                cells[name] = value
            }
            if !problems.isEmpty { throw DomainError.validation(problems) }
            return cells
        }
    }

    // MARK: - Rows

    /// Reads one row (column name → cell text). Throws a validation error whose fields are column names,
    /// reporting every unreadable cell at once.
    package init(cells: [String: String]) throws(DomainError) {
        var problems: [DomainError.FieldError] = []
        func cell(_ name: String) -> String {
            (cells[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func integer<T: FixedWidthInteger>(_ name: String, default value: T?) -> T {
            let text = cell(name)
            if text.isEmpty, let value { return value }
            guard !text.isEmpty else {
                problems.append(.init(field: name, code: "required", message: "\(name) is required"))
                return 0
            }
            guard let parsed = T(text) else {
                problems.append(.init(field: name, code: "invalid", message: "\(name) must be an integer, not \(text)"))
                return 0
            }
            return parsed
        }

        let price: Int64 = integer("priceFen", default: nil)
        let stock: Int64 = integer("stock", default: 0)
        let leadTimeDays: Int = integer("leadTimeDays", default: 0)
        var specs: [String: JSONValue] = [:]
        var tiers: [PriceTier] = []
        var fees: [DeclaredFee] = []
        var certificates: [GreenCertificate] = []
        var regions: [RegionCode] = []
        var references: [Reference] = []
        var governmentOnly = false
        do throws(CellProblem) {
            specs = try Self.specs(cell("specs"))
        } catch { problems.append(error.problem) }
        for (name, value) in cells.sorted(by: { $0.key < $1.key }) where name.hasPrefix(Column.specPrefix) {
            let attribute = String(name.dropFirst(Column.specPrefix.count))
            let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            if specs[attribute] != nil {
                problems.append(
                    .init(field: name, code: "duplicate", message: "\(attribute) is given both in specs and in \(name)")
                )
            }
            specs[attribute] = .string(text)
        }
        do throws(CellProblem) { tiers = try Self.tiers(cell("tiers")) } catch { problems.append(error.problem) }
        do throws(CellProblem) { fees = try Self.fees(cell("fees")) } catch { problems.append(error.problem) }
        do throws(CellProblem) {
            certificates = try Self.certificates(cell("greenCertificates"))
        } catch { problems.append(error.problem) }
        do throws(CellProblem) {
            regions = try Self.regions(cell("deliveryRegions"))
        } catch { problems.append(error.problem) }
        do throws(CellProblem) {
            references = try Self.references(cell("referencePrices"))
        } catch { problems.append(error.problem) }
        do throws(CellProblem) {
            governmentOnly = try Self.bool(cell("governmentOnly"), column: "governmentOnly")
        } catch { problems.append(error.problem) }
        if !problems.isEmpty { throw DomainError.validation(problems) }

        self.init(
            content: ListingContent(
                categoryCode: cell("categoryCode").uppercased(), title: cell("title"), brand: cell("brand"),
                model: cell("model"), specs: specs, unit: cell("unit"), priceFen: Fen(price), tiers: tiers, fees: fees,
                deliveryRegions: regions, imageUrls: Self.urls(cell("imageUrls")), greenCertificates: certificates,
                governmentOnly: governmentOnly),
            stock: stock, leadTimeDays: leadTimeDays, references: references)
    }

    /// The column a validation field of `POST /api/v1/listings` belongs to, and the problem restated for that
    /// column: `tiers[1].unitPriceFen` → `tiers` with "item 2: …"; `specs.分辨率` → that column when the header
    /// has it, else `specs`; a field that is no column (or none) → `nil`.
    package static func cellError(for problem: DomainError.FieldError, columns: Set<String>) -> (
        column: String?, code: String, message: String
    ) {
        let field = problem.field
        if columns.contains(field) { return (field, problem.code, problem.message) }
        if field.hasPrefix(Column.specPrefix) || field.hasPrefix("specs[") {
            return ("specs", problem.code, problem.message)
        }
        let base = String(field.prefix(while: { $0 != "[" && $0 != "." }))
        guard Column.all.contains(base) else { return (nil, problem.code, problem.message) }
        var message = problem.message
        if let open = field.firstIndex(of: "["), let close = field[open...].firstIndex(of: "]"),
            let index = Int(field[field.index(after: open)..<close])
        {
            message = "item \(index + 1): \(message)"
        }
        return (base, problem.code, message)
    }

    // MARK: - Cells

    /// The items of a list cell: split on `;`/`；`, trimmed, empty items dropped.
    static func items(_ cell: String, separators: Set<Character> = [";", "；"]) -> [String] {
        cell.split(whereSeparator: { separators.contains($0) })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// The parts of an item: split on `:`/`：` at most `maxSplits` times, trimmed.
    static func parts(_ item: String, maxSplits: Int = .max) -> [String] {
        item.split(maxSplits: maxSplits, omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "：" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func json<T: Decodable>(_ type: T.Type, _ text: String, column: String, example: String) throws(CellProblem)
        -> T
    {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw CellProblem(
                field: column, code: "invalid", message: "\(column) is not valid JSON of the form \(example)")
        }
    }

    /// One unreadable cell.
    struct CellProblem: Error {
        var problem: DomainError.FieldError

        init(field: String, code: String, message: String) {
            self.problem = DomainError.FieldError(field: field, code: code, message: message)
        }
    }

    static func invalid(_ column: String, _ index: Int, _ item: String, _ expected: String) -> CellProblem {
        CellProblem(field: column, code: "invalid", message: "item \(index + 1) (\(item)) is not \(expected)")
    }

    /// `k=v;k=v` or a JSON object.
    static func specs(_ cell: String) throws(CellProblem) -> [String: JSONValue] {
        if cell.hasPrefix("{") {
            return try json([String: JSONValue].self, cell, column: "specs", example: #"{"分辨率":"1920x1080"}"#)
        }
        var specs: [String: JSONValue] = [:]
        for (index, item) in items(cell).enumerated() {
            let pair = item.split(
                maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: { $0 == "=" || $0 == "＝" })
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            guard pair.count == 2, !key.isEmpty else { throw invalid("specs", index, item, "name=value") }
            guard specs[key] == nil else {
                throw CellProblem(field: "specs", code: "duplicate", message: "\(key) is given twice")
            }
            specs[key] = .string(pair[1].trimmingCharacters(in: .whitespaces))
        }
        return specs
    }

    /// `minQuantity:unitPriceFen;…` or a JSON array.
    static func tiers(_ cell: String) throws(CellProblem) -> [PriceTier] {
        if cell.hasPrefix("[") {
            return try json(
                [PriceTier].self, cell, column: "tiers", example: #"[{"minQuantity":10,"unitPriceFen":1200}]"#)
        }
        var tiers: [PriceTier] = []
        for (index, item) in items(cell).enumerated() {
            let p = parts(item)
            guard p.count == 2, let quantity = Int64(p[0]), let price = Int64(p[1]) else {
                throw invalid("tiers", index, item, "minQuantity:unitPriceFen such as 10:1200")
            }
            tiers.append(PriceTier(minQuantity: quantity, unitPriceFen: Fen(price)))
        }
        return tiers
    }

    /// `kind:amountFen:per_unit|per_line[:description];…` or a JSON array.
    static func fees(_ cell: String) throws(CellProblem) -> [DeclaredFee] {
        if cell.hasPrefix("[") {
            return try json(
                [DeclaredFee].self, cell, column: "fees",
                example: #"[{"kind":"delivery","amountFen":500,"perUnit":false,"description":"送货"}]"#)
        }
        var fees: [DeclaredFee] = []
        for (index, item) in items(cell).enumerated() {
            let p = parts(item, maxSplits: 3)
            let expected = "kind:amountFen:per_unit|per_line[:description] such as delivery:500:per_line:送货上门"
            guard p.count >= 3, let amount = Int64(p[1]), p[2] == "per_unit" || p[2] == "per_line" else {
                throw invalid("fees", index, item, expected)
            }
            guard let kind = DeclaredFee.Kind(rawValue: p[0]) else {
                throw invalid("fees", index, item, "a fee of kind installation, delivery, parts or other")
            }
            fees.append(
                DeclaredFee(
                    kind: kind, amountFen: Fen(amount), perUnit: p[2] == "per_unit",
                    description: p.count > 3 ? p[3] : ""))
        }
        return fees
    }

    /// `kind:certifier:number:YYYY-MM-DD;…` or a JSON array. The certifier may contain `:`.
    static func certificates(_ cell: String) throws(CellProblem) -> [GreenCertificate] {
        if cell.hasPrefix("[") {
            return try json(
                [GreenCertificate].self, cell, column: "greenCertificates",
                example: #"[{"kind":"energy_saving","certifier":"中国质量认证中心","number":"CQC1","validUntil":"2027-12-31"}]"#
            )
        }
        var certificates: [GreenCertificate] = []
        for (index, item) in items(cell).enumerated() {
            let p = parts(item)
            let expected = "kind:certifier:number:YYYY-MM-DD such as energy_saving:中国质量认证中心:CQC12345:2027-12-31"
            guard p.count >= 4, let date = p.last.flatMap(LocalDate.init) else {
                throw invalid("greenCertificates", index, item, expected)
            }
            guard let kind = GreenCertificate.Kind(rawValue: p[0]) else {
                throw invalid("greenCertificates", index, item, "a certificate of kind energy_saving or eco_label")
            }
            certificates.append(
                GreenCertificate(
                    kind: kind, certifier: p[1..<(p.count - 2)].joined(separator: ":"), number: p[p.count - 2],
                    validUntil: date))
        }
        return certificates
    }

    /// Region codes separated by `;`, `,` or white space.
    static func regions(_ cell: String) throws(CellProblem) -> [RegionCode] {
        if cell.hasPrefix("[") {
            return try json([RegionCode].self, cell, column: "deliveryRegions", example: #"["110000","310000"]"#)
        }
        var regions: [RegionCode] = []
        let separators: Set<Character> = [";", "；", ",", "，", " ", "\u{3000}", "\t", "\n", "\r"]
        for (index, item) in items(cell, separators: separators).enumerated() {
            guard let region = RegionCode(item) else {
                throw invalid("deliveryRegions", index, item, "a 6-digit region code such as 110000")
            }
            regions.append(region)
        }
        return regions
    }

    /// URLs separated by `;` or white space (not `,`: URLs contain commas).
    static func urls(_ cell: String) -> [String] {
        items(cell, separators: [";", "；", " ", "\t", "\n", "\r"])
    }

    /// `kind|source|priceFen|capturedAt[|url];…` or a JSON array.
    static func references(_ cell: String) throws(CellProblem) -> [Reference] {
        if cell.hasPrefix("[") {
            return try json(
                [Reference].self, cell, column: "referencePrices",
                example:
                    #"[{"kind":"ecommerce","source":"京东自营","priceFen":459900,"capturedAt":"2026-03-01T00:00:00Z"}]"#)
        }
        var references: [Reference] = []
        for (index, item) in items(cell).enumerated() {
            let p = item.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard (4...5).contains(p.count), let price = Int64(p[2]), let at = instant(p[3]) else {
                throw invalid(
                    "referencePrices", index, item,
                    "kind|source|priceFen|capturedAt[|url] such as ecommerce|京东自营|459900|2026-03-01")
            }
            let url = p.count == 5 && !p[4].isEmpty ? p[4] : nil
            references.append(Reference(kind: p[0], source: p[1], url: url, priceFen: Fen(price), capturedAt: at))
        }
        return references
    }

    /// RFC 3339, or `YYYY-MM-DD` meaning 00:00 China time that day.
    static func instant(_ text: String) -> Date? {
        if let date = LocalDate(text) {
            return Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 - 28_800))
        }
        return try? Date(text, strategy: .iso8601)
    }

    static func bool(_ cell: String, column: String) throws(CellProblem) -> Bool {
        switch cell.lowercased() {
        case "", "false", "0", "no", "n", "否": return false
        case "true", "1", "yes", "y", "是": return true
        default:
            throw CellProblem(field: column, code: "invalid", message: "\(column) is true or false, not \(cell)")
        }
    }
}
