import Foundation
import Logging
import MallCore
import PostgresNIO

extension SearchStore {
    /// Counts over the matches of a search (not just one page).
    package struct Facets: Sendable, Equatable {
        /// Matches counted: all of them, or ``SearchStore/countCap`` when ``isCapped``.
        package var total: Int
        /// More listings match than were counted; the facets then describe the newest `countCap` matches.
        package var isCapped: Bool
        /// The 20 most frequent categories (count descending, then code).
        package var categories: [CategoryCount]
        /// The 20 most frequent brands (count descending, then brand).
        package var brands: [BrandCount]
        package var green: Split
        package var povertyCounty: Split

        package struct CategoryCount: Sendable, Equatable {
            package var code: String
            package var name: String
            package var count: Int
        }

        package struct BrandCount: Sendable, Equatable {
            package var brand: String
            package var count: Int
        }

        /// Matches with the flag set and without it.
        package struct Split: Sendable, Equatable {
            package var yes: Int
            package var no: Int
        }
    }

    /// How many categories and brands the facets list.
    package static let facetSize = 20

    /// The facets and total of a search, over at most ``countCap`` matches.
    package func facets(_ criteria: Criteria, logger: Logger) async throws -> Facets {
        // First the bounded walk of the newest listings (``walkLimit``): exact when it finds more than `cap`.
        if walkLimit > 0 {
            let walked = try await facets(Self.facetQuery(criteria, cap: countCap, walk: walkLimit), logger: logger)
            if walked.isCapped { return walked }
        }
        return try await facets(Self.facetQuery(criteria, cap: countCap), logger: logger)
    }

    private func facets(_ query: PostgresQuery, logger: Logger) async throws -> Facets {
        let rows = try await database.query(query, logger: logger)
        var facets = Facets(
            total: 0, isCapped: false, categories: [], brands: [], green: .init(yes: 0, no: 0),
            povertyCounty: .init(yes: 0, no: 0))
        for try await (facet, key, name, count) in rows.decode((String, String, String, Int).self) {
            switch facet {
            case "total":
                facets.total = min(count, countCap)
                facets.isCapped = count > countCap
            case "category": facets.categories.append(.init(code: key, name: name, count: count))
            case "brand": facets.brands.append(.init(brand: key, count: count))
            case "green":
                if key == "true" { facets.green.yes = count } else { facets.green.no = count }
            case "poverty":
                if key == "true" { facets.povertyCounty.yes = count } else { facets.povertyCounty.no = count }
            default: continue
            }
        }
        facets.categories.sort { ($1.count, $0.code) < ($0.count, $1.code) }
        facets.brands.sort { ($1.count, $0.brand) < ($0.count, $1.brand) }
        return facets
    }

    /// The facet query: the newest `cap + 1` matches are numbered once (the `+ 1` tells whether the count
    /// was capped), then counted by category, brand and the two flags over the first `cap`.
    ///
    /// Ordering the capped set by the `(approved_at DESC, id DESC)` index makes it deterministic and lets
    /// an unfiltered search read `cap + 1` index entries instead of the whole table.
    ///
    /// With `walk`, only the newest `walk` approved listings are looked at (``walkedListings(_:after:walk:to:)``).
    package static func facetQuery(_ criteria: Criteria, cap: Int, walk: Int? = nil) -> PostgresQuery {
        var sql = SQLBuilder()
        sql.append(
            """
            WITH matched AS MATERIALIZED (
                SELECT l.category_code, l.brand, l.green, l.poverty_county,
                       row_number() OVER (ORDER BY l.approved_at DESC, l.id DESC) AS rn
                FROM 
            """)
        if let walk {
            walkedListings(.newest, after: nil, walk: walk, to: &sql)
        } else {
            sql.append("listings l")
        }
        sql.append("\n    WHERE ")
        appendFilters(criteria, to: &sql)
        let cap = sql.parameter(cap)
        let size = sql.parameter(facetSize)
        sql.append(
            """

                ORDER BY l.approved_at DESC, l.id DESC
                LIMIT \(cap) + 1
            )
            SELECT 'total', '', '', count(*) FROM matched
            UNION ALL
            SELECT 'category', t.category_code, coalesce(c.name, ''), t.n
            FROM (SELECT m.category_code, count(*) AS n FROM matched m WHERE m.rn <= \(cap)
                  GROUP BY m.category_code ORDER BY count(*) DESC, m.category_code LIMIT \(size)) t
            LEFT JOIN categories c ON c.code = t.category_code
            UNION ALL
            SELECT 'brand', t.brand, '', t.n
            FROM (SELECT m.brand, count(*) AS n FROM matched m WHERE m.rn <= \(cap)
                  GROUP BY m.brand ORDER BY count(*) DESC, m.brand LIMIT \(size)) t
            UNION ALL
            SELECT 'green', m.green::text, '', count(*) FROM matched m WHERE m.rn <= \(cap) GROUP BY m.green
            UNION ALL
            SELECT 'poverty', m.poverty_county::text, '', count(*) FROM matched m WHERE m.rn <= \(cap)
            GROUP BY m.poverty_county
            """)
        return sql.query
    }
}
