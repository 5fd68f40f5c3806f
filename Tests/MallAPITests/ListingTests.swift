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

@Suite("Listings: create, edit with If-Match, review and audit (issue 3 points 2–3)")
struct ListingTests {
    @Test("a supplier creates a draft: 201 with Location, ETag \"1\", first price-history entry and an audit row")
    func create() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let response = try await Catalog.send(client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody())
            #expect(response.status == .created)
            let listing = try response.decode(Catalog.Listing.self)
            #expect(listing.status == "draft" && listing.version == 1)
            #expect(response.headers[.location] == "/api/v1/listings/\(listing.id)")
            #expect(response.headers[.eTag] == "\"1\"")
            #expect(listing.green)  // a valid energy-saving certificate
            #expect(!listing.povertyCounty)  // 110108 is not an 832 county
            let history = try await Catalog.send(client, .get, "/api/v1/listings/\(listing.id)/price-history", token: token)
            #expect(String(buffer: history.body).contains("\"newPriceFen\":329900"))
            let audit = try await fixtures.database.query(
                "SELECT count(*)::int FROM audit_log WHERE action = 'listing.created' AND after->>'priceFen' = '329900'",
                logger: TestDatabase.logger)
            #expect(try await audit.decode(Int.self).first(where: { _ in true }) == 1)
        }
    }

    @Test("a micro supplier in an 832 county gets the poverty-county flag")
    func povertyFlag() async throws {
        try await withApp { client, _ in
            let listing = try await Catalog.create(client, token: try await client.login("sup-b"))
            #expect(listing.povertyCounty)
        }
    }

    @Test(
        "bad input answers 422 with every field, and nothing is written",
        arguments: [
            (#"{"priceFen": 0, "title": ""}"#, ["title", "priceFen", "tiers[0].unitPriceFen"]),
            (#"{"tiers": [{"minQuantity": 1, "unitPriceFen": 1}]}"#, ["tiers[0].minQuantity"]),
            (#"{"tiers": [{"minQuantity": 5, "unitPriceFen": 999999999}]}"#, ["tiers[0].unitPriceFen"]),
            (#"{"deliveryRegions": ["11"]}"#, ["deliveryRegions[0]"]),
            (#"{"imageUrls": ["ftp://x"]}"#, ["imageUrls[0]"]),
        ])
    func invalid(_ extraJSON: String, _ fields: [String]) async throws {
        try await withApp { client, fixtures in
            let extra = try #require(try JSONSerialization.jsonObject(with: Data(extraJSON.utf8)) as? [String: Any])
            let token = try await client.login("sup-a")
            let response = try await Catalog.send(
                client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody(extra: extra))
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            #expect(problem.code == "request.validation_failed")
            #expect(problem.errors?.map(\.field) == fields)
            let count = try await fixtures.database.query("SELECT count(*)::int FROM listings", logger: TestDatabase.logger)
            #expect(try await count.decode(Int.self).first(where: { _ in true }) == 0)
        }
    }

    @Test("only leaf categories take listings (DOMAIN.md §C1); works are refused")
    func leafOnly() async throws {
        try await withApp { client, _ in
            let token = try await client.login("sup-a")
            for code in ["A02021000", "A0202", "B01010000", "Z99999999"] {
                let response = try await Catalog.send(
                    client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody(category: code))
                #expect(response.status == .unprocessableContent, "\(code)")
                #expect(try response.problem().code == "listing.category_not_leaf", "\(code)")
            }
        }
    }

    @Test("a category's required spec attributes are enforced once an operator sets them")
    func requiredAttributes() async throws {
        try await withApp { client, _ in
            let op = try await client.login("ops")
            let settings: [String: Any] = [
                "energySaving": "priority", "ecoLabelPriority": false, "requiredAttributes": ["打印速度"],
                "unitHints": ["台"], "directPurchaseAllowed": true,
            ]
            let put = try await Catalog.send(client, .put, "/api/v1/categories/A02021000/settings", token: op, body: settings)
            #expect(put.status == .ok)
            let token = try await client.login("sup-a")
            let missing = try await Catalog.send(client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody())
            #expect(try missing.problem().errors?.map(\.field) == ["specs.打印速度"])
            let ok = try await Catalog.send(
                client, .post, "/api/v1/listings", token: token,
                body: Catalog.listingBody(extra: ["specs": ["打印速度": "33页/分钟"]]))
            #expect(ok.status == .created)
            let buyer = try await client.login("buyer-a")
            let forbidden = try await Catalog.send(
                client, .put, "/api/v1/categories/A02021000/settings", token: buyer, body: settings)
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test("updates need If-Match: 428 without, 412 when stale, 200 with the current ETag")
    func optimisticConcurrency() async throws {
        try await withApp { client, _ in
            let token = try await client.login("sup-a")
            let listing = try await Catalog.create(client, token: token)
            let path = "/api/v1/listings/\(listing.id)"
            let missing = try await Catalog.send(client, .patch, path, token: token, body: ["stock": 5])
            #expect(missing.status == .preconditionRequired)
            #expect(try missing.problem().code == "request.precondition_required")
            let ok = try await Catalog.send(client, .patch, path, token: token, body: ["title": "新标题打印机"], ifMatch: "\"1\"")
            #expect(ok.status == .ok)
            #expect(ok.headers[.eTag] == "\"2\"")
            let stale = try await Catalog.send(client, .patch, path, token: token, body: ["title": "再改"], ifMatch: "\"1\"")
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.problem().code == "resource.version_mismatch")
        }
    }

    @Test("review: draft → pending → approved | rejected (reason) → delisted (reason) → pending to relist")
    func lifecycle() async throws {
        try await withApp { client, fixtures in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            let draft = try await Catalog.create(client, token: supplier)
            // A draft cannot be approved; only the operator approves.
            #expect(try await Catalog.act(client, "approve", draft, token: op).status == .conflict)
            let pending = try await Catalog.act(client, "submit", draft, token: supplier).decode(Catalog.Listing.self)
            #expect(pending.status == "pending")
            #expect(try await Catalog.act(client, "approve", pending, token: supplier).status == .forbidden)
            let rejected = try await Catalog.act(client, "reject", pending, token: op, reason: "图片不清晰")
                .decode(Catalog.Listing.self)
            #expect(rejected.status == "rejected" && rejected.rejectReason == "图片不清晰")
            let resubmitted = try await Catalog.act(client, "submit", rejected, token: supplier).decode(Catalog.Listing.self)
            let approved = try await Catalog.act(client, "approve", resubmitted, token: op).decode(Catalog.Listing.self)
            #expect(approved.status == "approved")
            let noReason = try await Catalog.send(
                client, .post, "/api/v1/listings/\(approved.id)/delist", token: supplier, body: [String: Any](),
                ifMatch: "\"\(approved.version)\"")
            #expect(noReason.status == .badRequest)
            let delisted = try await Catalog.act(client, "delist", approved, token: supplier, reason: "停产")
                .decode(Catalog.Listing.self)
            #expect(delisted.status == "delisted" && delisted.delistReason == "停产")
            let relisted = try await Catalog.act(client, "submit", delisted, token: supplier).decode(Catalog.Listing.self)
            #expect(relisted.status == "pending")
            let actions = try await fixtures.database.query(
                """
                SELECT string_agg(action || ':' || coalesce(before->>'status', '-') || '>' || (after->>'status'), ',' ORDER BY seq)
                FROM audit_log WHERE entity_id = \(UUID(uuidString: draft.id))
                """, logger: TestDatabase.logger)
            let trail = try await actions.decode(String.self).first(where: { _ in true })
            #expect(
                trail
                    == "listing.created:->draft,listing.submitted:draft>pending,listing.rejected:pending>rejected,"
                    + "listing.submitted:rejected>pending,listing.approved:pending>approved,"
                    + "listing.delisted:approved>delisted,listing.submitted:delisted>pending")
        }
    }

    @Test("review checks (DOMAIN.md §C2): a duplicate of the same supplier and a government-only product cannot be approved")
    func reviewChecks() async throws {
        try await withApp { client, _ in
            let supplier = try await client.login("sup-a")
            let op = try await client.login("ops")
            _ = try await Catalog.approved(client, supplier: supplier, operatorToken: op)
            // Same brand and model, spelled with full-width letters and other spacing: still a duplicate.
            let copy = try await Catalog.create(
                client, token: supplier, body: Catalog.listingBody(title: "另一个标题", brand: " 惠普 ", model: "Ｍ４５４ＤＮ"))
            let pending = try await Catalog.act(client, "submit", copy, token: supplier).decode(Catalog.Listing.self)
            let seen = try await Catalog.send(client, .get, "/api/v1/listings/\(copy.id)", token: op).decode(Catalog.Listing.self)
            #expect(seen.reviewChecks?.contains { $0.code == "listing.duplicate" && $0.blocking } == true)
            let refused = try await Catalog.act(client, "approve", pending, token: op)
            #expect(refused.status == .conflict)
            #expect(try refused.problem().code == "listing.duplicate")
            // Another supplier may sell the same product.
            let other = try await client.login("sup-b")
            _ = try await Catalog.approved(client, supplier: other, operatorToken: op)
            let special = try await Catalog.create(
                client, token: supplier,
                body: Catalog.listingBody(model: "GOV-1", extra: ["governmentOnly": true]))
            let specialPending = try await Catalog.act(client, "submit", special, token: supplier).decode(Catalog.Listing.self)
            let refusedSpecial = try await Catalog.act(client, "approve", specialPending, token: op)
            #expect(try refusedSpecial.problem().code == "listing.government_only")
        }
    }

    @Test("the same Idempotency-Key returns the first listing; another body with it answers 422")
    func idempotency() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let first = try await Catalog.send(
                client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody(), idempotencyKey: "k-1")
            let replay = try await Catalog.send(
                client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody(), idempotencyKey: "k-1")
            #expect(first.status == .created && replay.status == .created, "\(String(buffer: replay.body))")
            #expect(try first.decode(Catalog.Listing.self).id == replay.decode(Catalog.Listing.self).id)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")  // literal name
            #expect(replay.headers[.location] == first.headers[.location])
            let different = try await Catalog.send(
                client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody(priceFen: 1000),
                idempotencyKey: "k-1")
            #expect(different.status == .unprocessableContent)
            #expect(try different.problem().code == "request.idempotency_key_reused")
            let count = try await fixtures.database.query("SELECT count(*)::int FROM listings", logger: TestDatabase.logger)
            #expect(try await count.decode(Int.self).first(where: { _ in true }) == 1)
        }
    }

    @Test("concurrent requests with one Idempotency-Key create one listing")
    func idempotencyConcurrent() async throws {
        try await withApp { client, fixtures in
            let token = try await client.login("sup-a")
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await Catalog.send(
                            client, .post, "/api/v1/listings", token: token, body: Catalog.listingBody(),
                            idempotencyKey: "same"
                        ).decode(Catalog.Listing.self).id
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            let count = try await fixtures.database.query("SELECT count(*)::int FROM listings", logger: TestDatabase.logger)
            #expect(try await count.decode(Int.self).first(where: { _ in true }) == 1)
        }
    }
}
