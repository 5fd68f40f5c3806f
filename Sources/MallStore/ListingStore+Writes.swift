import Foundation
import Logging
import MallCore
import PostgresNIO

extension ListingStore {
    // MARK: - Create

    /// Creates a draft listing for the principal's supplier organisation, with its first price-history
    /// entry and declared reference prices, audited; in the caller's transaction. `category` is the listing's
    /// category when the caller has already read it (a bulk import reads each of its categories once).
    package func create(
        content: ListingContent, stock: Int64, leadTimeDays: Int, references: [NewReference], actor: Principal,
        now: Date, requestID: String?, category known: CategoryInfo?? = nil, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> Record {
        let record = try await insertNew(
            content: content, stock: stock, leadTimeDays: leadTimeDays, references: references, actor: actor, now: now,
            category: known, on: conn, logger: logger)
        try await recordCreations([record], actor: actor, now: now, requestID: requestID, on: conn, logger: logger)
        return record
    }

    /// The first half of `create`: checks and inserts the listing and its reference prices. Until
    /// `recordCreations` has run for it, the listing has neither its first price-history entry nor its audit row: a
    /// bulk import records a whole chunk of listings at once, inside the same savepoint.
    func insertNew(
        content: ListingContent, stock: Int64, leadTimeDays: Int, references: [NewReference], actor: Principal,
        now: Date, category known: CategoryInfo??, on conn: PostgresConnection, logger: Logger
    ) async throws -> Record {
        let category: CategoryInfo? =
            if let known { known } else {
                try await catalog.category(code: content.categoryCode, on: conn, logger: logger)?.info
            }
        try Self.validate(content: content, category: category, stock: stock, leadTimeDays: leadTimeDays)
        try await Self.validate(originCounty: content.originCounty, on: conn, logger: logger)
        try Self.validate(references: references, now: now)
        try priceControl.check(
            price: content.priceFen, references: references.map { .init(priceFen: $0.priceFen, capturedAt: $0.capturedAt) },
            now: now)

        let id: ID<Listing> = ids.next()
        let today = LocalDate(now)
        // The new row comes back with the statement (its supplier's name joined), instead of a second read; the
        // statement is prepared, so a bulk import plans it once per connection, not once per row.
        let decoder = JSONDecoder()
        var inserted: [Record] = []
        for try await cells in try await conn.execute(
            InsertListing(
                id: id.uuid, content: content, specs: try Self.json(content.specs), tiers: try Self.json(content.tiers),
                fees: try Self.json(content.fees), greenCertificates: try Self.json(content.greenCertificates),
                stock: stock, leadTimeDays: leadTimeDays, green: content.isGreen(on: today),
                greenUntil: Self.greenUntil(content), now: now, supplier: actor.organisationID.uuid),
            logger: logger)
        {
            if let record = try Self.record(cells, decoder: decoder) { inserted.append(record) }
        }
        guard let record = inserted.first else { throw DomainError(.forbidden, "only suppliers create listings") }
        for reference in references {
            try await insertReference(reference, listingID: id, by: actor.userID, now: now, on: conn, logger: logger)
        }
        return record
    }

    /// The second half of `create`, for listings `insertNew` wrote: their first price-history entries and their
    /// `listing.created` audit rows, in order, in one prepared statement each.
    func recordCreations(
        _ records: [Record], actor: Principal, now: Date, requestID: String?, on conn: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !records.isEmpty else { return }
        try await conn.run(
            InsertFirstPrices(
                ids: records.map { _ in ids.nextUUID() }, listingIDs: records.map(\.id.uuid),
                prices: records.map { $0.content.priceFen.rawValue }, by: actor.userID.uuid, at: now),
            logger: logger)
        try await audit.append(
            contentsOf: records.map {
                entry(
                    "listing.created", $0, actor: actor, now: now, requestID: requestID, before: nil,
                    after: Self.snapshot($0))
            }, on: conn, logger: logger)
    }

    // MARK: - Update

    /// What an update did.
    package enum UpdateOutcome: Sendable, Equatable {
        /// The listing changed in place (a draft, rejected or delisted listing, stock, or a price decrease).
        case applied
        /// A pending revision holds the change; the approved version stays on sale.
        case revisionPending(ID<ListingRevision>)
    }

    /// Changes a supplier's own listing. `content` is the full proposed content (the API merges a partial
    /// request onto the current one). Needs the expected version (`If-Match`).
    package func update(
        id: ID<Listing>, expectedVersion: Int, content: ListingContent, stock: Int64, leadTimeDays: Int,
        actor: Principal, now: Date, requestID: String?, logger: Logger
    ) async throws -> (Record, UpdateOutcome) {
        try await database.transaction(logger: logger) { conn in
            guard let current = try await lockListing(id: id, on: conn, logger: logger),
                current.supplierID == actor.organisationID
            else { throw DomainError.notFound("listing \(id)") }
            guard current.version == expectedVersion else {
                throw DomainError(
                    .versionMismatch, "the listing is at version \(current.version), not \(expectedVersion); reload it")
            }
            // Lowering the base price without sending tiers caps the tiers at the new price.
            var content = content
            if content.tiers == current.content.tiers {
                content.tiers = ListingChange.capping(content.tiers, at: content.priceFen)
            }
            let category = try await catalog.category(code: content.categoryCode, on: conn, logger: logger)
            try Self.validate(content: content, category: category?.info, stock: stock, leadTimeDays: leadTimeDays)
            try await Self.validate(originCounty: content.originCounty, on: conn, logger: logger)
            let references = try await references(listingID: id, on: conn, logger: logger)
                .map { PriceControl.Reference(priceFen: $0.priceFen, capturedAt: $0.capturedAt) }
            if content.priceFen != current.content.priceFen {
                try priceControl.check(price: content.priceFen, references: references, now: now)
            }

            var outcome = UpdateOutcome.applied
            var newContent = current.content
            if current.status == .approved {
                switch ListingChange.classify(current: current.content, proposed: content) {
                case .none:
                    break
                case .immediateDecrease(let price, let tiers):
                    newContent.priceFen = price
                    newContent.tiers = ListingChange.capping(tiers, at: price)
                case .needsReview:
                    // A price decrease inside a reviewed change still applies at once (DOMAIN.md §P4), with the
                    // tiers capped at the new price.
                    if content.priceFen < current.content.priceFen {
                        newContent.priceFen = content.priceFen
                        newContent.tiers = ListingChange.capping(newContent.tiers, at: content.priceFen)
                    }
                    let revisionID = try await upsertRevision(
                        listingID: id, content: content, actor: actor, now: now, on: conn, logger: logger)
                    outcome = .revisionPending(revisionID)
                }
            } else {
                newContent = content
            }
            let changed = newContent != current.content || stock != current.stock || leadTimeDays != current.leadTimeDays
            if changed {
                try await writeContent(
                    id: id, content: newContent, stock: stock, leadTimeDays: leadTimeDays, now: now, on: conn,
                    logger: logger)
                if newContent.priceFen != current.content.priceFen {
                    try await recordPrice(
                        listingID: id, old: current.content.priceFen, new: newContent.priceFen, by: actor.userID,
                        at: now, reason: current.status == .approved ? "price decrease" : "edited", on: conn,
                        logger: logger)
                    try await clearFlagIfResolved(id: id, price: newContent.priceFen, references: references, now: now,
                        on: conn, logger: logger)
                }
            } else if case .applied = outcome {
                return (current, outcome)
            }
            guard let updated = try await lockListing(id: id, on: conn, logger: logger) else {
                throw DomainError.notFound("listing \(id)")
            }
            var after = Self.snapshot(updated)
            if case .revisionPending(let revisionID) = outcome {
                after["pendingRevisionId"] = .string(revisionID.description)
            }
            try await audit.append(
                entry(
                    outcome == .applied ? "listing.updated" : "listing.revision_submitted", updated, actor: actor,
                    now: now, requestID: requestID, before: Self.snapshot(current), after: after),
                on: conn, logger: logger)
            return (updated, outcome)
        }
    }

    /// DOMAIN.md §V1: an origin county is a county of the region table (422 `request.validation_failed` otherwise).
    static func validate(originCounty: RegionCode?, on conn: PostgresConnection, logger: Logger) async throws {
        guard let originCounty else { return }
        let rows = try await conn.query(
            "SELECT level FROM regions WHERE code = \(originCounty.rawValue)", logger: logger)
        guard try await rows.decode(String.self).first(where: { _ in true }) == "county" else {
            throw DomainError.validation([
                .init(field: "originCounty", code: "invalid", message: "\(originCounty) is not a county code")
            ])
        }
    }

    private func writeContent(
        id: ID<Listing>, content: ListingContent, stock: Int64, leadTimeDays: Int, now: Date,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await conn.query(
            """
            UPDATE listings SET category_code = \(content.categoryCode), title = \(content.title), brand = \(content.brand),
                model = \(content.model), specs = \(try Self.json(content.specs))::jsonb, unit = \(content.unit),
                price_fen = \(content.priceFen), tiers = \(try Self.json(content.tiers))::jsonb,
                fees = \(try Self.json(content.fees))::jsonb, stock = \(stock), lead_time_days = \(leadTimeDays),
                delivery_regions = \(content.deliveryRegions.map(\.rawValue)), image_urls = \(content.imageUrls),
                green_certificates = \(try Self.json(content.greenCertificates))::jsonb,
                green = \(content.isGreen(on: LocalDate(now))), green_until = \(Self.greenUntil(content))::date,
                government_only = \(content.governmentOnly), origin_county = \(content.originCounty?.rawValue)::char(6),
                poverty_county = EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings s
                                         ON s.key = 'poverty_list_version' AND s.value = p.list_version
                                         WHERE p.code = coalesce(\(content.originCounty?.rawValue)::char(6), region_code)),
                duplicate_key = \(content.duplicateKey), version = version + 1, updated_at = \(now)
            WHERE id = \(id)
            """, logger: logger)
    }

    private func upsertRevision(
        listingID: ID<Listing>, content: ListingContent, actor: Principal, now: Date, on conn: PostgresConnection,
        logger: Logger
    ) async throws -> ID<ListingRevision> {
        try await conn.query(
            """
            UPDATE listing_revisions SET status = 'superseded', reviewed_at = \(now), reason = 'replaced by a newer change'
            WHERE listing_id = \(listingID) AND status = 'pending'
            """, logger: logger)
        let revisionID: ID<ListingRevision> = ids.next()
        try await conn.query(
            """
            INSERT INTO listing_revisions (id, listing_id, status, changes, created_by, created_at)
            VALUES (\(revisionID), \(listingID), 'pending', \(try Self.json(content))::jsonb, \(actor.userID), \(now))
            """, logger: logger)
        return revisionID
    }

    // MARK: - Review transitions

    /// Submits, approves, rejects or delists a listing (DOMAIN.md §C2). Suppliers act on their own
    /// listings only; approval runs the blocking review checks. Needs the expected version.
    package func transition(
        id: ID<Listing>, action: ListingStatus.Action, expectedVersion: Int, reason: String?, actor: Principal,
        now: Date, requestID: String?, logger: Logger
    ) async throws -> Record {
        try await database.transaction(logger: logger) { conn in
            guard let current = try await lockListing(id: id, on: conn, logger: logger),
                actor.organisationKind == .operator || current.supplierID == actor.organisationID
            else { throw DomainError.notFound("listing \(id)") }
            guard current.version == expectedVersion else {
                throw DomainError(
                    .versionMismatch, "the listing is at version \(current.version), not \(expectedVersion); reload it")
            }
            let next = try current.status.applying(action)
            if action == .approve {
                let category = try await catalog.category(code: current.content.categoryCode, on: conn, logger: logger)
                let duplicate = try await hasDuplicate(current, on: conn, logger: logger)
                let blocking = ListingRules.reviewChecks(
                    current.content, category: category?.info, hasDuplicate: duplicate, today: LocalDate(now)
                ).filter(\.blocking)
                if let first = blocking.first {
                    throw DomainError(DomainError.Code(first.code), first.message)
                }
                let references = try await references(listingID: id, on: conn, logger: logger)
                    .map { PriceControl.Reference(priceFen: $0.priceFen, capturedAt: $0.capturedAt) }
                try priceControl.check(price: current.content.priceFen, references: references, now: now)
            }
            if action == .submit {
                // The content may have been valid when saved but the category settings changed since.
                let category = try await catalog.category(code: current.content.categoryCode, on: conn, logger: logger)
                try Self.validate(
                    content: current.content, category: category?.info, stock: current.stock,
                    leadTimeDays: current.leadTimeDays)
            }
            try await conn.query(
                """
                UPDATE listings SET status = \(next.rawValue), version = version + 1, updated_at = \(now),
                    reject_reason = CASE WHEN \(action.rawValue) = 'reject' THEN \(reason) ELSE reject_reason END,
                    delist_reason = CASE WHEN \(action.rawValue) = 'delist' THEN \(reason) ELSE delist_reason END,
                    approved_at = CASE WHEN \(action.rawValue) = 'approve' THEN \(now) ELSE approved_at END
                WHERE id = \(id)
                """, logger: logger)
            if action == .delist {
                try await conn.query(
                    """
                    UPDATE listing_revisions SET status = 'superseded', reviewed_at = \(now), reason = 'listing delisted'
                    WHERE listing_id = \(id) AND status = 'pending'
                    """, logger: logger)
            }
            guard let updated = try await lockListing(id: id, on: conn, logger: logger) else {
                throw DomainError.notFound("listing \(id)")
            }
            var after = Self.snapshot(updated)
            if let reason { after["reason"] = .string(reason) }
            try await audit.append(
                entry(
                    "listing.\(Self.pastTense(action))", updated,
                    actor: actor, now: now, requestID: requestID, before: Self.snapshot(current), after: after),
                on: conn, logger: logger)
            return updated
        }
    }

    /// The last day any certificate is valid, as `YYYY-MM-DD`.
    static func greenUntil(_ content: ListingContent) -> String? {
        content.greenCertificates.map(\.validUntil).max()?.description
    }

    static func pastTense(_ action: ListingStatus.Action) -> String {
        switch action {
        case .submit: "submitted"
        case .approve: "approved"
        case .reject: "rejected"
        case .delist: "delisted"
        }
    }

    func hasDuplicate(_ listing: Record, on conn: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await conn.query(
            """
            SELECT 1 FROM listings
            WHERE supplier_id = \(listing.supplierID) AND duplicate_key = \(listing.content.duplicateKey)
              AND id <> \(listing.id) AND status IN ('pending', 'approved')
            LIMIT 1
            """, logger: logger)
        return try await rows.decode(Int.self).first(where: { _ in true }) != nil
    }

    /// The review checks an operator sees for a listing.
    package func reviewChecks(_ listing: Record, now: Date, logger: Logger) async throws -> [ListingRules.ReviewCheck] {
        try await database.withConnection { conn in
            let category = try await catalog.category(code: listing.content.categoryCode, on: conn, logger: logger)
            let duplicate = try await hasDuplicate(listing, on: conn, logger: logger)
            return ListingRules.reviewChecks(
                listing.content, category: category?.info, hasDuplicate: duplicate, today: LocalDate(now))
        }
    }

    // MARK: - Revisions

    /// Approves or rejects a pending revision (operators). Approval applies its content to the listing,
    /// records a price change and re-checks the reference price.
    package func decideRevision(
        listingID: ID<Listing>, revisionID: ID<ListingRevision>, approve: Bool, expectedVersion: Int, reason: String?,
        actor: Principal, now: Date, requestID: String?, logger: Logger
    ) async throws -> Record {
        try await database.transaction(logger: logger) { conn in
            guard let current = try await lockListing(id: listingID, on: conn, logger: logger) else {
                throw DomainError.notFound("listing \(listingID)")
            }
            guard current.version == expectedVersion else {
                throw DomainError(
                    .versionMismatch, "the listing is at version \(current.version), not \(expectedVersion); reload it")
            }
            let rows = try await conn.query(
                """
                SELECT status, changes::text FROM listing_revisions WHERE id = \(revisionID) AND listing_id = \(listingID)
                FOR UPDATE
                """, logger: logger)
            guard let (status, changes) = try await rows.decode((String, String).self).first(where: { _ in true }) else {
                throw DomainError.notFound("revision \(revisionID)")
            }
            guard status == "pending" else {
                throw DomainError(.revisionNotPending, "the revision is \(status), not pending")
            }
            try await conn.query(
                """
                UPDATE listing_revisions SET status = \(approve ? "approved" : "rejected"), reviewed_by = \(actor.userID),
                    reviewed_at = \(now), reason = \(reason)
                WHERE id = \(revisionID)
                """, logger: logger)
            if approve {
                var content = try JSONDecoder().decode(ListingContent.self, from: Data(changes.utf8))
                // A decrease applied meanwhile is kept when the revision asked for more (DOMAIN.md §P4).
                let references = try await references(listingID: listingID, on: conn, logger: logger)
                    .map { PriceControl.Reference(priceFen: $0.priceFen, capturedAt: $0.capturedAt) }
                try priceControl.check(price: content.priceFen, references: references, now: now)
                let category = try await catalog.category(code: content.categoryCode, on: conn, logger: logger)
                try Self.validate(
                    content: content, category: category?.info, stock: current.stock, leadTimeDays: current.leadTimeDays)
                if content.governmentOnly {
                    throw DomainError(.governmentOnly, "the revision marks the product government-only")
                }
                content.deliveryRegions = content.deliveryRegions
                try await writeContent(
                    id: listingID, content: content, stock: current.stock, leadTimeDays: current.leadTimeDays, now: now,
                    on: conn, logger: logger)
                if content.priceFen != current.content.priceFen {
                    try await recordPrice(
                        listingID: listingID, old: current.content.priceFen, new: content.priceFen, by: actor.userID,
                        at: now, reason: "revision \(revisionID) approved", on: conn, logger: logger)
                }
            } else {
                try await conn.query(
                    "UPDATE listings SET version = version + 1, updated_at = \(now) WHERE id = \(listingID)",
                    logger: logger)
            }
            guard let updated = try await lockListing(id: listingID, on: conn, logger: logger) else {
                throw DomainError.notFound("listing \(listingID)")
            }
            var after = Self.snapshot(updated)
            after["revisionId"] = .string(revisionID.description)
            if let reason { after["reason"] = .string(reason) }
            try await audit.append(
                entry(
                    approve ? "listing.revision_approved" : "listing.revision_rejected", updated, actor: actor, now: now,
                    requestID: requestID, before: Self.snapshot(current), after: after),
                on: conn, logger: logger)
            return updated
        }
    }

    // MARK: - Helpers

    static func validate(content: ListingContent, category: CategoryInfo?, stock: Int64, leadTimeDays: Int)
        throws(DomainError)
    {
        var problems: [DomainError.FieldError] = []
        do {
            try ListingRules.validate(content, category: category)
        } catch {
            problems = error.fields
        }
        if !(0...1_000_000_000).contains(stock) {
            problems.append(.init(field: "stock", code: "out_of_range", message: "stock is 0 to 1 000 000 000"))
        }
        if !(0...365).contains(leadTimeDays) {
            problems.append(.init(field: "leadTimeDays", code: "out_of_range", message: "leadTimeDays is 0 to 365"))
        }
        if !problems.isEmpty {
            if problems.allSatisfy({ $0.field == "categoryCode" }), let first = problems.first {
                throw DomainError(.categoryNotLeaf, first.message, fields: problems)
            }
            throw DomainError.validation(problems)
        }
    }

    static func validate(references: [NewReference], now: Date) throws(DomainError) {
        var v = Validator()
        v.check(references.count <= 20, "referencePrices", "too_many", "at most 20 reference prices")
        for (index, reference) in references.enumerated() {
            v.check(
                reference.kind == "manufacturer" || reference.kind == "ecommerce", "referencePrices[\(index)].kind",
                "invalid", "kind is manufacturer or ecommerce")
            v.text(reference.source, "referencePrices[\(index)].source", maxLength: 200)
            if let url = reference.url {
                v.check(
                    url.count <= 500 && (url.hasPrefix("https://") || url.hasPrefix("http://")),
                    "referencePrices[\(index)].url", "invalid", "an http(s) URL of at most 500 characters")
            }
            v.check(
                reference.priceFen.rawValue > 0 && reference.priceFen.rawValue <= 100_000_000_000,
                "referencePrices[\(index)].priceFen", "out_of_range", "a positive number of fen")
            v.check(
                reference.capturedAt <= now.addingTimeInterval(86_400), "referencePrices[\(index)].capturedAt",
                "in_future", "capturedAt cannot be in the future")
        }
        try v.validate()
    }

    func recordPrice(
        listingID: ID<Listing>, old: Fen?, new: Fen, by: ID<User>, at: Date, reason: String,
        on conn: PostgresConnection, logger: Logger
    ) async throws {
        try await conn.query(
            """
            INSERT INTO listing_price_history (id, listing_id, old_price_fen, new_price_fen, changed_by, changed_at, reason)
            VALUES (\(ids.nextUUID()), \(listingID), \(old), \(new), \(by), \(at), \(reason))
            """, logger: logger)
    }

    func insertReference(
        _ reference: NewReference, listingID: ID<Listing>, by: ID<User>, now: Date, on conn: PostgresConnection,
        logger: Logger
    ) async throws {
        let id: ID<ReferencePrice> = ids.next()
        try await conn.query(
            """
            INSERT INTO reference_prices (id, listing_id, kind, source, url, price_fen, captured_at, created_by, created_at)
            VALUES (\(id), \(listingID), \(reference.kind), \(reference.source), \(reference.url), \(reference.priceFen),
                    \(reference.capturedAt), \(by), \(now))
            """, logger: logger)
    }

    func clearFlagIfResolved(
        id: ID<Listing>, price: Fen, references: [PriceControl.Reference], now: Date, on conn: PostgresConnection,
        logger: Logger
    ) async throws {
        let lowest = priceControl.lowestFresh(references, now: now)
        if lowest == nil || price <= (lowest ?? price) {
            try await conn.query(
                "UPDATE listings SET price_flagged_at = NULL WHERE id = \(id) AND price_flagged_at IS NOT NULL",
                logger: logger)
        }
    }

    func entry(
        _ action: String, _ record: Record, actor: Principal?, now: Date, requestID: String?,
        before: [String: JSONValue]?, after: [String: JSONValue]?
    ) -> AuditStore.Entry {
        AuditStore.Entry(
            occurredAt: now, actorUserID: actor?.userID, actorOrgID: actor?.organisationID, action: action,
            entityType: "listing", entityID: record.id.uuid, regionCode: record.regionCode, before: before, after: after,
            requestID: requestID)
    }

    static func snapshot(_ record: Record) -> [String: JSONValue] {
        [
            "status": .string(record.status.rawValue), "version": .int(Int64(record.version)),
            "priceFen": .int(record.content.priceFen.rawValue), "title": .string(record.content.title),
            "brand": .string(record.content.brand), "model": .string(record.content.model),
            "categoryCode": .string(record.content.categoryCode), "stock": .int(record.stock),
            "leadTimeDays": .int(Int64(record.leadTimeDays)), "specs": .object(record.content.specs),
            "unit": .string(record.content.unit),
        ]
    }
}
