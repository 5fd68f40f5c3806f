import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import PostgresNIO
import Testing

@Suite("Approved listings: decreases at once, increases and spec changes through a revision (issue 3 point 3)")
struct ListingRevisionTests {
    @Test("a price decrease applies at once and is kept in the price history")
    func decrease() async throws {
        try await withApp { client, _ in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op)
            let response = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(listing.id)", token: supplier, body: ["priceFen": 319_900],
                ifMatch: "\"\(listing.version)\"")
            #expect(response.status == .ok)
            let updated = try response.decode(Catalog.Listing.self)
            #expect(updated.priceFen == 319_900 && updated.status == "approved" && updated.pendingRevision == nil)
            let buyer = try await client.login("buyer-a")
            let seen = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: buyer)
                .decode(Catalog.Listing.self)
            #expect(seen.priceFen == 319_900)
            let history = String(
                buffer: try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)/price-history", token: buyer).body)
            #expect(history.contains("\"oldPriceFen\":329900") && history.contains("\"newPriceFen\":319900"))
        }
    }

    @Test("a price increase makes a pending revision; the approved price stays on sale until an operator approves")
    func increase() async throws {
        try await withApp { client, _ in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let buyer = try await client.login("buyer-a")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op)
            let response = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(listing.id)", token: supplier, body: ["priceFen": 339_900],
                ifMatch: "\"\(listing.version)\"")
            #expect(response.status == .accepted)
            let pending = try response.decode(Catalog.Listing.self)
            #expect(pending.priceFen == 329_900)
            let revision = try #require(pending.pendingRevision)
            #expect(revision.content.priceFen == 339_900 && revision.status == "pending")
            // Units still buy at the approved price and never see the revision.
            let seen = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: buyer)
                .decode(Catalog.Listing.self)
            #expect(seen.priceFen == 329_900 && seen.pendingRevision == nil)
            #expect(
                try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)/revisions", token: buyer).status
                    == .forbidden)
            let approve = try await Catalog.send(
                client, .post, "/api/v1/listings/\(listing.id)/revisions/\(revision.id)/approve", token: op,
                ifMatch: "\"\(pending.version)\"")
            #expect(approve.status == .ok, "\(String(buffer: approve.body))")
            let after = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: buyer)
                .decode(Catalog.Listing.self)
            #expect(after.priceFen == 339_900)
            // Deciding it twice is refused.
            let again = try await Catalog.send(
                client, .post, "/api/v1/listings/\(listing.id)/revisions/\(revision.id)/reject", token: op,
                body: ["reason": "x"], ifMatch: "\"\(after.version)\"")
            #expect(try again.problem().code == "listing.revision_not_pending")
        }
    }

    @Test("a spec change is reviewed; a rejected revision leaves the listing as it was")
    func specChangeRejected() async throws {
        try await withApp { client, _ in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op)
            let response = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(listing.id)", token: supplier,
                body: ["specs": ["幅面": "A3", "颜色": "彩色"]], ifMatch: "\"\(listing.version)\"")
            #expect(response.status == .accepted)
            let pending = try response.decode(Catalog.Listing.self)
            let revision = try #require(pending.pendingRevision)
            let reject = try await Catalog.send(
                client, .post, "/api/v1/listings/\(listing.id)/revisions/\(revision.id)/reject", token: op,
                body: ["reason": "规格与型号不符"], ifMatch: "\"\(pending.version)\"")
            #expect(reject.status == .ok)
            let after = try reject.decode(Catalog.Listing.self)
            #expect(after.specs["幅面"] == .string("A4") && after.pendingRevision == nil)
        }
    }

    @Test("stock changes apply at once on an approved listing, without review")
    func stock() async throws {
        try await withApp { client, _ in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op)
            let response = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(listing.id)", token: supplier, body: ["stock": 99, "leadTimeDays": 5],
                ifMatch: "\"\(listing.version)\"")
            #expect(response.status == .ok)
            #expect(try response.decode(Catalog.Listing.self).pendingRevision == nil)
        }
    }
}

@Suite("Price control against reference prices (DOMAIN.md §C3, issue 3 point 4)")
struct PriceControlTests {
    @Test("a price above the lowest fresh reference is refused at save time; a stale reference does not count")
    func refusedAtSave() async throws {
        try await withApp { client, fixtures in
            let supplier = try await client.login("sup-a")
            let now = fixtures.clock.now
            func reference(_ price: Int, daysAgo: Double) -> [String: Any] {
                [
                    "kind": "ecommerce", "source": "京东自营", "url": "https://item.jd.example/1.html",
                    "priceFen": price,
                    "capturedAt": ISO8601DateFormatter().string(from: now.addingTimeInterval(-daysAgo * 86_400)),
                ]
            }
            let refused = try await Catalog.send(
                client, .post, "/api/v1/listings", token: supplier,
                body: Catalog.listingBody(extra: ["referencePrices": [reference(319_900, daysAgo: 2)]]))
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().code == "listing.price_above_reference")
            let stale = try await Catalog.send(
                client, .post, "/api/v1/listings", token: supplier,
                body: Catalog.listingBody(extra: ["referencePrices": [reference(319_900, daysAgo: 31)]]))
            #expect(stale.status == .created)
        }
    }

    @Test("an undercutting reference flags the listing; lowering the price clears it")
    func flaggedThenResolved() async throws {
        try await withApp { client, fixtures in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op)
            let reference: [String: Any] = [
                "kind": "manufacturer", "source": "惠普官网", "priceFen": 309_900,
                "capturedAt": ISO8601DateFormatter().string(from: fixtures.clock.now),
            ]
            let added = try await Catalog.send(
                client, .post, "/api/v1/listings/\(listing.id)/reference-prices", token: op, body: reference)
            #expect(added.status == .created, "\(String(buffer: added.body))")
            let flagged = try added.decode(Catalog.Listing.self)
            #expect(flagged.priceFlaggedAt != nil)
            let violations = String(
                buffer: try await Catalog.send(client, .get, "/api/v1/price-violations", token: op).body)
            #expect(violations.contains(listing.id) && violations.contains("\"lowestReferenceFen\":309900"))
            #expect(try await Catalog.send(client, .get, "/api/v1/price-violations", token: supplier).status == .forbidden)
            let current = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: supplier)
                .decode(Catalog.Listing.self)
            let lowered = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(listing.id)", token: supplier, body: ["priceFen": 309_900],
                ifMatch: "\"\(current.version)\"")
            #expect(lowered.status == .ok, "\(String(buffer: lowered.body))")
            #expect(try lowered.decode(Catalog.Listing.self).priceFlaggedAt == nil)
            let after = String(buffer: try await Catalog.send(client, .get, "/api/v1/price-violations", token: op).body)
            #expect(!after.contains(listing.id))
        }
    }

    @Test("past the grace period the background sweep delists a flagged listing, audited")
    func sweepDelists() async throws {
        try await withApp { client, fixtures in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let listing = try await Catalog.approved(client, supplier: supplier, operatorToken: op)
            let reference: [String: Any] = [
                "kind": "ecommerce", "source": "天猫旗舰店", "priceFen": 300_000,
                "capturedAt": ISO8601DateFormatter().string(from: fixtures.clock.now),
            ]
            _ = try await Catalog.send(client, .post, "/api/v1/listings/\(listing.id)/reference-prices", token: op, body: reference)
            let store = ListingStore(database: fixtures.database, ids: IDGenerator { UUID() }, priceControl: PriceControl())
            let early = try await store.sweep(now: fixtures.clock.now.addingTimeInterval(6 * 86_400), logger: TestDatabase.logger)
            #expect(early.delisted == 0)
            let late = try await store.sweep(now: fixtures.clock.now.addingTimeInterval(7 * 86_400 + 1), logger: TestDatabase.logger)
            #expect(late.delisted == 1)
            let after = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: op)
                .decode(Catalog.Listing.self)
            #expect(after.status == "delisted" && after.delistReason?.contains("reference") == true)
            let buyer = try await client.login("buyer-a")
            #expect(try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: buyer).status == .notFound)
            let audit = try await fixtures.database.query(
                "SELECT count(*)::int FROM audit_log WHERE action = 'listing.delisted_price_violation'",
                logger: TestDatabase.logger)
            #expect(try await audit.decode(Int.self).first(where: { _ in true }) == 1)
        }
    }
}

extension PriceControlTests {
    @Test("the sweep turns `green` off once every certificate has expired (DOMAIN.md §C5)")
    func greenExpires() async throws {
        try await withApp { client, fixtures in
            let supplier = try await client.login("sup-a")
            let expiry = LocalDate(fixtures.clock.now.addingTimeInterval(86_400)).description
            let body = Catalog.listingBody(extra: [
                "greenCertificates": [
                    ["kind": "eco_label", "certifier": "中环联合认证中心", "number": "CEC-1", "validUntil": expiry]
                ]
            ])
            let listing = try await Catalog.create(client, token: supplier, body: body)
            #expect(listing.green)
            let store = ListingStore(database: fixtures.database, ids: IDGenerator { UUID() }, priceControl: PriceControl())
            let before = try await store.sweep(now: fixtures.clock.now, logger: TestDatabase.logger)
            #expect(before.greenExpired == 0)
            let after = try await store.sweep(now: fixtures.clock.now.addingTimeInterval(3 * 86_400), logger: TestDatabase.logger)
            #expect(after.greenExpired == 1)
            let seen = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)", token: supplier)
                .decode(Catalog.Listing.self)
            #expect(!seen.green)
        }
    }
}

@Suite("Listing authorisation from the outside (issue 3 point 8)")
struct ListingAuthorisationTests {
    @Test("another supplier's drafts and revisions answer 404, to read and to change")
    func otherSupplier() async throws {
        try await withApp { client, _ in
            let a = try await client.login("sup-a")
            let b = try await client.login("sup-b")
            let op = try await client.login("ops")
            let draft = try await Catalog.create(client, token: a)
            #expect(try await Catalog.send(client, .get, "/api/v1/listings/\(draft.id)", token: b).status == .notFound)
            let patch = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(draft.id)", token: b, body: ["priceFen": 1], ifMatch: "\"1\"")
            #expect(patch.status == .notFound)
            #expect(try await Catalog.act(client, "submit", draft, token: b).status == .notFound)
            // Approved: B sees it like a buyer would, without A's pending revision.
            let approved = try await Catalog.approved(
                client, supplier: a, operatorToken: op, body: Catalog.listingBody(model: "M455dn"))
            _ = try await Catalog.send(
                client, .patch, "/api/v1/listings/\(approved.id)", token: a, body: ["priceFen": 400_000],
                ifMatch: "\"\(approved.version)\"")
            let seen = try await Catalog.send(client, .get, "/api/v1/listings/\(approved.id)", token: b)
            #expect(seen.status == .ok)
            #expect(try seen.decode(Catalog.Listing.self).pendingRevision == nil)
            #expect(
                try await Catalog.send(client, .get, "/api/v1/listings/\(approved.id)/revisions", token: b).status == .notFound)
            #expect(try await Catalog.act(client, "delist", approved, token: b, reason: "x").status == .notFound)
            let listB = String(buffer: try await Catalog.send(client, .get, "/api/v1/listings", token: b).body)
            #expect(!listB.contains(draft.id))
        }
    }

    @Test("units and regulators see approved listings only; operators see everything")
    func unitsRegulatorsOperators() async throws {
        try await withApp { client, _ in
            let a = try await client.login("sup-a")
            let op = try await client.login("ops")
            let draft = try await Catalog.create(client, token: a, body: Catalog.listingBody(model: "D-1"))
            let approved = try await Catalog.approved(client, supplier: a, operatorToken: op)
            for user in ["buyer-a", "reg-bj", "approver-a"] {
                let token = try await client.login(user)
                #expect(try await Catalog.send(client, .get, "/api/v1/listings/\(draft.id)", token: token).status == .notFound)
                #expect(try await Catalog.send(client, .get, "/api/v1/listings/\(approved.id)", token: token).status == .ok)
                let list = String(buffer: try await Catalog.send(client, .get, "/api/v1/listings", token: token).body)
                #expect(list.contains(approved.id) && !list.contains(draft.id), "\(user)")
                let drafts = String(buffer: try await Catalog.send(client, .get, "/api/v1/listings?status=draft", token: token).body)
                #expect(!drafts.contains(draft.id))
                #expect(
                    try await Catalog.send(client, .get, "/api/v1/listings/\(draft.id)/price-history", token: token).status
                        == .notFound)
            }
            let all = String(buffer: try await Catalog.send(client, .get, "/api/v1/listings?limit=200", token: op).body)
            #expect(all.contains(approved.id) && all.contains(draft.id))
            let buyer = try await client.login("buyer-a")
            #expect(
                try await Catalog.send(client, .post, "/api/v1/listings", token: buyer, body: Catalog.listingBody()).status
                    == .forbidden)
        }
    }
}

@Suite("Categories (issue 3 point 1)")
struct CategoryTests {
    struct CategoryBody: Decodable {
        struct Settings: Decodable {
            var energySaving: String
            var ecoLabelPriority: Bool
            var inheritedFrom: String?
        }
        struct PathItem: Decodable { var code: String }
        var code: String
        var isLeaf: Bool
        var settings: Settings
        var path: [PathItem]?
    }

    struct PageBody: Decodable {
        var items: [CategoryBody]
        var nextCursor: String?
    }

    @Test("the tree: three roots, children by parent, one code with its path and inherited green settings")
    func tree() async throws {
        try await withApp { client, _ in
            let token = try await client.login("buyer-a")
            let roots = try await client.get("/api/v1/categories", token: token).decode(PageBody.self)
            #expect(roots.items.map(\.code) == ["A", "B", "C"])
            let printers = try await client.get("/api/v1/categories?parent=A02021000&limit=200", token: token)
                .decode(PageBody.self)
            #expect(printers.items.contains { $0.code == "A02021004" && $0.isLeaf })
            // 台式计算机 is a ★ item of the energy-saving list: mandatory.
            let desktop = try await client.get("/api/v1/categories/A02010105", token: token).decode(CategoryBody.self)
            #expect(desktop.settings.energySaving == "mandatory")
            #expect(desktop.path?.map(\.code) == ["A", "A02000000", "A02010000", "A02010100", "A02010105"])
            // The lists name 打印机 A02021000; its leaves inherit.
            let printer = try await client.get("/api/v1/categories/A02021004", token: token).decode(CategoryBody.self)
            // 激光打印机 is ★ (mandatory) on the energy-saving list, mapped to 打印机 A02021000.
            #expect(printer.settings.energySaving == "mandatory" && printer.settings.inheritedFrom == "A02021000")
            #expect(try await client.get("/api/v1/categories/A99999999", token: token).status == .notFound)
            #expect(try await client.get("/api/v1/categories?parent=xyz", token: token).status == .badRequest)
        }
    }

    @Test("operators edit settings, audited with before and after")
    func settingsAudited() async throws {
        try await withApp { client, fixtures in
            let op = try await client.login("ops")
            let body: [String: Any] = [
                "energySaving": "priority", "ecoLabelPriority": true, "requiredAttributes": ["打印速度"],
                "unitHints": ["台"], "directPurchaseAllowed": false,
            ]
            let response = try await Catalog.send(client, .put, "/api/v1/categories/A02021004/settings", token: op, body: body)
            #expect(response.status == .ok)
            let updated = try response.decode(CategoryBody.self)
            #expect(updated.settings.energySaving == "priority" && updated.settings.inheritedFrom == "A02021004")
            let bad = try await Catalog.send(
                client, .put, "/api/v1/categories/A02021004/settings", token: op,
                body: ["energySaving": "sometimes", "ecoLabelPriority": true, "requiredAttributes": [],
                       "unitHints": [], "directPurchaseAllowed": true] as [String: Any])
            #expect(bad.status == .unprocessableContent)
            let audit = try await fixtures.database.query(
                """
                SELECT before->>'energySaving', after->>'energySaving' FROM audit_log
                WHERE action = 'category.settings_updated'
                """, logger: TestDatabase.logger)
            let row = try await audit.decode((String, String).self).first(where: { _ in true })
            #expect(row?.0 == "mandatory" && row?.1 == "priority")
        }
    }
}
