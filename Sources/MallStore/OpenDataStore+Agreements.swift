import Foundation
import Logging
import MallCore
import PostgresNIO

/// Framework agreements in the open-data feed (DOMAIN.md §X2, §F; `Schema/0012_ocds_agreements.sql`): each
/// agreement's stage 1 is one contracting process with a release (revision) per published change.
extension OpenDataStore {
    /// What changed in an agreement's release; the stored `stage` of its feed row.
    package enum AgreementStage: String, Sendable, Hashable, CaseIterable {
        /// The agreement became active: the stage-1 results and the admitted suppliers (§F2, §F3).
        case activated
        /// A supplier joined during the term: an accepted application or supplementary call (§F10).
        case joined
        /// A supplier left: an open agreement's withdrawal, or a closed one's accepted withdrawal (§F10).
        case left
        /// A supplier was removed for cause (§F10).
        case removed
        /// An agreed price was lowered (§P4), or a product replacement lowered it (§F11).
        case priceLowered = "price_lowered"
        /// The term is over.
        case expired
        /// The agreement was terminated.
        case terminated
    }

    /// The most releases `releases(agreementID:)` returns (oldest first); the feed has them all.
    package static let agreementReleaseLimit = 1_000

    /// The members of the agreement `a` as of now, as stored in `ocds_releases.admissions`: one object per member
    /// (by lot, then rotation position) with its id, agreed price, whether it is still admitted (active, or
    /// waiting for a withdrawal to be accepted) and its size (declared in its stage-1 bid, else its declared
    /// size now). The same expression as the backfill of `Schema/0012_ocds_agreements.sql`.
    static let admissionsSQL = """
        coalesce((SELECT jsonb_agg(jsonb_build_object(
                         'member', m.id, 'priceFen', m.agreed_price_fen,
                         'active', m.status IN ('active', 'withdrawal_requested'),
                         'size', coalesce(p.supplier_size, s.enterprise_size))
                     ORDER BY m.lot_no, m.rotation_position)
                  FROM agreement_members m
                  JOIN organisations s ON s.id = m.supplier_id
                  LEFT JOIN agreement_responses p
                      ON p.agreement_id = m.agreement_id AND p.lot_no = m.lot_no AND p.supplier_id = m.supplier_id
                  WHERE m.agreement_id = a.id), '[]'::jsonb)
        """

    /// Records a release of a published agreement (one that was activated) in the caller's transaction, which
    /// must be READ COMMITTED: its next revision, with the members as they are in this transaction. Takes the
    /// feed's lock (as ``recordOrderRelease(orderID:stage:now:on:logger:)``), so call it as the transaction's
    /// last write, after the change it publishes. Nothing is recorded for an agreement never activated.
    package static func recordAgreementRelease(
        agreementID: ID<Agreement>, stage: AgreementStage, now: Date, on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await conn.query("SELECT pg_advisory_xact_lock(\(feedLockKey))", logger: logger)
        // A new statement after the lock: its snapshot sees every release committed before, so the revision and
        // the members follow those of a concurrent change of the same agreement that committed first.
        try await conn.query(
            """
            INSERT INTO ocds_releases (kind, stage, agreement_id, revision, admissions, release_date)
            SELECT 'agreement', \(stage.rawValue), a.id,
                   coalesce((SELECT max(r.revision) FROM ocds_releases r WHERE r.agreement_id = a.id), 0) + 1,
                   \(unescaped: admissionsSQL),
                   greatest(\(now)::timestamptz, (SELECT max(release_date) FROM ocds_releases))
            FROM agreements a
            WHERE a.id = \(agreementID) AND a.activated_at IS NOT NULL
            """, logger: logger)
    }

    /// Every release of one agreement, oldest first (at most ``agreementReleaseLimit``); empty when the agreement
    /// is unknown or was never activated.
    package func releases(agreementID: ID<Agreement>, logger: Logger) async throws -> [Release] {
        try await database.withConnection { conn in
            let rows = try await Self.rows(
                conn.query(
                    """
                    SELECT \(unescaped: Self.rowColumns) FROM ocds_releases r
                    WHERE r.agreement_id = \(agreementID)
                    ORDER BY r.release_date, r.seq
                    LIMIT \(Self.agreementReleaseLimit)
                    """, logger: logger))
            return try await load(rows, on: conn, logger: logger)
        }
    }

    // MARK: - Snapshots

    /// One member as a feed row stored it.
    private struct Admission: Decodable {
        var member: UUID
        var priceFen: Fen
        var active: Bool
        var size: String?
    }

    /// What does not change during an agreement's term (DOMAIN.md §F4), with its central purchasing body.
    private struct Facts {
        var agreement: OpenDataAgreement
        var terminatedAt: Date?
    }

    /// The snapshots of agreement feed rows, by feed position (DOMAIN.md §X2, §F): the agreement's number,
    /// title, subject, kind, term (and the reason for a long one), the regions it serves as its buyers, its lots
    /// with their 品目 names, its stage-2 methods (§F9), the number of stage-1 tenderers and the SME deduction
    /// that applied in stage 1 (§F2), the operator organisation that created it as the central purchasing body,
    /// and the members as the row recorded them, with their organisations. `updatedAt` is the release date, and
    /// the termination is the date of the agreement's `terminated` release. Organisations only: no user is read.
    ///
    /// - Throws: `DomainError` `open_data.snapshot_inconsistent` for a row whose agreement, member or stored
    ///   values cannot be read.
    func agreementSnapshots(_ rows: [Row], on conn: PostgresConnection, logger: Logger) async throws
        -> [Int64: OpenDataAgreement]
    {
        let ids = Array(Set(rows.compactMap(\.agreementID)))
        let facts = try await agreementFacts(ids: ids, on: conn, logger: logger)
        let members = try await agreementMembers(ids: ids, on: conn, logger: logger)
        let decoder = JSONDecoder()
        var result: [Int64: OpenDataAgreement] = [:]
        for row in rows {
            guard let id = row.agreementID, let revision = row.revision, let fact = facts[id],
                let text = row.admissions,
                let admissions = try? decoder.decode([Admission].self, from: Data(text.utf8))
            else { throw Self.missing("agreement release \(row.seq)") }
            var agreement = fact.agreement
            agreement.revision = revision
            agreement.updatedAt = row.date
            agreement.terminatedAt = fact.terminatedAt
            agreement.admitted = try admissions.map { admission in
                guard var member = members[admission.member] else {
                    throw Self.missing("agreement release \(row.seq) (member \(admission.member))")
                }
                member.agreedUnitPriceFen = admission.priceFen
                member.isActive = admission.active
                member.supplier.size = admission.size.flatMap(EnterpriseSize.init(rawValue:))
                return member
            }
            result[row.seq] = agreement
        }
        return result
    }

    /// The unchanging facts of agreements, with their lots; `admitted` is left empty.
    private func agreementFacts(ids: [ID<Agreement>], on conn: PostgresConnection, logger: Logger) async throws
        -> [ID<Agreement>: Facts]
    {
        let lots = try await agreementLots(ids: ids, on: conn, logger: logger)
        let rows = try await conn.query(
            """
            SELECT a.id, a.agreement_no, a.title, a.subject, a.kind, to_char(a.term_start, 'YYYY-MM-DD'),
                   to_char(a.term_end, 'YYYY-MM-DD'), a.term_reason, a.stage_two_method, a.stage_two_above_method,
                   a.activated_at,
                   (SELECT string_agg(g.name, '、' ORDER BY g.code) FROM regions g
                    WHERE g.code::text = ANY(a.regions)),
                   o.id, o.name, o.region_code::text,
                   (SELECT count(DISTINCT x.supplier_id)::int FROM agreement_results x WHERE x.agreement_id = a.id),
                   (SELECT round(10000 * (x.unit_price_fen - x.evaluated_fen)::numeric / x.unit_price_fen)::int
                    FROM agreement_results x WHERE x.agreement_id = a.id AND x.deduction_applied
                    ORDER BY x.unit_price_fen DESC LIMIT 1),
                   (SELECT min(r.release_date) FROM ocds_releases r
                    WHERE r.agreement_id = a.id AND r.stage = 'terminated')
            FROM agreements a
            JOIN users u ON u.id = a.created_by
            JOIN organisations o ON o.id = u.organisation_id
            WHERE a.id = ANY(\(ids.map(\.uuid)))
            LIMIT \(ids.count)
            """, logger: logger)
        var result: [ID<Agreement>: Facts] = [:]
        for try await row in rows {
            let (
                id, number, title, subject, kind, start, end, termReason, method, above, activatedAt, regions, bodyID,
                bodyName, bodyRegion, tenderers, deduction, terminatedAt
            ) = try row.decode(
                (
                    ID<Agreement>, String, String, String, String, String, String, String?, String, String?, Date?,
                    String?, ID<Organisation>, String, String, Int, Int?, Date?
                ).self)
            guard let subject = OpenDataAgreement.Subject(rawValue: subject),
                let kind = OpenDataAgreement.Kind(rawValue: kind), let start = LocalDate(start),
                let end = LocalDate(end), let method = OpenDataStageTwoMethod(rawValue: method),
                let bodyRegion = RegionCode(bodyRegion), let activatedAt
            else { throw Self.missing("agreement \(id) (a value this server does not know, or not activated)") }
            let methods = Set([method] + (above.flatMap(OpenDataStageTwoMethod.init(rawValue:)).map { [$0] } ?? []))
            let agreement = OpenDataAgreement(
                id: id.uuid, agreementNo: number, title: title, subject: subject, kind: kind, termStart: start,
                termEnd: end, termReason: termReason,
                buyerCategories: regions.map { "\($0)的预算单位" } ?? "全国预算单位", lots: lots[id] ?? [],
                stageTwoMethods: methods, smePriceDeduction: deduction.map { BasisPoints(Int32(clamping: $0)) },
                numberOfTenderers: tenderers > 0 ? tenderers : nil, admitted: [], signedAt: activatedAt,
                updatedAt: activatedAt, revision: 0,
                centralPurchasingBody: OpenDataOrganisation(id: bodyID, name: bodyName, region: bodyRegion))
            result[id] = Facts(agreement: agreement, terminatedAt: terminatedAt)
        }
        return result
    }

    /// The lots of agreements with their 品目 names. A lot names no unit of measure: it is the unit most of the
    /// lot's stage-1 bids (else members) sell in, and `件` (piece) for a lot without either.
    private func agreementLots(ids: [ID<Agreement>], on conn: PostgresConnection, logger: Logger) async throws
        -> [ID<Agreement>: [OpenDataAgreement.Lot]]
    {
        let rows = try await conn.query(
            """
            SELECT l.agreement_id, l.lot_no, l.name, l.category_code, c.name, l.max_unit_price_fen,
                   l.estimated_quantity,
                   coalesce(
                       (SELECT li.unit FROM agreement_responses p JOIN listings li ON li.id = p.listing_id
                        WHERE p.agreement_id = l.agreement_id AND p.lot_no = l.lot_no
                        GROUP BY li.unit ORDER BY count(*) DESC, li.unit LIMIT 1),
                       (SELECT li.unit FROM agreement_members m JOIN listings li ON li.id = m.listing_id
                        WHERE m.agreement_id = l.agreement_id AND m.lot_no = l.lot_no
                        GROUP BY li.unit ORDER BY count(*) DESC, li.unit LIMIT 1),
                       '件')
            FROM agreement_lots l
            JOIN categories c ON c.code = l.category_code
            WHERE l.agreement_id = ANY(\(ids.map(\.uuid)))
            ORDER BY l.agreement_id, l.lot_no
            LIMIT 100000
            """, logger: logger)
        var result: [ID<Agreement>: [OpenDataAgreement.Lot]] = [:]
        for try await (id, number, name, code, categoryName, max, quantity, unit) in rows.decode(
            (ID<Agreement>, Int, String, String, String, Fen, Int64, String).self)
        {
            result[id, default: []].append(
                OpenDataAgreement.Lot(
                    number: number, name: name, categoryCode: code, categoryName: categoryName, unitName: unit,
                    maxUnitPriceFen: max, estimatedQuantity: quantity))
        }
        return result
    }

    /// Every member of agreements, by member id: its lot, admission instant and supplier (name, region, 832
    /// status); the price, status and size come from the feed row.
    private func agreementMembers(ids: [ID<Agreement>], on conn: PostgresConnection, logger: Logger) async throws
        -> [UUID: OpenDataAgreement.AdmittedSupplier]
    {
        let rows = try await conn.query(
            """
            SELECT m.id, m.lot_no, m.agreed_price_fen, m.admitted_at, s.id, s.name, s.region_code::text,
                   EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings ps
                           ON ps.key = 'poverty_list_version' AND ps.value = p.list_version
                           WHERE p.code = s.region_code)
            FROM agreement_members m
            JOIN organisations s ON s.id = m.supplier_id
            WHERE m.agreement_id = ANY(\(ids.map(\.uuid)))
            LIMIT 100000
            """, logger: logger)
        var result: [UUID: OpenDataAgreement.AdmittedSupplier] = [:]
        for try await (id, lot, price, admittedAt, supplierID, name, region, poverty) in rows.decode(
            (UUID, Int, Fen, Date, ID<Organisation>, String, String, Bool).self)
        {
            guard let region = RegionCode(region) else { throw Self.missing("member \(id) (region \(region))") }
            result[id] = OpenDataAgreement.AdmittedSupplier(
                supplier: OpenDataOrganisation(id: supplierID, name: name, region: region, isPovertyCounty: poverty),
                lotNumber: lot, agreedUnitPriceFen: price, admittedAt: admittedAt)
        }
        return result
    }
}
