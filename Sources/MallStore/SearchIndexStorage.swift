import CMallPrefetch
import Foundation
import MallCore

/// The in-memory part of ``SearchIndex``: every approved listing's search fields, a posting list per character
/// gram, and the two sort orders. No I/O and no locking (``SearchIndex`` does both).
///
/// Each listing is a *document* numbered from 0, its fields kept in parallel arrays. A change never edits a
/// document: the old one is marked dead and the new state appended, so posting lists only ever grow at the end
/// and stay sorted. Documents loaded together (the *base*) are numbered in `(approved_at, id)` order; those
/// appended later (the *tail*) are kept in two small sorted arrays. ``SearchIndex`` rebuilds the whole thing
/// when dead and tail documents grow past a share of the base.
///
/// The matching rules are ``SearchStore``'s, so that both answer alike: a listing matches a term when its folded
/// `search_text` contains the term (the grams only find candidates), filters are the same, relevance is
/// ``SearchStore/relevanceDescription`` over the newest ``SearchStore/relevanceWindow`` matches, and the facets
/// count the newest ``SearchStore/countCap`` matches.
struct SearchIndexStorage {
    /// One approved listing, as loaded from PostgreSQL.
    struct Row: Sendable {
        var id: UUID
        /// `approved_at` in microseconds since 1970-01-01 UTC.
        var approvedMicros: Int64
        var priceFen: Int64
        var categoryCode: String
        var brand: String
        var supplierID: UUID
        var deliveryRegions: [String]
        var green: Bool
        var povertyCounty: Bool
        /// `search_text`: `mall_normalize(title || ' ' || brand || ' ' || model)`.
        var searchText: String
        /// `length(title)` in characters: the folded title is that many characters at the head of `searchText`.
        var titleLength: Int
        /// What a search hit shows, as stored (``SearchStore/Hit``).
        var title: String
        var model: String
        var unit: String
        var leadTimeDays: Int
        /// The supplier's organisation name (`""` when there is none).
        var supplierName: String
    }

    // MARK: Documents (parallel arrays, indexed by document number)

    private(set) var idHi: [UInt64] = []
    private(set) var idLo: [UInt64] = []
    private(set) var approved: [Int64] = []
    private(set) var price: [Int64] = []
    private var category: [UInt32] = []
    private var brand: [UInt32] = []
    private var supplier: [UInt32] = []
    private var regions: [UInt32] = []
    private var flags: [UInt8] = []
    /// The folded text of document `d` is `text[spans[d].start ..< spans[d].end]`; its title part ends at
    /// `spans[d].titleEnd`. One array of the three, not three arrays: a search reads them for documents spread over
    /// the whole index, and one cache miss then brings all three (docs/benchmarks.md, Catalog, 2026-11-24 18:51).
    private var spans: [TextSpan] = []
    private var text: [UInt8] = []
    /// What a hit shows of document `d`: title, model and unit as stored, each followed by a NUL byte (which
    /// PostgreSQL text cannot hold), in `shown[shownStart[d] ..< shownEnd[d]]`; and its lead time.
    private var shownStart: [UInt32] = []
    private var shownEnd: [UInt32] = []
    private var shown: [UInt8] = []
    private var leadTime: [Int32] = []

    private static let alive: UInt8 = 1
    private static let greenFlag: UInt8 = 2
    private static let povertyFlag: UInt8 = 4

    // MARK: Dictionaries

    private(set) var categoryCodes: [String] = []
    private var categoryIndex: [String: UInt32] = [:]
    private(set) var brands: [String] = []
    private var brandIndex: [String: UInt32] = [:]
    private var supplierIndex: [UUID: UInt32] = [:]
    /// Supplier number → its id and its name as last loaded (a rename re-loads every listing of the supplier:
    /// Schema/0014).
    private var supplierIDs: [UUID] = []
    private var supplierNames: [String] = []
    private var supplierDocs: [[UInt32]] = []
    /// Category number → its documents, ascending, and the same in ascending `(price, id)` order.
    private var categoryDocs: [[UInt32]] = []
    private var categoryPrice: [[UInt32]] = []
    /// Distinct delivery region lists; index 0 is the empty list (delivers nationwide).
    private var regionSets: [[String]] = [[]]
    private var regionSetIndex: [[String]: UInt32] = [[]: 0]
    /// Region code → the region lists naming it.
    private var regionSetsNaming: [String: [UInt32]] = [:]
    /// Character unigrams and bigrams (``gramKey(_:_:)``) → the documents containing them, ascending.
    private var postings: [UInt64: [UInt32]] = [:]
    private var documentOf: [UUID: UInt32] = [:]

    // MARK: Orders

    /// Documents `0 ..< baseCount` were loaded in ascending `(approved_at, id)` order.
    private(set) var baseCount = 0
    private var baseNewest: [UInt32] = []
    /// The base documents in ascending `(price, id)` order.
    private var basePrice: [UInt32] = []
    /// Documents appended after the base, in ascending `(approved_at, id)` and `(price, id)` order.
    private var tailNewest: [UInt32] = []
    private var tailPrice: [UInt32] = []

    /// Live (approved, current) documents.
    private(set) var liveCount = 0
    /// All documents, dead ones included.
    var documentCount: Int { flags.count }
    /// Whether a rebuild would pay: dead and appended documents are over a quarter of the base.
    var wantsRebuild: Bool {
        let stale = (documentCount - liveCount) + tailNewest.count
        return stale > 1_000 && stale * 4 > max(baseCount, 1)
    }

    init() {}

    /// A storage holding `rows`, which must come in ascending `(approved_at, id)` order (they become the base).
    init(base rows: [Row]) {
        reserve(rows.count)
        for row in rows { append(row) }
        baseCount = documentCount
        baseNewest = (0..<UInt32(baseCount)).map { $0 }
        // basePrice is in (price, id) order: split it by category for the per-category price lists.
        let prices = price
        let (his, los) = (idHi, idLo)
        basePrice = baseNewest.sorted { a, b in
            let (i, j) = (Int(a), Int(b))
            return Key(major: prices[i], hi: his[i], lo: los[i]) < Key(major: prices[j], hi: his[j], lo: los[j])
        }
        for document in basePrice { categoryPrice[Int(category[Int(document)])].append(document) }
    }

    private mutating func reserve(_ count: Int) {
        idHi.reserveCapacity(count)
        idLo.reserveCapacity(count)
        approved.reserveCapacity(count)
        price.reserveCapacity(count)
        category.reserveCapacity(count)
        brand.reserveCapacity(count)
        supplier.reserveCapacity(count)
        regions.reserveCapacity(count)
        flags.reserveCapacity(count)
        spans.reserveCapacity(count)
        text.reserveCapacity(count * 48)
        shownStart.reserveCapacity(count)
        shownEnd.reserveCapacity(count)
        shown.reserveCapacity(count * 64)
        leadTime.reserveCapacity(count)
        documentOf.reserveCapacity(count)
    }

    // MARK: - Changes

    /// Puts a listing's current state in the index: `row` when it is approved, nothing when it is not (or gone).
    mutating func upsert(id: UUID, row: Row?) {
        if let old = documentOf.removeValue(forKey: id) {
            flags[Int(old)] &= ~Self.alive
            liveCount -= 1
        }
        guard let row else { return }
        let document = append(row)
        let newestAt = insertionPoint(tailNewest, document, .newest)
        tailNewest.insert(document, at: newestAt)
        let priceAt = insertionPoint(tailPrice, document, .price)
        tailPrice.insert(document, at: priceAt)
        let categoryNumber = Int(category[Int(document)])
        let categoryAt = insertionPoint(categoryPrice[categoryNumber], document, .price)
        categoryPrice[categoryNumber].insert(document, at: categoryAt)
    }

    @discardableResult
    private mutating func append(_ row: Row) -> UInt32 {
        if let old = documentOf[row.id] {  // a duplicate in one load: the later row wins
            flags[Int(old)] &= ~Self.alive
            liveCount -= 1
        }
        let document = UInt32(flags.count)
        let (hi, lo) = Self.halves(row.id)
        idHi.append(hi)
        idLo.append(lo)
        approved.append(row.approvedMicros)
        price.append(row.priceFen)
        let categoryNumber = Self.intern(row.categoryCode, &categoryCodes, &categoryIndex)
        category.append(categoryNumber)
        if Int(categoryNumber) == categoryDocs.count {
            categoryDocs.append([])
            categoryPrice.append([])
        }
        categoryDocs[Int(categoryNumber)].append(document)
        brand.append(Self.intern(row.brand, &brands, &brandIndex))
        let supplierNumber: UInt32
        if let known = supplierIndex[row.supplierID] {
            supplierNumber = known
        } else {
            supplierNumber = UInt32(supplierDocs.count)
            supplierIndex[row.supplierID] = supplierNumber
            supplierDocs.append([])
            supplierIDs.append(row.supplierID)
            supplierNames.append("")
        }
        supplierNames[Int(supplierNumber)] = row.supplierName
        supplier.append(supplierNumber)
        supplierDocs[Int(supplierNumber)].append(document)
        let regionList = row.deliveryRegions.sorted()
        if let known = regionSetIndex[regionList] {
            regions.append(known)
        } else {
            let number = UInt32(regionSets.count)
            regionSets.append(regionList)
            regionSetIndex[regionList] = number
            for code in Set(regionList) { regionSetsNaming[code, default: []].append(number) }
            regions.append(number)
        }
        flags.append(Self.alive | (row.green ? Self.greenFlag : 0) | (row.povertyCounty ? Self.povertyFlag : 0))
        liveCount += 1
        documentOf[row.id] = document

        // The folded text, the byte where its title part ends, and its grams.
        let textStart = UInt32(text.count)
        var titleBytes = 0
        var seen = 0
        var previous: Unicode.Scalar? = nil
        var keys: [UInt64] = []
        keys.reserveCapacity(row.searchText.unicodeScalars.count * 2)
        for scalar in row.searchText.unicodeScalars {
            if seen < row.titleLength { titleBytes += UTF8.width(scalar) }
            seen += 1
            if Self.isSeparator(scalar) {
                previous = nil
                continue
            }
            keys.append(Self.gramKey(scalar, nil))
            if let previous { keys.append(Self.gramKey(previous, scalar)) }
            previous = scalar
        }
        text.append(contentsOf: row.searchText.utf8)
        spans.append(TextSpan(start: textStart, titleEnd: textStart + UInt32(titleBytes), end: UInt32(text.count)))
        shownStart.append(UInt32(shown.count))
        for field in [row.title, row.model, row.unit] {
            shown.append(contentsOf: field.utf8)
            shown.append(0)
        }
        shownEnd.append(UInt32(shown.count))
        leadTime.append(Int32(clamping: row.leadTimeDays))
        keys.sort()
        var last: UInt64? = nil
        for key in keys where key != last {
            postings[key, default: []].append(document)
            last = key
        }
        return document
    }

    private static func intern(_ value: String, _ values: inout [String], _ index: inout [String: UInt32]) -> UInt32 {
        if let known = index[value] { return known }
        let number = UInt32(values.count)
        values.append(value)
        index[value] = number
        return number
    }

    /// Where `mall_grams` splits words: PostgreSQL's `\s` (space, tab, line feed, vertical tab, form feed,
    /// carriage return). Folding already turned the ideographic space into a space.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)
    }

    /// A unigram (`second == nil`) or bigram as one number.
    static func gramKey(_ first: Unicode.Scalar, _ second: Unicode.Scalar?) -> UInt64 {
        UInt64(first.value) << 32 | UInt64(second.map { $0.value + 1 } ?? 0)
    }

    /// A UUID as two unsigned halves, which compare like PostgreSQL compares `uuid` (bytewise).
    static func halves(_ id: UUID) -> (UInt64, UInt64) {
        let u = id.uuid
        let hi = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let lo = [u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return (hi, lo)
    }

    static func uuid(hi: UInt64, lo: UInt64) -> UUID {
        func byte(_ value: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: value >> (56 - 8 * index)) }
        return UUID(
            uuid: (
                byte(hi, 0), byte(hi, 1), byte(hi, 2), byte(hi, 3), byte(hi, 4), byte(hi, 5), byte(hi, 6), byte(hi, 7),
                byte(lo, 0), byte(lo, 1), byte(lo, 2), byte(lo, 3), byte(lo, 4), byte(lo, 5), byte(lo, 6), byte(lo, 7)
            ))
    }

    func id(of document: UInt32) -> UUID { Self.uuid(hi: idHi[Int(document)], lo: idLo[Int(document)]) }

    /// Document `d` as a search hit, with `score`: the fields the SQL search reads from its row, from memory.
    func hit(_ d: UInt32, score: Int) -> SearchStore.Hit {
        let i = Int(d)
        var fields: [String] = []
        fields.reserveCapacity(3)
        shown.withUnsafeBufferPointer { buffer in
            var start = Int(shownStart[i])
            for end in start..<Int(shownEnd[i]) where buffer[end] == 0 {
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
                start = end + 1
            }
        }
        let micros = approved[i]
        let supplierNumber = Int(supplier[i])
        return SearchStore.Hit(
            id: ID(id(of: d)), title: fields[0], brand: brands[Int(brand[i])], model: fields[1],
            categoryCode: categoryCodes[Int(category[i])], unit: fields[2], priceFen: Fen(price[i]),
            green: flags[i] & Self.greenFlag != 0, povertyCounty: flags[i] & Self.povertyFlag != 0,
            supplierID: ID(supplierIDs[supplierNumber]), supplierName: supplierNames[supplierNumber],
            leadTimeDays: Int(leadTime[i]), approvedAt: Self.date(micros: micros),
            approvedAtKey: SearchIndex.key(fromMicros: micros), score: score)
    }

    /// Microseconds since 1970 UTC as the `Date` PostgresNIO decodes from the same `timestamptz` (it counts from
    /// 2000-01-01 in `Double` seconds; the same arithmetic gives the same bits).
    static func date(micros: Int64) -> Date {
        let since2000 = micros - 946_684_800 * 1_000_000
        return Date(timeInterval: Double(since2000) / 1_000_000, since: Date(timeIntervalSince1970: 946_684_800))
    }

    // MARK: - Keys and orders

    /// Where a document's folded text lies in ``text``, and where its title part ends.
    struct TextSpan {
        var start: UInt32
        var titleEnd: UInt32
        var end: UInt32
    }

    /// A sort key: `(approved_at, id)` or `(price, id)`.
    struct Key: Comparable {
        var major: Int64
        var hi: UInt64
        var lo: UInt64

        static func < (a: Key, b: Key) -> Bool {
            a.major != b.major ? a.major < b.major : a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo
        }
    }

    func newestKey(_ d: UInt32) -> Key { Key(major: approved[Int(d)], hi: idHi[Int(d)], lo: idLo[Int(d)]) }
    func priceKey(_ d: UInt32) -> Key { Key(major: price[Int(d)], hi: idHi[Int(d)], lo: idLo[Int(d)]) }
    func key(_ d: UInt32, _ order: Order) -> Key { order == .newest ? newestKey(d) : priceKey(d) }

    /// Where `document` goes in `array` (ascending in `order`).
    private func insertionPoint(_ array: [UInt32], _ document: UInt32, _ order: Order) -> Int {
        position(in: array[...], order, bound: key(document, order), after: false)
    }

    /// The first position in `list` (ascending in `order`) whose key is greater than `bound` (`after == true`) or
    /// not less than it.
    private func position(in list: ArraySlice<UInt32>, _ order: Order, bound: Key, after: Bool) -> Int {
        var low = list.startIndex
        var high = list.endIndex
        while low < high {
            let mid = (low + high) / 2
            let k = key(list[mid], order)
            if after ? k <= bound : k < bound { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Where a walk in price order starts (`bound`, moved to the near end of the query's price range) and the price
    /// past which it stops (the far end).
    private func priceRange(_ q: Query, descending: Bool, after bound: Key?) -> (start: Key?, stop: Int64?) {
        if descending {
            guard let maximum = q.maxPrice else { return (bound, q.minPrice) }
            let edge = Key(major: maximum, hi: .max, lo: .max)
            return (min(bound ?? edge, edge), q.minPrice)
        }
        guard let minimum = q.minPrice else { return (bound, q.maxPrice) }
        let edge = Key(major: minimum, hi: 0, lo: 0)
        return (max(bound ?? edge, edge), q.maxPrice)
    }

    enum Order { case newest, price }

    /// Visits documents in `order` (ascending, or descending), starting strictly after `bound` in that direction,
    /// until `visit` returns false. Dead documents are visited too (the caller's predicate skips them).
    private func walk(
        _ order: Order, descending: Bool, after bound: Key?, _ visit: (UInt32) -> Bool
    ) {
        let base = order == .newest ? baseNewest : basePrice
        let tail = order == .newest ? tailNewest : tailPrice
        let key = { (d: UInt32) -> Key in self.key(d, order) }
        if descending {
            // Positions are one past the next document to visit.
            let i = bound.map { position(in: base[...], order, bound: $0, after: false) } ?? base.count
            let j = bound.map { position(in: tail[...], order, bound: $0, after: false) } ?? tail.count
            Self.mergeDescending(base[..<i], tail[..<j], key: key, visit)
        } else {
            var i = bound.map { position(in: base[...], order, bound: $0, after: true) } ?? 0
            var j = bound.map { position(in: tail[...], order, bound: $0, after: true) } ?? 0
            while i < base.count || j < tail.count {
                let document: UInt32
                if j == tail.count || (i < base.count && key(base[i]) < key(tail[j])) {
                    document = base[i]
                    i += 1
                } else {
                    document = tail[j]
                    j += 1
                }
                if !visit(document) { return }
            }
        }
    }

    // MARK: - Queries

    /// A search's criteria, resolved against this storage's dictionaries.
    struct Query {
        /// Every term, folded, as UTF-8; each must be contained in the folded text.
        var terms: [[UInt8]]
        /// The terms joined by one space (the "whole query" of the relevance score).
        var wholeQuery: [UInt8]
        /// Terms whose containment the candidate lists do not already prove (longer than two characters).
        var termsToCheck: [[UInt8]]
        /// Per category number: in the requested subtree (`nil`: no category filter).
        var categories: [Bool]?
        /// The category numbers in the subtree (`nil`: no category filter).
        var categoryNumbers: [Int]?
        var minPrice: Int64?
        var maxPrice: Int64?
        var flagMask: UInt8
        var flagValue: UInt8
        /// Per region list number: delivers to the requested region (`nil`: no region filter).
        var regionSets: [Bool]?
        /// The posting lists (ascending) whose intersection holds the candidate documents; `nil` means every
        /// document, an empty list none. Intersected lazily: newest first only as far as a search reads
        /// (``NewestStream``), in full only for the price sorts.
        var lists: [[UInt32]]?
    }

    /// Resolves `criteria` (without an agreement filter, which ``SearchIndex`` leaves to SQL).
    func query(_ criteria: SearchStore.Criteria) -> Query {
        var lists: [[UInt32]] = []
        var impossible = false
        for gram in SearchStore.grams(of: criteria.terms) {
            let scalars = Array(gram.unicodeScalars)
            let key = Self.gramKey(scalars[0], scalars.count > 1 ? scalars[1] : nil)
            if let list = postings[key] { lists.append(list) } else { impossible = true }
        }
        if let supplierID = criteria.supplierID {
            if let number = supplierIndex[supplierID.uuid] {
                lists.append(supplierDocs[Int(number)])
            } else {
                impossible = true
            }
        }
        let candidateLists: [[UInt32]]? = impossible ? [[]] : lists.isEmpty ? nil : lists
        var categories: [Bool]? = nil
        var categoryNumbers: [Int]? = nil
        if let prefix = criteria.categoryPrefix {
            let flags = categoryCodes.map { $0.hasPrefix(prefix) }
            categories = flags
            categoryNumbers = flags.indices.filter { flags[$0] }
        }
        var regionFlags: [Bool]? = nil
        if let region = criteria.deliversTo {
            var flags = [Bool](repeating: false, count: regionSets.count)
            flags[0] = true  // nationwide
            for code in Set([region.rawValue, region.prefecture.rawValue, region.province.rawValue]) {
                for number in regionSetsNaming[code] ?? [] { flags[Int(number)] = true }
            }
            regionFlags = flags
        }
        var mask: UInt8 = Self.alive
        var value: UInt8 = Self.alive
        if let green = criteria.green {
            mask |= Self.greenFlag
            if green { value |= Self.greenFlag }
        }
        if let poverty = criteria.povertyCounty {
            mask |= Self.povertyFlag
            if poverty { value |= Self.povertyFlag }
        }
        let terms = criteria.terms.map { Array($0.utf8) }
        return Query(
            terms: terms, wholeQuery: Array(criteria.terms.joined(separator: " ").utf8),
            termsToCheck: criteria.terms.filter { $0.unicodeScalars.count > 2 }.map { Array($0.utf8) },
            categories: categories, categoryNumbers: categoryNumbers, minPrice: criteria.minPriceFen?.rawValue, maxPrice: criteria.maxPriceFen?.rawValue,
            flagMask: mask, flagValue: value, regionSets: regionFlags, lists: candidateLists)
    }

    /// Sorted lists intersected, shortest first; each further list is searched by galloping.
    static func intersect(_ lists: [[UInt32]]) -> [UInt32] {
        guard lists.count > 1 else { return lists.first ?? [] }
        let ordered = lists.sorted { $0.count < $1.count }
        var result = ordered[0]
        for list in ordered.dropFirst() {
            if result.isEmpty { break }
            var kept: [UInt32] = []
            kept.reserveCapacity(result.count)
            var low = 0
            for document in result {
                // Gallop from `low` to the first element >= document.
                var step = 1
                var high = low
                while high < list.count, list[high] < document {
                    low = high + 1
                    high += step
                    step *= 2
                }
                high = min(high, list.count)
                while low < high {
                    let mid = (low + high) / 2
                    if list[mid] < document { low = mid + 1 } else { high = mid }
                }
                if low < list.count, list[low] == document { kept.append(document) }
            }
            result = kept
        }
        return result
    }

    /// Whether document `d` matches (apart from candidate membership).
    @inline(__always)
    private func matches(_ d: UInt32, _ q: Query, _ textBase: UnsafePointer<UInt8>) -> Bool {
        let i = Int(d)
        guard flags[i] & q.flagMask == q.flagValue else { return false }
        if let minimum = q.minPrice, price[i] < minimum { return false }
        if let maximum = q.maxPrice, price[i] > maximum { return false }
        if let categories = q.categories, !categories[Int(category[i])] { return false }
        if let regionSets = q.regionSets, !regionSets[Int(regions[i])] { return false }
        if !q.termsToCheck.isEmpty {
            let span = spans[i]
            for term in q.termsToCheck where !Self.contains(textBase, from: Int(span.start), to: Int(span.end), term) {
                return false
            }
        }
        return true
    }

    /// Whether `haystack[from ..< to]` contains `needle`.
    ///
    /// Eight positions at a time: a position can start the needle only where its first two bytes are the needle's
    /// first two, found for eight positions at once with two unaligned 8-byte loads (SWAR). In UTF-8 Chinese the
    /// first byte alone matches often (a sixth of the characters share it); the first two rarely. What is left
    /// past the last full word, and needles of one byte, go a byte at a time.
    static func contains(_ haystack: UnsafePointer<UInt8>, from: Int, to: Int, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        if n == 0 { return true }
        if to - from < n { return false }
        return needle.withUnsafeBufferPointer { needle in
            let first = needle[0]
            var start = from
            if n >= 2 {
                let raw = UnsafeRawPointer(haystack)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                let first8 = ones &* UInt64(first)
                let second8 = ones &* UInt64(needle[1])
                /// The high bit of each byte of `x` that is zero, exactly.
                @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
                // Loads read start ..< start + 9: inside the span while start + 9 <= to.
                while start + 9 <= to {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt64.self))
                    let next = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 1, as: UInt64.self))
                    var candidates = zeroBytes(word ^ first8) & zeroBytes(next ^ second8)
                    while candidates != 0 {
                        let at = start + candidates.trailingZeroBitCount >> 3
                        if at + n <= to {
                            var k = 2
                            while k < n, haystack[at + k] == needle[k] { k += 1 }
                            if k == n { return true }
                        }
                        candidates &= candidates &- 1
                    }
                    start += 8
                }
            }
            while start <= to - n {
                if haystack[start] == first {
                    var k = 1
                    while k < n, haystack[start + k] == needle[k] { k += 1 }
                    if k == n { return true }
                }
                start += 1
            }
            return false
        }
    }

    /// Up to `k` matching documents in `order` (`descending` or not), strictly after `bound`.
    ///
    /// Two ways, whichever visits fewer documents: filter the candidate list and keep the best `k` in a heap
    /// (narrow searches), or walk the order and stop at the `k`-th match (broad ones).
    func first(
        _ k: Int, _ q: Query, order: Order, descending: Bool, after bound: Key?
    ) -> [UInt32] {
        precondition(order == .price || descending, "newest order is only read newest first")
        guard k > 0 else { return [] }
        return text.withUnsafeBufferPointer { buffer -> [UInt32] in
            let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
            let key = { (d: UInt32) -> Key in self.key(d, order) }
            if order == .newest {
                // Newest first, lazily: stop reading the lists at the k-th match.
                if let lists = q.lists {
                    var stream = newestStream(lists, after: bound)
                    return take(k, q, base) { stream.next(self) }
                }
                // A narrow category subtree: each category's own order, merged (like SearchStore's per-leaf
                // LATERAL), instead of a walk of the whole order that would skip everything else.
                if let numbers = q.categoryNumbers, numbers.count <= 32 {
                    var merge = NewestMerge(numbers.map { newestStream([categoryDocs[$0]], after: bound) })
                    return take(k, q, base) { merge.next(self) }
                }
            } else if q.lists == nil, let numbers = q.categoryNumbers, numbers.count <= 32 {
                var merged: [UInt32] = []
                for number in numbers {
                    merged += byPrice(k, from: categoryPrice[number], q, descending: descending, after: bound, base)
                }
                merged.sort { descending ? key($1) < key($0) : key($0) < key($1) }
                return Array(merged.prefix(k))
            }
            if let lists = q.lists {
                let candidates = Self.intersect(lists)
                let collectLimit = max(20_000, Int(Double(16 * k * max(liveCount, 1)).squareRoot()))
                if candidates.count <= collectLimit {
                    // Keep the best k: a heap whose top is the worst kept.
                    var heap = BoundedHeap(capacity: k) { a, b in
                        descending ? key(a) < key(b) : key(b) < key(a)
                    }
                    for d in candidates where matches(d, q, base) {
                        if let bound {
                            let dk = key(d)
                            if descending ? !(dk < bound) : !(bound < dk) { continue }
                        }
                        heap.offer(d)
                    }
                    return heap.sorted()
                }
                var member = [UInt64](repeating: 0, count: documentCount / 64 + 1)
                for d in candidates { member[Int(d >> 6)] |= 1 << UInt64(d & 63) }
                var found: [UInt32] = []
                walk(order, descending: descending, after: bound) { d in
                    if member[Int(d >> 6)] & (1 << UInt64(d & 63)) != 0, matches(d, q, base) { found.append(d) }
                    return found.count < k
                }
                return found
            }
            // In price order a price range is a slice of the order: start at its near end, stop past its far end.
            let (start, stop) = order == .price ? priceRange(q, descending: descending, after: bound) : (bound, nil)
            var found: [UInt32] = []
            walk(order, descending: descending, after: start) { d in
                if let stop, descending ? price[Int(d)] < stop : price[Int(d)] > stop { return false }
                if matches(d, q, base) { found.append(d) }
                return found.count < k
            }
            return found
        }
    }

    /// The first `k` documents of `next` that match.
    ///
    /// They are read sixteen at a time, and what ``matches(_:_:_:)`` will read of each is asked of the cache for all
    /// sixteen first: documents lie all over the index, each read is a cache miss, and asked together the misses
    /// overlap instead of following one another (docs/benchmarks.md, Catalog, 2026-11-24 18:51). A walk may so read
    /// up to fifteen documents past the k-th match; they are not checked.
    @inline(__always)
    private func take(
        _ k: Int, _ q: Query, _ base: UnsafePointer<UInt8>, _ next: () -> UInt32?
    ) -> [UInt32] {
        var found: [UInt32] = []
        let readsText = !q.termsToCheck.isEmpty
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { documents in
            while found.count < k {
                var count = 0
                while count < documents.count, let d = next() {
                    documents[count] = d
                    count += 1
                }
                if count == 0 { break }
                prefetch(documents[..<count], text: readsText)
                for d in documents[..<count] where found.count < k && matches(d, q, base) { found.append(d) }
            }
            return found
        }
    }

    /// Asks the cache for what a check of `documents` reads: their flags and, with `text`, their text spans and the
    /// first bytes of their text.
    func prefetch(_ documents: some Collection<UInt32>, text: Bool) {
        flags.withUnsafeBufferPointer { flags in
            spans.withUnsafeBufferPointer { spans in
                guard let flagBase = flags.baseAddress, let spanBase = spans.baseAddress else { return }
                for d in documents {
                    mall_prefetch(flagBase + Int(d))
                    if text { mall_prefetch(spanBase + Int(d)) }
                }
                guard text else { return }
                self.text.withUnsafeBufferPointer { bytes in
                    guard let textBase = bytes.baseAddress else { return }
                    for d in documents { mall_prefetch(textBase + Int(spanBase[Int(d)].start)) }
                }
            }
        }
    }

    /// The documents in every one of `lists` (ascending document numbers), newest first, strictly before `bound`.
    /// Base documents are numbered in newest order, so their part of each list is read backwards; the (few) tail
    /// documents are intersected at once and merged in.
    private func newestStream(_ lists: [[UInt32]], after bound: Key?) -> NewestStream {
        let split = UInt32(baseCount)
        var bases: [ArraySlice<UInt32>] = []
        var tails: [[UInt32]] = []
        for list in lists {
            let at = position(ofFirst: split, in: list)
            bases.append(list[..<at])
            tails.append(at == list.count ? [] : Array(list[at...]))
        }
        bases.sort { $0.count < $1.count }
        var lead = bases.removeFirst()
        if let bound { lead = lead[..<position(in: lead, .newest, bound: bound, after: false)] }
        var tail = Self.intersect(tails)
        if let bound { tail.removeAll { !(newestKey($0) < bound) } }
        tail.sort { newestKey($0) < newestKey($1) }
        return NewestStream(lead: lead, others: bases, tail: tail)
    }

    /// Visits the documents of two runs, each ascending in `key`, merged greatest first, until `visit` returns
    /// false.
    @inline(__always)
    private static func mergeDescending(
        _ first: ArraySlice<UInt32>, _ second: ArraySlice<UInt32>, key: (UInt32) -> Key, _ visit: (UInt32) -> Bool
    ) {
        var i = first.endIndex
        var j = second.endIndex
        while i > first.startIndex || j > second.startIndex {
            let document: UInt32
            if j == second.startIndex || (i > first.startIndex && key(second[j - 1]) < key(first[i - 1])) {
                i -= 1
                document = first[i]
            } else {
                j -= 1
                document = second[j]
            }
            if !visit(document) { return }
        }
    }

    /// Up to `k` matches of `list` (in ascending `(price, id)` order) in price order, strictly after `bound`, within
    /// the query's price range.
    private func byPrice(
        _ k: Int, from list: [UInt32], _ q: Query, descending: Bool, after bound: Key?, _ base: UnsafePointer<UInt8>
    ) -> [UInt32] {
        let (start, stop) = priceRange(q, descending: descending, after: bound)
        var found: [UInt32] = []
        if descending {
            var i = start.map { position(in: list[...], .price, bound: $0, after: false) } ?? list.count
            while i > 0, found.count < k {
                i -= 1
                if let stop, price[Int(list[i])] < stop { break }
                if matches(list[i], q, base) { found.append(list[i]) }
            }
        } else {
            var i = start.map { position(in: list[...], .price, bound: $0, after: true) } ?? 0
            while i < list.count, found.count < k {
                if let stop, price[Int(list[i])] > stop { break }
                if matches(list[i], q, base) { found.append(list[i]) }
                i += 1
            }
        }
        return found
    }

    /// The first position in an ascending list holding `document` or a greater one.
    private func position(ofFirst document: UInt32, in list: [UInt32]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < document { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The relevance score of ``SearchStore/relevanceDescription``.
    func score(_ d: UInt32, _ q: Query) -> Int {
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let span = spans[Int(d)]
            let start = Int(span.start)
            let title = Int(span.titleEnd)
            let end = Int(span.end)
            // A one-term query is its whole query (the terms joined): the title is searched for it once.
            let single = q.terms.count == 1
            var score = 0
            if !single, Self.contains(base, from: start, to: title, q.wholeQuery) { score += 3 }
            for term in q.terms {
                if Self.contains(base, from: start, to: title, term) { score += single ? 4 : 1 }
                if title + 1 <= end, Self.contains(base, from: title + 1, to: end, term) { score += 1 }
            }
            return score
        }
    }

    /// The facet counts over `documents`.
    func counts(_ documents: ArraySlice<UInt32>) -> (
        categories: [(code: String, count: Int)], brands: [(brand: String, count: Int)], green: (Int, Int),
        poverty: (Int, Int)
    ) {
        var byCategory = [Int](repeating: 0, count: categoryCodes.count)
        var byBrand = [Int](repeating: 0, count: brands.count)
        var green = (0, 0)
        var poverty = (0, 0)
        for d in documents {
            let i = Int(d)
            byCategory[Int(category[i])] += 1
            byBrand[Int(brand[i])] += 1
            if flags[i] & Self.greenFlag != 0 { green.0 += 1 } else { green.1 += 1 }
            if flags[i] & Self.povertyFlag != 0 { poverty.0 += 1 } else { poverty.1 += 1 }
        }
        let categories = byCategory.indices.filter { byCategory[$0] > 0 }
            .map { (code: categoryCodes[$0], count: byCategory[$0]) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
        let brands = byBrand.indices.filter { byBrand[$0] > 0 }.map { (brand: self.brands[$0], count: byBrand[$0]) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.brand.utf8.lexicographicallyPrecedes($1.brand.utf8) }
        return (Array(categories.prefix(SearchStore.facetSize)), Array(brands.prefix(SearchStore.facetSize)), green, poverty)
    }
}

/// The best `capacity` elements offered, by `worse` (a max-heap of the kept ones, worst on top).
struct BoundedHeap {
    private var items: [UInt32] = []
    private let capacity: Int
    /// `worse(a, b)`: a ranks after b.
    private let worse: (UInt32, UInt32) -> Bool

    init(capacity: Int, worse: @escaping (UInt32, UInt32) -> Bool) {
        self.capacity = capacity
        self.worse = worse
        items.reserveCapacity(min(capacity, 1_024))
    }

    mutating func offer(_ item: UInt32) {
        if items.count < capacity {
            items.append(item)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard worse(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        } else if worse(items[0], item) {
            items[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var largest = parent
                if left < items.count, worse(items[left], items[largest]) { largest = left }
                if right < items.count, worse(items[right], items[largest]) { largest = right }
                if largest == parent { break }
                items.swapAt(parent, largest)
                parent = largest
            }
        }
    }

    /// The kept elements, best first.
    func sorted() -> [UInt32] { items.sorted { worse($1, $0) } }
}

/// The documents in every one of a few posting lists, newest first, found as they are read (a backwards
/// leapfrog intersection): a search that needs the newest 501 matches reads about that many, not every match.
///
/// `lead` and `others` are the lists' base parts (document numbers below ``SearchIndexStorage/baseCount``, which
/// ascend in newest order), `lead` the shortest, already cut at the search's cursor; `tail` holds the appended
/// documents in all lists, ascending in newest order.
struct NewestStream {
    private let lead: ArraySlice<UInt32>
    private let others: [ArraySlice<UInt32>]
    /// Per other list: its elements at `ends[l]` and after are greater than every lead document still to read.
    private var ends: [Int]
    /// One past the next lead document to read.
    private var i: Int
    private let tail: [UInt32]
    private var j: Int
    /// The next base document, read ahead to be merged with the tail.
    private var pending: UInt32?

    init(lead: ArraySlice<UInt32>, others: [ArraySlice<UInt32>], tail: [UInt32]) {
        self.lead = lead
        self.others = others
        ends = others.map(\.endIndex)
        i = lead.endIndex
        self.tail = tail
        j = tail.count
        pending = nil
    }

    /// The next document, newest first; `nil` when there is none.
    mutating func next(_ storage: SearchIndexStorage) -> UInt32? {
        if pending == nil { pending = nextBase() }
        if j > 0, pending.map({ storage.newestKey($0) < storage.newestKey(tail[j - 1]) }) ?? true {
            j -= 1
            return tail[j]
        }
        defer { pending = nil }
        return pending
    }

    /// The next base document in every list, greatest first.
    private mutating func nextBase() -> UInt32? {
        outer: while i > lead.startIndex {
            i -= 1
            let d = lead[i]
            for l in others.indices {
                let list = others[l]
                let u = Self.upperBound(list, below: ends[l], of: d)
                ends[l] = u
                if u > list.startIndex, list[u - 1] == d { continue }
                // Not in list l: skip the lead back to what list l holds next (or stop when it holds nothing).
                guard u > list.startIndex else {
                    i = lead.startIndex
                    return nil
                }
                i = Self.upperBound(lead, below: i, of: list[u - 1])
                continue outer
            }
            return d
        }
        return nil
    }

    /// The first position before `end` in ascending `list` whose element is greater than `value` (every element at
    /// `end` and after is): galloping backwards from `end`, then a binary search.
    @inline(__always)
    static func upperBound(_ list: ArraySlice<UInt32>, below end: Int, of value: UInt32) -> Int {
        var high = end
        var probe = end - 1
        var step = 1
        while probe >= list.startIndex, list[probe] > value {
            high = probe
            probe -= step
            step *= 2
        }
        var low = max(probe + 1, list.startIndex)
        while low < high {
            let mid = (low + high) / 2
            if list[mid] > value { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Several newest-first streams (a category subtree's categories) merged newest first.
struct NewestMerge {
    private var streams: [NewestStream]
    private var heads: [UInt32?]
    private var started = false

    init(_ streams: [NewestStream]) {
        self.streams = streams
        heads = Array(repeating: nil, count: streams.count)
    }

    mutating func next(_ storage: SearchIndexStorage) -> UInt32? {
        if !started {
            for s in streams.indices { heads[s] = streams[s].next(storage) }
            started = true
        }
        var best: Int? = nil
        for s in heads.indices {
            guard let d = heads[s] else { continue }
            if let b = best, let current = heads[b], !(storage.newestKey(current) < storage.newestKey(d)) { continue }
            best = s
        }
        guard let best, let d = heads[best] else { return nil }
        heads[best] = streams[best].next(storage)
        return d
    }
}
