import Foundation
import HTTPTypes
import Hummingbird
import MallCore
import MallStore

/// `GET /api/v1/catalog/search` (issue 3 point 6): the public catalog — approved listings only — for every
/// signed-in role, with Chinese matching, filters, four sorts, cursor paging and facet counts.
package struct SearchController: Sendable {
    let search: SearchStore
    /// Serves every search it can (all but `agreement=`) once loaded; ``SearchStore`` serves the rest.
    let index: SearchIndex?

    package init(search: SearchStore, index: SearchIndex? = nil) {
        self.search = search
        self.index = index
    }

    package var endpoints: [Endpoint] {
        [Endpoint(.get, "/api/v1/catalog/search", .roles(allRoles, searchCatalog))]
    }

    @Sendable func searchCatalog(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let parameters = try Parameters(request)
        if let index, parameters.criteria.agreementID == nil,
            let found = try await index.search(
                parameters.criteria, after: parameters.after, limit: parameters.limit, logger: context.logger)
        {
            return SearchResponse(hits: found.hits, next: found.next, facets: found.facets).written().response()
        }
        // The page and the counts are independent queries: run them on two connections at once.
        async let page = search.search(
            parameters.criteria, after: parameters.after, limit: parameters.limit, logger: context.logger)
        async let facets = search.facets(parameters.criteria, logger: context.logger)
        let (found, counts) = try await (page, facets)
        return SearchResponse(hits: found.hits, next: found.next, facets: counts).written().response()
    }

    // MARK: - Query parameters

    /// The validated query string. Every bad parameter is reported at once (400 `request.invalid_query`);
    /// a cursor that is not ours, or was issued for another sort, answers 400 `request.invalid_cursor`.
    struct Parameters {
        /// The longest query text, in Unicode scalars (what JSON Schema's `maxLength` counts).
        static let maxQueryLength = 100

        var criteria: SearchStore.Criteria
        var after: SearchStore.After?
        var limit: Int

        init(_ request: Request) throws {
            let query = request.uri.queryParameters
            var errors: [DomainError.FieldError] = []
            func invalid(_ field: String, _ message: String) {
                errors.append(.init(field: field, code: "invalid", message: message))
            }

            var terms: [String] = []
            switch Self.formValue(named: "q", in: request.uri.query) {
            case .none: break
            case .some(.none): invalid("q", "q is not valid percent-encoded UTF-8")
            case .some(.some(let text)):
                if text.unicodeScalars.count > Self.maxQueryLength {
                    invalid("q", "q has at most \(Self.maxQueryLength) characters")
                } else if text.unicodeScalars.contains(where: Self.isForbidden) {
                    invalid("q", "q must not contain control characters")
                } else {
                    terms = SearchStore.terms(of: text)
                }
            }

            var categoryPrefix: String?
            if let raw = query["category"].map(String.init) {
                if Self.isCategoryCode(raw) {
                    categoryPrefix = SearchStore.categoryPrefix(of: raw)
                } else {
                    invalid("category", "a category code is A, B or C, alone or followed by 8 digits (A02021000)")
                }
            }

            func price(_ name: String) -> Fen? {
                guard let raw = query[Substring(name)] else { return nil }
                guard let value = Int64(String(raw)), value >= 0 else {
                    invalid(name, "\(name) is a non-negative integer amount in fen")
                    return nil
                }
                return Fen(value)
            }
            let minPrice = price("minPriceFen")
            let maxPrice = price("maxPriceFen")
            if let minPrice, let maxPrice, minPrice > maxPrice {
                invalid("minPriceFen", "minPriceFen must not exceed maxPriceFen")
            }

            func flag(_ name: String) -> Bool? {
                switch query[Substring(name)].map(String.init) {
                case nil: return nil
                case "true": return true
                case "false": return false
                default:
                    invalid(name, "\(name) is true or false")
                    return nil
                }
            }
            let green = flag("green")
            let povertyCounty = flag("povertyCounty")

            var supplier: ID<Organisation>?
            if let raw = query["supplier"] {
                supplier = ID<Organisation>(String(raw))
                if supplier == nil { invalid("supplier", "supplier is an organisation id (a UUID)") }
            }

            var agreement: ID<Agreement>?
            if let raw = query["agreement"] {
                agreement = ID<Agreement>(String(raw))
                if agreement == nil { invalid("agreement", "agreement is a framework agreement id (a UUID)") }
            }

            var region: RegionCode?
            if let raw = query["deliversTo"] {
                region = RegionCode(String(raw))
                if region == nil { invalid("deliversTo", "deliversTo is a region code of 6 digits") }
            }

            var sort: SearchStore.Sort?
            if let raw = query["sort"] {
                sort = SearchStore.Sort(rawValue: String(raw))
                if sort == nil { invalid("sort", "sort is one of relevance, price_asc, price_desc, newest") }
            }

            self.limit = 20
            if let raw = query["limit"] {
                if let limit = Int(String(raw)), (1...200).contains(limit) {
                    self.limit = limit
                } else {
                    invalid("limit", "limit must be an integer from 1 to 200")
                }
            }

            if errors.count == 1, let only = errors.first {
                throw Problem.invalidQuery(field: only.field, message: only.message)
            }
            if !errors.isEmpty {
                throw Problem(
                    status: .badRequest, code: "request.invalid_query",
                    detail: errors.map(\.message).joined(separator: "; "), errors: errors)
            }

            self.criteria = SearchStore.Criteria(
                terms: terms, categoryPrefix: categoryPrefix, minPriceFen: minPrice, maxPriceFen: maxPrice,
                green: green, povertyCounty: povertyCounty, supplierID: supplier, deliversTo: region, sort: sort,
                agreementID: agreement)
            if let raw = query["cursor"] {
                self.after = try SearchStore.After(cursor: Cursor(encoded: String(raw)), sort: criteria.sort)
            } else {
                self.after = nil
            }
        }

        /// Control characters other than whitespace (PostgreSQL text cannot even hold U+0000).
        static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.generalCategory == .control && !scalar.properties.isWhitespace
        }

        /// `A`, `B`, `C`, or one of them followed by 8 digits: the shape of a category code.
        static func isCategoryCode(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard let first = bytes.first, (UInt8(ascii: "A")...UInt8(ascii: "C")).contains(first) else { return false }
            let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
            return bytes.count == 1 || (bytes.count == 9 && bytes.dropFirst().allSatisfy(digits.contains))
        }

        /// The first value of a parameter decoded the way HTML forms and `URLSearchParams` encode it, where
        /// `+` is a space (`q=惠普+M454dn`) and a plus sign is `%2B`. `nil` when absent; `.some(nil)` when
        /// the percent-encoding is invalid.
        static func formValue(named name: String, in query: String?) -> String?? {
            guard let query else { return nil }
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.first.map(String.init) == name else { continue }
                let raw = parts.count > 1 ? String(parts[1]) : ""
                return .some(raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding)
            }
            return nil
        }
    }
}
