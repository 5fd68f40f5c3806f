import Foundation
import Logging
import MallCore
import PostgresNIO

/// Catalog search over approved listings (issue 3 point 6, DESIGN.md §6).
///
/// Chinese is matched the way users type it, without a tokenizer: the query is folded like the SQL
/// function `mall_normalize` and split into whitespace-separated terms. A listing matches a term when
/// the term's character bigrams (or the character itself, for a one-character term) are all among the
/// listing's `search_grams` — served by the GIN index `listings_search_grams_idx` — and the term occurs
/// in `search_text`, which checks that the grams are adjacent (`LIKE '%term%'`, run only on the rows
/// the index found). Every other filter maps to one of the partial indexes on approved listings.
///
/// All SQL is assembled by ``SQLBuilder`` from string literals, with every value a `$n` bind.
package struct SearchStore: Sendable {
    package let database: Database
    /// The total and the facets count at most this many matches (the newest ones); past it the total
    /// is reported as capped. Counting a huge match set exactly would cost a full scan of it.
    package let countCap: Int
    /// Relevance ranks at most this many matches: the newest ones (see ``Sort/relevance``).
    package let relevanceWindow: Int
    /// A search first walks at most this many approved listings in its sort's index order (newest first, or by
    /// price) and filters them; when that finds what the page (or window, or count) needs, the answer is exact and
    /// cheap, whatever the planner would have estimated. Otherwise the matches are rare, and the plain query,
    /// which the planner serves from the gram, category or region indexes, runs instead. 0 turns the walk off.
    package let walkLimit: Int

    /// - Parameters:
    ///   - countCap: see ``countCap``; 500 by default.
    ///   - relevanceWindow: see ``relevanceWindow``; 500 by default.
    ///   - walkLimit: see ``walkLimit``; 10 000 by default.
    package init(database: Database, countCap: Int = 500, relevanceWindow: Int = 500, walkLimit: Int = 10_000) {
        self.database = database
        self.countCap = max(1, countCap)
        self.relevanceWindow = max(1, relevanceWindow)
        self.walkLimit = max(0, walkLimit)
    }

    // MARK: - What is searched

    /// The orders a search can come back in.
    package enum Sort: String, Sendable, CaseIterable {
        /// By ``relevanceDescription``, then newest first (needs a query text; without one it is ``newest``).
        /// Only the newest ``SearchStore/relevanceWindow`` matches are ranked, so a broad query (`打印`, tens of
        /// thousands of matches) costs the same as a narrow one: a search engine's result window. Narrow the
        /// query or sort by price or date to reach further.
        case relevance
        case priceAsc = "price_asc"
        case priceDesc = "price_desc"
        /// Most recently approved first.
        case newest
    }

    /// The filters of one search, already validated and normalised.
    package struct Criteria: Sendable, Equatable {
        /// Normalised, distinct, whitespace-free terms; every one must match.
        package var terms: [String]
        /// The prefix a category code must start with (``SearchStore/categoryPrefix(of:)``).
        package var categoryPrefix: String?
        package var minPriceFen: Fen?
        package var maxPriceFen: Fen?
        package var green: Bool?
        package var povertyCounty: Bool?
        package var supplierID: ID<Organisation>?
        /// A county, prefecture or province the listing must deliver to.
        package var deliversTo: RegionCode?
        /// The order; ``Sort/relevance`` without terms is served as ``Sort/newest``.
        package var sort: Sort
        /// Only the admitted products of this framework agreement (its order-receiving members' listings,
        /// issue 5 point 6).
        package var agreementID: ID<Agreement>?

        package init(
            terms: [String] = [], categoryPrefix: String? = nil, minPriceFen: Fen? = nil, maxPriceFen: Fen? = nil,
            green: Bool? = nil, povertyCounty: Bool? = nil, supplierID: ID<Organisation>? = nil,
            deliversTo: RegionCode? = nil, sort: Sort? = nil, agreementID: ID<Agreement>? = nil
        ) {
            self.agreementID = agreementID
            self.terms = terms
            self.categoryPrefix = categoryPrefix
            self.minPriceFen = minPriceFen
            self.maxPriceFen = maxPriceFen
            self.green = green
            self.povertyCounty = povertyCounty
            self.supplierID = supplierID
            self.deliversTo = deliversTo
            let requested = sort ?? (terms.isEmpty ? .newest : .relevance)
            self.sort = requested == .relevance && terms.isEmpty ? .newest : requested
        }
    }

    /// Where the previous page ended: the sort key(s) and id of its last listing.
    package enum After: Sendable, Equatable {
        /// `approvedAt` is the exact stored instant as text (microseconds, UTC).
        case relevance(score: Int, approvedAt: String, id: UUID)
        case priceAsc(priceFen: Int64, id: UUID)
        case priceDesc(priceFen: Int64, id: UUID)
        case newest(approvedAt: String, id: UUID)

        /// The opaque cursor (DESIGN.md §4): a sort tag and the keys, then the id.
        package var cursor: Cursor {
            switch self {
            case .relevance(let score, let approvedAt, let id): Cursor(key: "r:\(score):\(approvedAt)", id: id)
            case .priceAsc(let price, let id): Cursor(key: "pa:\(price)", id: id)
            case .priceDesc(let price, let id): Cursor(key: "pd:\(price)", id: id)
            case .newest(let approvedAt, let id): Cursor(key: "n:\(approvedAt)", id: id)
            }
        }

        /// Reads a cursor issued for `sort`; anything else is `request.invalid_cursor`.
        package init(cursor: Cursor, sort: Sort) throws(DomainError) {
            let invalid = DomainError(.invalidCursor, "the cursor is not one this server issued for this sort")
            guard let id = cursor.id else { throw invalid }
            // "<tag>:<keys>"; the instant keys contain colons themselves.
            guard let colon = cursor.key.firstIndex(of: ":") else { throw invalid }
            let tag = cursor.key[..<colon]
            let keys = String(cursor.key[cursor.key.index(after: colon)...])
            switch (sort, tag) {
            case (.relevance, "r"):
                guard let split = keys.firstIndex(of: ":"), let score = Int(keys[..<split]),
                    (0...10_000).contains(score)
                else { throw invalid }
                let approvedAt = String(keys[keys.index(after: split)...])
                guard SearchStore.isInstantKey(approvedAt) else { throw invalid }
                self = .relevance(score: score, approvedAt: approvedAt, id: id)
            case (.priceAsc, "pa"), (.priceDesc, "pd"):
                guard let price = Int64(keys), price >= 0 else { throw invalid }
                self = sort == .priceAsc ? .priceAsc(priceFen: price, id: id) : .priceDesc(priceFen: price, id: id)
            case (.newest, "n"):
                guard SearchStore.isInstantKey(keys) else { throw invalid }
                self = .newest(approvedAt: keys, id: id)
            default:
                throw invalid
            }
        }
    }

    /// One listing found.
    package struct Hit: Sendable, Equatable {
        package var id: ID<Listing>
        package var title: String
        package var brand: String
        package var model: String
        package var categoryCode: String
        package var unit: String
        package var priceFen: Fen
        package var green: Bool
        package var povertyCounty: Bool
        package var supplierID: ID<Organisation>
        package var supplierName: String
        package var leadTimeDays: Int
        package var approvedAt: Date
        /// `approved_at` exactly as stored, for cursors.
        package var approvedAtKey: String
        /// The relevance score (0 unless sorted by relevance).
        package var score: Int

        /// Where a page ending with this hit ends, in `sort` order.
        package func after(for sort: Sort) -> After {
            switch sort {
            case .relevance: .relevance(score: score, approvedAt: approvedAtKey, id: id.uuid)
            case .priceAsc: .priceAsc(priceFen: priceFen.rawValue, id: id.uuid)
            case .priceDesc: .priceDesc(priceFen: priceFen.rawValue, id: id.uuid)
            case .newest: .newest(approvedAt: approvedAtKey, id: id.uuid)
            }
        }
    }

    // MARK: - Queries

    /// One page of matches in `criteria.sort` order after `after`, and where the next page starts (`nil` on
    /// the last page).
    package func search(_ criteria: Criteria, after: After?, limit: Int, logger: Logger) async throws
        -> (hits: [Hit], next: After?)
    {
        var hits: [Hit] = []
        if walkLimit > 0, Self.walks(criteria) {
            let walked = try await page(
                Self.pageQuery(
                    criteria, after: after, limit: limit + 1, relevanceWindow: relevanceWindow, walk: walkLimit),
                logger: logger)
            // Exact when the walk filled the page, or (relevance) filled the whole window it ranks.
            let filled = criteria.sort == .relevance
                ? (walked.windowSize ?? 0) >= relevanceWindow : walked.hits.count > limit
            if filled { hits = walked.hits }
        }
        if hits.isEmpty {
            hits = try await page(
                Self.pageQuery(criteria, after: after, limit: limit + 1, relevanceWindow: relevanceWindow),
                logger: logger
            ).hits
        }
        guard hits.count > limit else { return (hits, nil) }
        hits.removeLast(hits.count - limit)
        return (hits, hits.last?.after(for: criteria.sort))
    }

    /// Whether a bounded walk can serve `criteria` (``walkLimit``): every search but those that merge leaf price
    /// orders, which are bounded already.
    static func walks(_ criteria: Criteria) -> Bool { !mergesLeafPriceOrders(criteria) }

    /// Price order within a category subtree, without terms: served by merging each leaf category's price order.
    static func mergesLeafPriceOrders(_ criteria: Criteria) -> Bool {
        guard let prefix = criteria.categoryPrefix, prefix.count > 1, criteria.terms.isEmpty else { return false }
        return criteria.sort == .priceAsc || criteria.sort == .priceDesc
    }

    /// The hits of a page query, and the relevance window's size (from the first row, if any).
    private func page(_ query: PostgresQuery, logger: Logger) async throws -> (hits: [Hit], windowSize: Int?) {
        let rows = try await database.query(query, logger: logger)
        var hits: [Hit] = []
        var windowSize: Int? = nil
        typealias Columns = (
            UUID, String, String, String, String, String, Int64, Bool, Bool, UUID, String?, Int, Date, String, Int,
            Int
        )
        for try await row in rows.decode(Columns.self) {
            if windowSize == nil { windowSize = row.15 }
            hits.append(
                Hit(
                    id: ID(row.0), title: row.1, brand: row.2, model: row.3, categoryCode: row.4, unit: row.5,
                    priceFen: Fen(row.6), green: row.7, povertyCounty: row.8, supplierID: ID(row.9),
                    supplierName: row.10 ?? "", leadTimeDays: row.11, approvedAt: row.12, approvedAtKey: row.13,
                    score: row.14))
        }
        return (hits, windowSize)
    }

    /// How relevance is scored (deterministic; documented in the API as well). With the query folded to
    /// terms t₁…tₙ and the title and brand + model folded the same way:
    /// `score = 3·[title contains the whole query] + Σᵢ ([title contains tᵢ] + [brand or model contains tᵢ])`.
    /// Ties go to the most recently approved listing, then the greater id.
    package static let relevanceDescription =
        "3 if the title contains the whole query, plus 1 per term in the title and 1 per term in the brand or model"

    /// The page query: `limit` rows (ask for one more than the page to know whether another follows).
    ///
    /// ```sql
    /// SELECT s.…, (SELECT o.name FROM organisations o WHERE o.id = s.supplier_id), …, s.score
    /// FROM (<candidates>) s
    /// WHERE <keyset after the cursor> ORDER BY <sort keys>, s.id LIMIT $n
    /// ```
    ///
    /// The candidates are chosen so that the work is bounded by the page, not by the number of matches:
    /// - relevance: the newest `relevanceWindow` matches (an ordered walk of `listings_search_newest_idx`, or the
    ///   gram index when the terms are rare), scored;
    /// - price order within a category subtree, without terms: the cheapest (or dearest) `limit` listings of each
    ///   leaf category of the subtree, each read in order from `listings_search_category_idx`, then merged — a
    ///   subtree's listings are never all sorted;
    /// - otherwise every match, which the planner reads in index order (price or newest) and stops at `limit`.
    ///
    /// With `walk`, the matches are looked for only among the first `walk` approved listings in the sort's index
    /// order (after the cursor): ``walkedListings(_:after:walk:to:)``.
    package static func pageQuery(
        _ criteria: Criteria, after: After?, limit: Int, relevanceWindow: Int = 500, walk: Int? = nil
    ) -> PostgresQuery {
        var sql = SQLBuilder()
        sql.append(
            """
            SELECT s.id, s.title, s.brand, s.model, s.category_code, s.unit, s.price_fen, s.green, s.poverty_county,
                   s.supplier_id, (SELECT o.name FROM organisations o WHERE o.id = s.supplier_id), s.lead_time_days,
                   s.approved_at, to_char(s.approved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), s.score,
                   s.window_size
            FROM (

            """)
        let columns: SQLFragment = """
            l.id, l.title, l.brand, l.model, l.category_code, l.unit, l.price_fen, l.green, l.poverty_county,
                   l.supplier_id, l.lead_time_days, l.approved_at
            """
        if criteria.sort == .relevance {
            // Score the newest `relevanceWindow` matches only.
            sql.append("    SELECT \(columns), ")
            appendScore(criteria.terms, to: &sql)
            sql.append(" AS score, count(*) OVER () AS window_size\n    FROM (\n        SELECT \(columns), l.search_text\n        FROM ")
            if let walk {
                walkedListings(.newest, after: nil, walk: walk, to: &sql)
            } else {
                sql.append("listings l")
            }
            sql.append("\n        WHERE ")
            appendFilters(criteria, to: &sql)
            sql.append("\n        ORDER BY l.approved_at DESC, l.id DESC\n        LIMIT \(relevanceWindow)\n    ) l")
        } else if mergesLeafPriceOrders(criteria), let prefix = criteria.categoryPrefix {
            // Merge the per-leaf price orders of the subtree.
            var perLeaf = criteria
            perLeaf.categoryPrefix = nil
            let descending = criteria.sort == .priceDesc
            sql.append("    SELECT l.*, 0 AS score, 0 AS window_size\n    FROM categories c\n    CROSS JOIN LATERAL (\n")
            sql.append("        SELECT \(columns)\n        FROM listings l\n        WHERE l.category_code = c.code AND ")
            appendFilters(perLeaf, to: &sql)
            switch after {
            case .priceAsc(let price, let id)?: sql.append("\n          AND (l.price_fen, l.id) > (\(price), \(id))")
            case .priceDesc(let price, let id)?: sql.append("\n          AND (l.price_fen, l.id) < (\(price), \(id))")
            default: break
            }
            sql.append(descending ? "\n        ORDER BY l.price_fen DESC, l.id DESC" : "\n        ORDER BY l.price_fen, l.id")
            sql.append("\n        LIMIT \(limit)\n    ) l\n    WHERE c.is_leaf AND c.code LIKE \(escapeLike(prefix) + "%")")
        } else {
            sql.append("    SELECT \(columns), 0 AS score, 0 AS window_size\n    FROM ")
            if let walk {
                walkedListings(criteria.sort, after: after, walk: walk, to: &sql)
            } else {
                sql.append("listings l")
            }
            sql.append("\n    WHERE ")
            appendFilters(criteria, to: &sql)
        }
        sql.append("\n) s\n")
        switch after {
        case nil: break
        case .relevance(let score, let approvedAt, let id)?:
            sql.append("WHERE (s.score, s.approved_at, s.id) < (\(score), \(approvedAt)::timestamptz, \(id))\n")
        case .priceAsc(let price, let id)?:
            sql.append("WHERE (s.price_fen, s.id) > (\(price), \(id))\n")
        case .priceDesc(let price, let id)?:
            sql.append("WHERE (s.price_fen, s.id) < (\(price), \(id))\n")
        case .newest(let approvedAt, let id)?:
            sql.append("WHERE (s.approved_at, s.id) < (\(approvedAt)::timestamptz, \(id))\n")
        }
        switch criteria.sort {
        case .relevance: sql.append("ORDER BY s.score DESC, s.approved_at DESC, s.id DESC\n")
        case .priceAsc: sql.append("ORDER BY s.price_fen, s.id\n")
        case .priceDesc: sql.append("ORDER BY s.price_fen DESC, s.id DESC\n")
        case .newest: sql.append("ORDER BY s.approved_at DESC, s.id DESC\n")
        }
        sql.append("LIMIT \(limit)")
        return sql.query
    }

    /// `(SELECT l.* FROM listings l WHERE <approved> [AND <after the cursor>] ORDER BY <sort keys> LIMIT walk) l`:
    /// the first `walk` approved listings in `sort`'s index order (`listings_search_newest_idx` or
    /// `listings_search_price_idx`), unfiltered, so the planner can only read that index in order; the filters
    /// go outside, and the outer `LIMIT` stops the walk as soon as the page is full.
    static func walkedListings(_ sort: Sort, after: After?, walk: Int, to sql: inout SQLBuilder) {
        sql.append("(\n        SELECT l.* FROM listings l WHERE l.status = 'approved' AND l.approved_at IS NOT NULL")
        switch after {
        case .priceAsc(let price, let id)?: sql.append(" AND (l.price_fen, l.id) > (\(price), \(id))")
        case .priceDesc(let price, let id)?: sql.append(" AND (l.price_fen, l.id) < (\(price), \(id))")
        case .newest(let approvedAt, let id)?:
            sql.append(" AND (l.approved_at, l.id) < (\(approvedAt)::timestamptz, \(id))")
        case .relevance?, nil: break
        }
        switch sort {
        case .relevance, .newest: sql.append("\n        ORDER BY l.approved_at DESC, l.id DESC")
        case .priceAsc: sql.append("\n        ORDER BY l.price_fen, l.id")
        case .priceDesc: sql.append("\n        ORDER BY l.price_fen DESC, l.id DESC")
        }
        sql.append(" LIMIT \(walk)\n    ) l")
    }

    /// `l.status = 'approved' AND …` for every filter present. The literal status lets the planner use the
    /// partial indexes (`WHERE status = 'approved'`); `approved_at IS NOT NULL` keeps every cursor key defined.
    static func appendFilters(_ criteria: Criteria, to sql: inout SQLBuilder) {
        sql.append("l.status = 'approved' AND l.approved_at IS NOT NULL")
        if !criteria.terms.isEmpty {
            // One containment test for the grams of all terms: a single GIN index scan.
            sql.append("\n      AND l.search_grams @> \(grams(of: criteria.terms))::text[]")
            // The grams of a one- or two-character term are the term itself: the index match is exact, and
            // a LIKE would only make the planner think the match rarer than it is. Longer terms need it for
            // adjacency (`激光打印` has the grams 激光, 光打, 打印).
            for term in criteria.terms where term.unicodeScalars.count > 2 {
                sql.append("\n      AND l.search_text LIKE \(containsPattern(term))")
            }
        }
        if let prefix = criteria.categoryPrefix {
            sql.append("\n      AND l.category_code LIKE \(escapeLike(prefix) + "%")")
        }
        if let min = criteria.minPriceFen { sql.append("\n      AND l.price_fen >= \(min)") }
        if let max = criteria.maxPriceFen { sql.append("\n      AND l.price_fen <= \(max)") }
        if let green = criteria.green { sql.append("\n      AND l.green = \(green)") }
        if let poverty = criteria.povertyCounty { sql.append("\n      AND l.poverty_county = \(poverty)") }
        if let supplier = criteria.supplierID { sql.append("\n      AND l.supplier_id = \(supplier)") }
        if let agreement = criteria.agreementID {
            // A handful of listings per agreement, found through agreement_members_supplier_key (agreement first);
            // only while the agreement is active (a terminated or expired one has nothing to order).
            sql.append("\n      AND l.id IN (SELECT m.listing_id FROM agreement_members m JOIN agreements a")
            sql.append(" ON a.id = m.agreement_id AND a.state = 'active' WHERE m.agreement_id = \(agreement)")
            sql.append(" AND m.status IN ('active', 'withdrawal_requested'))")
        }
        if let region = criteria.deliversTo {
            // Nationwide (no regions listed), or the county, its prefecture or its province.
            let codes = Array(Set([region.rawValue, region.prefecture.rawValue, region.province.rawValue])).sorted()
            sql.append("\n      AND (l.delivery_regions = '{}' OR l.delivery_regions && \(codes)::text[])")
        }
    }

    /// The score of ``relevanceDescription``. The folded title is the head of `search_text` (folding maps
    /// each character to exactly one character, so `mall_normalize(title)` has `length(title)` characters)
    /// and the folded brand and model are its tail: no folding is recomputed per row.
    static func appendScore(_ terms: [String], to sql: inout SQLBuilder) {
        let title: SQLFragment = "left(l.search_text, length(l.title))"
        let brandModel: SQLFragment = "substr(l.search_text, length(l.title) + 2)"
        sql.append("(CASE WHEN \(title) LIKE \(containsPattern(terms.joined(separator: " "))) THEN 3 ELSE 0 END")
        for term in terms {
            let pattern = sql.parameter(containsPattern(term))
            sql.append("\n         + CASE WHEN \(title) LIKE \(pattern) THEN 1 ELSE 0 END")
            sql.append(" + CASE WHEN \(brandModel) LIKE \(pattern) THEN 1 ELSE 0 END")
        }
        sql.append(")")
    }

    // MARK: - Text

    /// The search terms of a query: folded like `mall_normalize`, split at whitespace, duplicates dropped.
    package static func terms(of query: String) -> [String] {
        var seen: Set<String> = []
        return TextFolding.fold(query).split(whereSeparator: { $0.isWhitespace }).map(String.init)
            .filter { seen.insert($0).inserted }
    }

    /// The grams every listing matching `terms` has: the bigrams of each term (by Unicode scalar, like
    /// PostgreSQL's `substr`), or the term itself when it is one character; sorted and distinct.
    package static func grams(of terms: [String]) -> [String] {
        var grams: Set<String> = []
        for term in terms {
            let scalars = Array(term.unicodeScalars)
            if scalars.count == 1 {
                grams.insert(term)
            } else {
                for index in 0..<max(0, scalars.count - 1) {
                    var gram = String.UnicodeScalarView()
                    gram.append(scalars[index])
                    gram.append(scalars[index + 1])
                    grams.insert(String(gram))
                }
            }
        }
        return grams.sorted()
    }

    /// `%term%` with LIKE's special characters (`\`, `%`, `_`) escaped.
    static func containsPattern(_ term: String) -> String { "%" + escapeLike(term) + "%" }

    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The code prefix of a category's subtree: the code up to its last pair of digits that is not `00`
    /// (`A02010000` → `A0201`, `A02021000` → `A020210`, `A02021001` → itself, `A` → `A`).
    package static func categoryPrefix(of code: String) -> String {
        var prefix = Substring(code)
        while prefix.count > 1, prefix.hasSuffix("00") { prefix = prefix.dropLast(2) }
        return String(prefix)
    }

    /// Whether `text` is an instant key as this store writes them (`2026-03-02T01:00:00.000000Z`) naming a
    /// real instant, so a forged cursor cannot make PostgreSQL fail on the cast.
    static func isInstantKey(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let shape = Array("0000-00-00T00:00:00.000000Z".utf8)
        guard bytes.count == shape.count else { return false }
        for (byte, expected) in zip(bytes, shape) {
            if expected == UInt8(ascii: "0") {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
            } else if byte != expected {
                return false
            }
        }
        func number(_ range: Range<Int>) -> Int {
            bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return year >= 1 && (1...12).contains(month) && (1...days[max(0, min(11, month - 1))]).contains(day)
            && number(11..<13) < 24 && number(14..<16) < 60 && number(17..<19) < 60
    }
}

// MARK: - The query builder

/// Builds one SQL statement from pieces: SQL text only ever comes from string literals in the source
/// (``SQLFragment``), and every interpolated value becomes a `$n` placeholder with its value appended to
/// `PostgresBindings` (STYLE.md §2.2: a search with many filters uses one small builder).
///
/// ```swift
/// var sql = SQLBuilder()
/// sql.append("SELECT l.id FROM listings l WHERE l.price_fen >= \(minimum)")   // … >= $1
/// ```
package struct SQLBuilder {
    package private(set) var sql = ""
    package private(set) var bindings = PostgresBindings()

    package init() {}

    /// Appends SQL text and binds, numbering the placeholders in order.
    package mutating func append(_ fragment: SQLFragment) {
        for piece in fragment.pieces {
            switch piece {
            case .sql(let text):
                sql += text
            case .bind(let bind):
                bind(&bindings)
                sql += "$\(bindings.count)"
            case .placeholder(let number):
                sql += "$\(number)"
            }
        }
    }

    /// Binds a value once and returns its placeholder, to use it several times.
    package mutating func parameter<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> SQLFragment {
        bindings.append(value)
        return SQLFragment(pieces: [.placeholder(bindings.count)])
    }

    /// The statement.
    package var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}

/// SQL text written as a string literal, with `\(value)` for binds and `\(fragment)` for nested fragments.
package struct SQLFragment: ExpressibleByStringInterpolation {
    enum Piece {
        case sql(String)
        case bind((inout PostgresBindings) -> Void)
        case placeholder(Int)
    }

    var pieces: [Piece]

    init(pieces: [Piece]) { self.pieces = pieces }

    package init(stringLiteral value: String) { self.pieces = [.sql(value)] }

    package init(stringInterpolation: Interpolation) { self.pieces = stringInterpolation.pieces }

    package struct Interpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        package init(literalCapacity: Int, interpolationCount: Int) {}

        package mutating func appendLiteral(_ literal: String) { pieces.append(.sql(literal)) }

        /// A value, sent as a bind.
        package mutating func appendInterpolation<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
            pieces.append(.bind { $0.append(value) })
        }

        /// Another fragment (itself written as literals and binds).
        package mutating func appendInterpolation(_ fragment: SQLFragment) { pieces += fragment.pieces }
    }
}
