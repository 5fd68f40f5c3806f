import Foundation
import HTTPTypes
import HummingbirdTesting
import MallCore
import MallTestSupport
import NIOCore
import Testing

/// Framework agreements from the outside (issue 5 points 1, 2 and 6; DOMAIN.md §F1–§F4): creation, the
/// lifecycle, frozen requirements, stage 1 and its published results, visibility and units' discovery.
@Suite("Framework agreements: lifecycle, stage 1 and discovery (DOMAIN.md §F1–§F4)")
struct AgreementTests {
    typealias A = Agreements

    // MARK: - §F1 creation

    @Test("§F1 an operator creates a goods agreement as a draft; works, a too-long term and non-leaf lots are refused")
    func create() async throws {
        try await withApp { client, _ in
            let cast = try await Orders.Cast.login(client)
            let draft = try await A.create(client, ops: cast.ops)
            #expect(draft.state == "draft")
            #expect(draft.version == 1)
            #expect(draft.agreementNo.hasPrefix("FA2026"))
            #expect(draft.allowedActions == ["open", "terminate"])
            #expect(draft.lots.first?.volumeTiers.first?.unitPriceFen == 280_000)
            #expect(draft.stageTwo.thresholdFen == nil)

            let works = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops, body: A.body(subject: "works"))
            #expect(works.status == .unprocessableContent)
            #expect(try works.problem().code == "agreement.works_refused")

            let long = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops, body: A.body(termEnd: "2027-03-01"))
            #expect(long.status == .unprocessableContent)
            #expect(try long.problem().code == "agreement.term_too_long")
            let reasoned = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops,
                body: A.body(termEnd: "2027-06-30", extra: ["termReason": "首批设备保修期内统一维护"]))
            #expect(reasoned.status == .created)

            let notLeaf = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops, body: A.body(lots: [A.lot(category: "A02021000")]))
            #expect(notLeaf.status == .unprocessableContent)
            #expect(try notLeaf.problem().code == "listing.category_not_leaf")

            // Field problems at once: a services lot in a goods agreement, an elimination rate below 20 %.
            let fields = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops,
                body: A.body(
                    lots: [A.lot(), A.lot(number: 2, category: "C21040000")], extra: ["eliminationRateBp": 1_000]))
            #expect(fields.status == .unprocessableContent)
            let problem = try fields.problem()
            #expect(problem.code == "request.validation_failed")
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["lots[1].categoryCode", "eliminationRateBp"])

            for token in [cast.buyer, cast.supplierA] {
                let refused = try await Catalog.send(client, .post, "/api/v1/agreements", token: token, body: A.body())
                #expect(refused.status == .forbidden)
            }
        }
    }

    @Test("creating takes an Idempotency-Key: a replay returns the same agreement, another body answers 422")
    func createIdempotent() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let first = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops, body: A.body(), idempotencyKey: "fa-1")
            #expect(first.status == .created)
            #expect(first.headers[.location]?.hasPrefix("/api/v1/agreements/") == true)
            let replay = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops, body: A.body(), idempotencyKey: "fa-1")
            #expect(replay.status == .created)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")  // literal name
            #expect(try replay.decode(A.Agreement.self).id == first.decode(A.Agreement.self).id)
            let other = try await Catalog.send(
                client, .post, "/api/v1/agreements", token: cast.ops, body: A.body(kind: "open"), idempotencyKey: "fa-1")
            #expect(other.status == .unprocessableContent)
            #expect(try other.problem().code == "request.idempotency_key_reused")
            #expect(try await A.int(fixtures, "SELECT count(*)::int FROM agreements") == 1)
        }
    }

    // MARK: - Lifecycle and §F4

    @Test("lifecycle draft → soliciting → evaluating → active → expired; other steps 409, If-Match 428/412")
    func lifecycle() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let ops = world.cast.ops
            var agreement = try await A.create(client, ops: ops)

            let noIfMatch = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/open", token: ops)
            #expect(noIfMatch.status == .preconditionRequired)
            #expect(try noIfMatch.problem().code == "request.precondition_required")
            var stale = agreement
            stale.version = 7
            let staleOpen = try await A.act(client, "open", stale, token: ops)
            #expect(staleOpen.status == .preconditionFailed)
            #expect(try staleOpen.problem().code == "resource.version_mismatch")
            let early = try await A.act(client, "activate", agreement, token: ops)
            #expect(early.status == .conflict)
            #expect(try early.problem().code == "agreement.invalid_transition")

            agreement = try await A.step(client, "open", agreement, token: ops)
            #expect(agreement.state == "soliciting")
            #expect(agreement.allowedActions == ["close", "terminate"])
            for (bidder, price, size) in A.standardBids(world) {
                let response = try await A.respond(
                    client, agreement, token: bidder.token, listing: bidder.listing, priceFen: price,
                    manufacturerSize: size)
                #expect(response.status == .created)
            }
            agreement = try await A.step(client, "close", agreement, token: ops)
            #expect(agreement.state == "evaluating")
            let unevaluated = try await A.act(client, "activate", agreement, token: ops)
            #expect(unevaluated.status == .conflict)
            #expect(try unevaluated.problem().code == "agreement.invalid_transition")
            agreement = try await A.step(client, "evaluate", agreement, token: ops)
            #expect(agreement.evaluated)
            agreement = try await A.step(client, "activate", agreement, token: ops)
            #expect(agreement.state == "active")
            #expect(agreement.activatedAt != nil)

            // The term runs to 2027-02-28: it cannot expire before, and can the day after.
            let tooEarly = try await A.act(client, "expire", agreement, token: ops)
            #expect(tooEarly.status == .conflict)
            #expect(try tooEarly.problem().code == "agreement.invalid_transition")
            fixtures.clock.advance(by: 365 * 86_400)  // 2027-03-02; tokens last an hour
            let later = try await client.login("ops")
            agreement = try await A.step(client, "expire", agreement, token: later)
            #expect(agreement.state == "expired")
            #expect(agreement.allowedActions.isEmpty)
            let after = try await A.act(client, "terminate", agreement, token: later, body: ["reason": "x"])
            #expect(after.status == .conflict)
            #expect(try after.problem().code == "agreement.invalid_transition")

            let audited = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(agreement.id)' AND action IN "
                    + "('agreement.created', 'agreement.open', 'agreement.close', 'agreement.evaluated', "
                    + "'agreement.activate', 'agreement.expire')")
            #expect(audited == 6)
        }
    }

    @Test("terminating needs a reason and is possible from any state that is not final")
    func terminate() async throws {
        try await withApp { client, _ in
            let cast = try await Orders.Cast.login(client)
            var agreement = try await A.create(client, ops: cast.ops)
            agreement = try await A.step(client, "open", agreement, token: cast.ops)
            let blank = try await A.act(client, "terminate", agreement, token: cast.ops, body: ["reason": "  "])
            #expect(blank.status == .unprocessableContent)
            #expect(try blank.problem().errors?.map(\.field) == ["reason"])
            agreement = try await A.step(client, "terminate", agreement, token: cast.ops, body: ["reason": "需求取消"])
            #expect(agreement.state == "terminated")
            #expect(agreement.terminatedReason == "需求取消")
        }
    }

    @Test("§F4 requirements change only in draft: afterwards PUT answers 409 agreement.frozen and is audited")
    func frozen() async throws {
        try await withApp { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            var agreement = try await A.create(client, ops: cast.ops)
            let edited = try await Catalog.send(
                client, .put, "/api/v1/agreements/\(agreement.id)", token: cast.ops,
                body: A.body(lots: [A.lot(maxFen: 380_000)]), ifMatch: "\"1\"")
            #expect(edited.status == .ok, "\(String(buffer: edited.body))")
            agreement = try edited.decode(A.Agreement.self)
            #expect(agreement.version == 2)
            #expect(agreement.lots.first?.maxUnitPriceFen == 380_000)
            let stale = try await Catalog.send(
                client, .put, "/api/v1/agreements/\(agreement.id)", token: cast.ops, body: A.body(), ifMatch: "\"1\"")
            #expect(stale.status == .preconditionFailed)

            agreement = try await A.step(client, "open", agreement, token: cast.ops)
            let refused = try await Catalog.send(
                client, .put, "/api/v1/agreements/\(agreement.id)", token: cast.ops,
                body: A.body(lots: [A.lot(maxFen: 500_000)]), ifMatch: "\"\(agreement.version)\"")
            #expect(refused.status == .conflict)
            #expect(try refused.problem().code == "agreement.frozen")
            let unchanged = try await client.get("/api/v1/agreements/\(agreement.id)", token: cast.ops)
            #expect(try unchanged.decode(A.Agreement.self).lots.first?.maxUnitPriceFen == 380_000)
            #expect(unchanged.headers[.eTag] == "\"\(agreement.version)\"")
            let audited = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(agreement.id)' "
                    + "AND action = 'agreement.edit_refused'")
            #expect(audited == 1)
        }
    }

    @Test("drafts are the operators' own: anyone else gets 404 and lists without them")
    func draftsHidden() async throws {
        try await withApp { client, _ in
            let cast = try await Orders.Cast.login(client)
            let draft = try await A.create(client, ops: cast.ops)
            var open = try await A.create(client, ops: cast.ops)
            open = try await A.step(client, "open", open, token: cast.ops)
            for token in [cast.buyer, cast.supplierA] {
                #expect(try await client.get("/api/v1/agreements/\(draft.id)", token: token).status == .notFound)
                #expect(
                    try await client.get("/api/v1/agreements/\(draft.id)/members", token: token).status == .notFound)
                let list = try await client.get("/api/v1/agreements", token: token).decode(
                    Orders.Page<A.Agreement>.self)
                #expect(list.items.map(\.id) == [open.id])
            }
            let mine = try await client.get("/api/v1/agreements", token: cast.ops).decode(Orders.Page<A.Agreement>.self)
            #expect(Set(mine.items.map(\.id)) == [draft.id, open.id])
            // A stage-1 response to a draft: not found.
            let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops)
            let response = try await A.respond(client, draft, token: cast.supplierA, listing: listing.id, priceFen: 1)
            #expect(response.status == .notFound)
        }
    }

    // MARK: - Stage 1 (§F2, §F3)

    @Test("§F2 responses are taken only while soliciting, at most the lot's max price, with the supplier's own listing")
    func responses() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            var agreement = try await A.create(client, ops: world.cast.ops)
            agreement = try await A.step(client, "open", agreement, token: world.cast.ops)

            let above = try await A.respond(
                client, agreement, token: world.a.token, listing: world.a.listing, priceFen: 400_001)
            #expect(above.status == .unprocessableContent)
            #expect(try above.problem().code == "agreement.bid_above_max_price")
            let atMax = try await A.respond(
                client, agreement, token: world.a.token, listing: world.a.listing, priceFen: 400_000)
            #expect(atMax.status == .created)
            // A resubmission replaces the response.
            let lower = try await A.respond(
                client, agreement, token: world.a.token, listing: world.a.listing, priceFen: 300_000)
            #expect(try lower.decode(A.StageOneResponse.self).unitPriceFen == 300_000)
            // Another supplier's listing, or a listing outside the lot's category.
            let foreign = try await A.respond(
                client, agreement, token: world.b.token, listing: world.a.listing, priceFen: 300_000)
            #expect(foreign.status == .unprocessableContent)
            #expect(try foreign.problem().errors?.first?.code == "unknown")
            let desktop = try await Orders.listing(
                client, supplier: world.b.token, ops: world.cast.ops, category: "A02010105", model: "PC-1")
            let wrong = try await A.respond(
                client, agreement, token: world.b.token, listing: desktop.id, priceFen: 300_000)
            #expect(wrong.status == .unprocessableContent)
            #expect(try wrong.problem().errors?.first?.code == "wrong_category")
            let unknownLot = try await A.respond(
                client, agreement, token: world.b.token, listing: world.b.listing, priceFen: 300_000, lot: 9)
            #expect(unknownLot.status == .unprocessableContent)

            // Responses: the operator sees all, a supplier its own; units may not ask.
            _ = try await A.respond(client, agreement, token: world.b.token, listing: world.b.listing, priceFen: 320_000)
            let all = try await client.get("/api/v1/agreements/\(agreement.id)/responses", token: world.cast.ops)
            #expect(try all.decode(Orders.Page<A.StageOneResponse>.self).items.count == 2)
            let own = try await client.get("/api/v1/agreements/\(agreement.id)/responses", token: world.b.token)
            #expect(try own.decode(Orders.Page<A.StageOneResponse>.self).items.map(\.supplierId) == [world.b.org])
            let none = try await client.get("/api/v1/agreements/\(agreement.id)/responses", token: world.c.token)
            #expect(try none.decode(Orders.Page<A.StageOneResponse>.self).items.isEmpty)
            #expect(
                try await client.get("/api/v1/agreements/\(agreement.id)/responses", token: world.cast.buyer).status
                    == .forbidden)

            agreement = try await A.step(client, "close", agreement, token: world.cast.ops)
            let late = try await A.respond(
                client, agreement, token: world.c.token, listing: world.c.listing, priceFen: 300_000)
            #expect(late.status == .conflict)
            #expect(try late.problem().code == "agreement.not_soliciting")
        }
    }

    @Test("§F2 §F3 price priority ranks by the SME-deducted price; the agreed price is the unadjusted bid; one eliminated")
    func pricePriority() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            var agreement = try await A.create(client, ops: world.cast.ops)
            agreement = try await A.step(client, "open", agreement, token: world.cast.ops)
            for (bidder, price, size) in A.standardBids(world) {
                _ = try await A.respond(
                    client, agreement, token: bidder.token, listing: bidder.listing, priceFen: price,
                    manufacturerSize: size)
            }
            agreement = try await A.step(client, "close", agreement, token: world.cast.ops)
            agreement = try await A.step(client, "evaluate", agreement, token: world.cast.ops)

            // Before activation only operators see the evaluation.
            let hidden = try await client.get("/api/v1/agreements/\(agreement.id)/results", token: world.cast.buyer)
            #expect(hidden.status == .notFound)
            let preview = try await client.get("/api/v1/agreements/\(agreement.id)/results", token: world.cast.ops)
            #expect(try preview.decode(A.Results.self).published == false)

            agreement = try await A.step(client, "activate", agreement, token: world.cast.ops)
            // Published: any authenticated user reads them.
            for token in [world.cast.buyer, world.c.token, world.cast.ops] {
                let response = try await client.get("/api/v1/agreements/\(agreement.id)/results", token: token)
                #expect(response.status == .ok)
                let results = try response.decode(A.Results.self)
                #expect(results.published)
                let lot = try #require(results.lots.first)
                #expect(lot.validBids == 3)
                #expect(lot.admitted == 2)  // ⌊3 × 0.8⌋ = 2: at least one is eliminated
                #expect(lot.ranking.map(\.supplierId) == [world.b.org, world.a.org, world.c.org])
                #expect(lot.ranking.map(\.evaluatedFen) == [288_000, 300_000, 310_000])
                #expect(lot.ranking.map(\.deductionApplied) == [true, false, false])
                #expect(lot.ranking.map(\.unitPriceFen) == [320_000, 300_000, 310_000])
                #expect(lot.ranking.map(\.admitted) == [true, true, false])
            }
            let members = try await A.members(client, agreement, token: world.cast.buyer)
            #expect(members.map(\.supplierId) == [world.b.org, world.a.org])
            #expect(members.map(\.agreedPriceFen) == [320_000, 300_000])  // unadjusted bids (§F2)
            #expect(members.map(\.rotationPosition) == [1, 2])
            #expect(members.allSatisfy { $0.status == "active" && $0.admittedVia == "stage_one" })
        }
    }

    @Test("§F3 admitting every bidder answers 422 agreement.admit_all_refused; a single bid 409 agreement.too_few_bids")
    func admitAllRefused() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            var agreement = try await A.create(client, ops: world.cast.ops)
            agreement = try await A.step(client, "open", agreement, token: world.cast.ops)
            for (bidder, price, size) in A.standardBids(world) {
                _ = try await A.respond(
                    client, agreement, token: bidder.token, listing: bidder.listing, priceFen: price,
                    manufacturerSize: size)
            }
            agreement = try await A.step(client, "close", agreement, token: world.cast.ops)
            let all = try await A.act(client, "evaluate", agreement, token: world.cast.ops, body: ["admit": ["1": 3]])
            #expect(all.status == .unprocessableContent)
            #expect(try all.problem().code == "agreement.admit_all_refused")
            // Fewer than the maximum may be admitted.
            agreement = try await A.step(
                client, "evaluate", agreement, token: world.cast.ops, body: ["admit": ["1": 1]])
            agreement = try await A.step(client, "activate", agreement, token: world.cast.ops)
            #expect(try await A.members(client, agreement, token: world.cast.ops).map(\.supplierId) == [world.b.org])

            var single = try await A.create(client, ops: world.cast.ops)
            single = try await A.step(client, "open", single, token: world.cast.ops)
            _ = try await A.respond(client, single, token: world.a.token, listing: world.a.listing, priceFen: 300_000)
            single = try await A.step(client, "close", single, token: world.cast.ops)
            let one = try await A.act(client, "evaluate", single, token: world.cast.ops)
            #expect(one.status == .conflict)
            #expect(try one.problem().code == "agreement.too_few_bids")
        }
    }

    @Test("§F2 quality priority ranks by the operator's scores; a missing score answers 422 agreement.score_missing")
    func qualityPriority() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            var agreement = try await A.create(
                client, ops: world.cast.ops, body: A.body(evaluation: "quality_priority"))
            agreement = try await A.step(client, "open", agreement, token: world.cast.ops)
            var ids: [String: String] = [:]
            for (bidder, price, size) in A.standardBids(world) {
                let response = try await A.respond(
                    client, agreement, token: bidder.token, listing: bidder.listing, priceFen: price,
                    manufacturerSize: size)
                ids[bidder.org] = try response.decode(A.StageOneResponse.self).id
            }
            agreement = try await A.step(client, "close", agreement, token: world.cast.ops)
            let missing = try await A.act(client, "evaluate", agreement, token: world.cast.ops)
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.problem().code == "agreement.score_missing")
            let scores = [ids[world.a.org] ?? "", ids[world.b.org] ?? "", ids[world.c.org] ?? ""]
            agreement = try await A.step(
                client, "evaluate", agreement, token: world.cast.ops,
                body: ["scores": [scores[0]: 70, scores[1]: 80, scores[2]: 95]])
            let results = try await client.get("/api/v1/agreements/\(agreement.id)/results", token: world.cast.ops)
                .decode(A.Results.self)
            let ranking = try #require(results.lots.first).ranking
            #expect(ranking.map(\.supplierId) == [world.c.org, world.b.org, world.a.org])
            #expect(ranking.map(\.score) == [95, 80, 70])
            #expect(ranking.map(\.deductionApplied) == [false, false, false])
            #expect(ranking.map(\.admitted) == [true, true, false])
        }
    }

    // MARK: - Discovery (issue 5 point 6)

    @Test("units list the agreements and admitted products that apply to them; search filters by agreement")
    func discovery() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            // An active agreement for Yunnan only, and a draft for Beijing: neither applies to unit A.
            _ = try await A.activate(
                client, ops: world.cast.ops, body: A.body(kind: "open", regions: ["530000"]),
                bids: [(world.c, 305_000, nil)])
            _ = try await A.create(client, ops: world.cast.ops)

            let applicable = try await client.get("/api/v1/agreements?applicable=true", token: world.cast.buyer)
            #expect(try applicable.decode(Orders.Page<A.Agreement>.self).items.map(\.id) == [agreement.id])
            let buyerB = try await client.login("buyer-b")
            let yunnan = try await client.get("/api/v1/agreements?applicable=true", token: buyerB)
                .decode(Orders.Page<A.Agreement>.self)
            #expect(!yunnan.items.contains { $0.id == agreement.id })
            #expect(yunnan.items.count == 1)

            let offers = try await client.get("/api/v1/agreement-offers", token: world.cast.buyer)
            #expect(offers.status == .ok)
            let items = try offers.decode(Orders.Page<A.Offer>.self).items
            #expect(items.allSatisfy { $0.agreementId == agreement.id })
            #expect(Set(items.map(\.member.supplierId)) == [world.a.org, world.b.org])
            #expect(Set(items.map(\.member.agreedPriceFen)) == [300_000, 320_000])
            #expect(items.first?.lot.maxUnitPriceFen == 400_000)
            let paged = try await client.get("/api/v1/agreement-offers?limit=1", token: world.cast.buyer)
                .decode(Orders.Page<A.Offer>.self)
            let cursor = try #require(paged.nextCursor)
            let second = try await client.get("/api/v1/agreement-offers?limit=1&cursor=\(cursor)", token: world.cast.buyer)
                .decode(Orders.Page<A.Offer>.self)
            #expect(Set((paged.items + second.items).map(\.member.id)) == Set(items.map(\.member.id)))
            #expect(try await client.get("/api/v1/agreement-offers", token: world.a.token).status == .forbidden)

            let search = try await client.get("/api/v1/catalog/search?agreement=\(agreement.id)", token: world.cast.buyer)
            #expect(search.status == .ok)
            let found = try search.decode(Orders.Page<SearchItem>.self).items.map(\.id)
            #expect(Set(found) == [world.a.listing, world.b.listing])
            let bad = try await client.get("/api/v1/catalog/search?agreement=nope", token: world.cast.buyer)
            #expect(bad.status == .badRequest)
        }
    }

    struct SearchItem: Decodable { var id: String }
}
