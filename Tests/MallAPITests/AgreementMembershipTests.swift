import Foundation
import HTTPTypes
import HummingbirdTesting
import MallCore
import MallTestSupport
import NIOCore
import Testing

/// Agreed prices and membership from the outside (issue 5 points 3 and 5; DOMAIN.md §P4, §F10, §F11).
@Suite("Framework agreements: agreed prices, replacements and membership (DOMAIN.md §P4, §F10, §F11)")
struct AgreementMembershipTests {
    typealias A = Agreements

    // MARK: - §P4 agreed prices

    @Test("§P4 a supplier lowers its agreed price (new orders at once) and never raises it; only its own member")
    func lowerPrice() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            let members = try await A.members(client, agreement, token: world.a.token)
            let memberA = try #require(members.first { $0.supplierId == world.a.org })

            let raise = try await A.memberStep(
                client, "price", memberA, agreement: agreement, token: world.a.token, body: ["unitPriceFen": 300_001])
            #expect(raise.status == .unprocessableContent)
            #expect(try raise.problem().code == "agreement.price_increase_refused")
            let foreign = try await A.memberStep(
                client, "price", memberA, agreement: agreement, token: world.b.token, body: ["unitPriceFen": 1])
            #expect(foreign.status == .notFound)
            let operatorTry = try await A.memberStep(
                client, "price", memberA, agreement: agreement, token: world.cast.ops, body: ["unitPriceFen": 1])
            #expect(operatorTry.status == .forbidden)
            let stale = try await A.memberStep(
                client, "price", memberA, agreement: agreement, token: world.a.token,
                body: ["unitPriceFen": 290_000], version: memberA.version + 1)
            #expect(stale.status == .preconditionFailed)

            let lowered = try await A.memberStep(
                client, "price", memberA, agreement: agreement, token: world.a.token,
                body: ["unitPriceFen": 290_000, "reason": "季度促销"])
            #expect(lowered.status == .ok, "\(String(buffer: lowered.body))")
            let after = try lowered.decode(A.Member.self)
            #expect(after.agreedPriceFen == 290_000)
            #expect(after.admittedPriceFen == 300_000)
            #expect(after.version == memberA.version + 1)
            #expect(lowered.headers[.eTag] == "\"\(after.version)\"")

            // The next order is capped at the new price: 2 × 2 900 yuan + 2 × 50 yuan installation.
            let order = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, budgetLine: world.budget.id))
            #expect(order.status == .created, "\(String(buffer: order.body))")
            let placed = try order.decode(A.StageTwoOrder.self)
            #expect(placed.agreedPriceFen == 290_000)
            #expect(placed.placement.orders.first?.lines?.first?.unitPriceFen == 290_000)
            #expect(placed.placement.totalFen == 590_000)
            let changes = try await A.int(
                fixtures, "SELECT count(*)::int FROM agreement_price_changes WHERE member_id = '\(memberA.id)'")
            #expect(changes == 1)
        }
    }

    // MARK: - §F11 replacements

    @Test("§F11 a replacement product costs at most the old agreed price and needs the operator's approval")
    func replacement() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            let memberA = try #require(
                try await A.members(client, agreement, token: world.a.token).first { $0.supplierId == world.a.org })
            let newer = try await Orders.listing(client, supplier: world.a.token, ops: world.cast.ops, model: "A-101")
            let path = "/api/v1/agreements/\(agreement.id)/members/\(memberA.id)/replacements"

            let dearer = try await Catalog.send(
                client, .post, path, token: world.a.token,
                body: ["listingId": newer.id, "unitPriceFen": 300_001, "reason": "原型号停产"])
            #expect(dearer.status == .unprocessableContent)
            #expect(try dearer.problem().code == "agreement.replacement_price_above")
            let byOther = try await Catalog.send(
                client, .post, path, token: world.b.token,
                body: ["listingId": newer.id, "unitPriceFen": 290_000, "reason": "原型号停产"])
            #expect(byOther.status == .notFound)

            let requested = try await Catalog.send(
                client, .post, path, token: world.a.token,
                body: ["listingId": newer.id, "unitPriceFen": 295_000, "reason": "原型号停产"], idempotencyKey: "rep-1")
            #expect(requested.status == .created, "\(String(buffer: requested.body))")
            let pending = try requested.decode(A.Replacement.self)
            #expect(pending.status == "pending")
            // Pending: the member still offers the old product at the old price.
            #expect(
                try await A.members(client, agreement, token: world.a.token).first { $0.id == memberA.id }?.listingId
                    == world.a.listing)
            // A supplier sees its own requests only; the operator sees all.
            let list = "/api/v1/agreements/\(agreement.id)/replacements"
            #expect(try await client.get(list, token: world.b.token).decode(Orders.Page<A.Replacement>.self).items.isEmpty)
            #expect(try await client.get(list, token: world.cast.ops).decode(Orders.Page<A.Replacement>.self).items.count == 1)

            let decide = "/api/v1/agreements/\(agreement.id)/replacements/\(pending.id)"
            #expect(try await Catalog.send(client, .post, decide + "/approve", token: world.a.token).status == .forbidden)
            let approved = try await Catalog.send(client, .post, decide + "/approve", token: world.cast.ops)
            #expect(approved.status == .ok, "\(String(buffer: approved.body))")
            #expect(try approved.decode(A.Replacement.self).status == "approved")
            let member = try #require(
                try await A.members(client, agreement, token: world.a.token).first { $0.id == memberA.id })
            #expect(member.listingId == newer.id)
            #expect(member.agreedPriceFen == 295_000)
            let again = try await Catalog.send(client, .post, decide + "/refuse", token: world.cast.ops)
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "agreement.already_decided")
            let audited = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(memberA.id)' "
                    + "AND action IN ('agreement_member.replacement_requested', 'agreement_member.replacement_approved')")
            #expect(audited == 2)
        }
    }

    // MARK: - §F10 membership

    @Test("§F10 closed: a withdrawal needs a reason and an operator's acceptance; declined, the supplier stays")
    func closedWithdrawal() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            var memberA = try #require(
                try await A.members(client, agreement, token: world.a.token).first { $0.supplierId == world.a.org })

            let noReason = try await A.memberStep(client, "withdraw", memberA, agreement: agreement, token: world.a.token)
            #expect(noReason.status == .unprocessableContent)
            #expect(try noReason.problem().errors?.map(\.field) == ["reason"])
            var response = try await A.memberStep(
                client, "withdraw", memberA, agreement: agreement, token: world.a.token, body: ["reason": "产能调整"])
            #expect(response.status == .ok)
            memberA = try response.decode(A.Member.self)
            #expect(memberA.status == "withdrawal_requested")
            // Still admitted while the request waits (§F5).
            let meanwhile = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, budgetLine: world.budget.id))
            #expect(meanwhile.status == .created)

            response = try await A.memberStep(
                client, "decline-withdrawal", memberA, agreement: agreement, token: world.cast.ops,
                body: ["reason": "协议期内须履约"])
            memberA = try response.decode(A.Member.self)
            #expect(memberA.status == "active")
            response = try await A.memberStep(
                client, "withdraw", memberA, agreement: agreement, token: world.a.token, body: ["reason": "企业注销"])
            memberA = try response.decode(A.Member.self)
            let bySupplier = try await A.memberStep(
                client, "accept-withdrawal", memberA, agreement: agreement, token: world.a.token)
            #expect(bySupplier.status == .forbidden)
            response = try await A.memberStep(
                client, "accept-withdrawal", memberA, agreement: agreement, token: world.cast.ops)
            memberA = try response.decode(A.Member.self)
            #expect(memberA.status == "withdrawn")
            #expect(memberA.statusReason == "企业注销")

            let refused = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: A.directSelection(supplier: world.a.org, budgetLine: world.budget.id))
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().code == "agreement.supplier_not_admitted")
            let twice = try await A.memberStep(
                client, "accept-withdrawal", memberA, agreement: agreement, token: world.cast.ops)
            #expect(twice.status == .conflict)
            #expect(try twice.problem().code == "agreement.already_decided")
        }
    }

    @Test("§F10 closed: new suppliers join only through a supplementary call linked to the agreement")
    func supplementaryCall() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            let applications = "/api/v1/agreements/\(agreement.id)/applications"
            let application: [String: Any] = ["lotNo": 1, "listingId": world.c.listing, "unitPriceFen": 305_000]

            let uninvited = try await Catalog.send(client, .post, applications, token: world.c.token, body: application)
            #expect(uninvited.status == .conflict)
            #expect(try uninvited.problem().code == "agreement.membership_refused")
            var bogus = application
            bogus["callId"] = UUID().uuidString
            let unknownCall = try await Catalog.send(client, .post, applications, token: world.c.token, body: bogus)
            #expect(unknownCall.status == .unprocessableContent)

            let opened = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/calls", token: world.cast.ops,
                body: ["lotNo": 1, "description": "补充征集：增加供货能力"])
            #expect(opened.status == .created, "\(String(buffer: opened.body))")
            let call = try opened.decode(A.Call.self)
            #expect(call.state == "open")
            let calls = try await client.get("/api/v1/agreements/\(agreement.id)/calls", token: world.c.token)
            #expect(try calls.decode(Orders.Page<A.Call>.self).items.map(\.id) == [call.id])

            var invited = application
            invited["callId"] = call.id
            let above = try await Catalog.send(
                client, .post, applications, token: world.c.token,
                body: invited.merging(["unitPriceFen": 400_001]) { $1 })
            #expect(above.status == .unprocessableContent)
            #expect(try above.problem().code == "agreement.bid_above_max_price")
            let applied = try await Catalog.send(client, .post, applications, token: world.c.token, body: invited)
            #expect(applied.status == .created, "\(String(buffer: applied.body))")
            let pending = try applied.decode(A.Application.self)
            #expect(pending.status == "pending")
            #expect(pending.callId == call.id)
            // Already a member: A cannot apply again.
            let memberAgain = try await Catalog.send(
                client, .post, applications, token: world.a.token,
                body: ["lotNo": 1, "listingId": world.a.listing, "unitPriceFen": 300_000, "callId": call.id])
            #expect(memberAgain.status == .conflict)
            // A supplier sees its own applications, the operator all.
            #expect(try await client.get(applications, token: world.a.token).decode(Orders.Page<A.Application>.self).items.isEmpty)

            let accepted = try await Catalog.send(
                client, .post, "\(applications)/\(pending.id)/accept", token: world.cast.ops)
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")
            #expect(try accepted.decode(A.Application.self).status == "accepted")
            let members = try await A.members(client, agreement, token: world.cast.buyer)
            let joined = try #require(members.first { $0.supplierId == world.c.org })
            #expect(joined.admittedVia == "supplementary_call")
            #expect(joined.agreedPriceFen == 305_000)
            #expect(joined.rotationPosition == 3)  // appended to the rotation list

            let closed = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/calls/\(call.id)/close", token: world.cast.ops)
            #expect(try closed.decode(A.Call.self).state == "closed")
            let late = try await Catalog.send(
                client, .post, applications, token: world.c.token, body: invited)
            #expect(late.status == .conflict)
            #expect(try late.problem().code == "agreement.membership_refused")
        }
    }

    @Test("§F10 open: suppliers apply at any time, the operator accepts or refuses, a supplier leaves at once")
    func openMembership() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(
                client, ops: world.cast.ops, body: A.body(kind: "open"), bids: [(world.a, 300_000, nil)])
            #expect(try await A.members(client, agreement, token: world.cast.ops).count == 1)  // everyone admitted

            let noCalls = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/calls", token: world.cast.ops,
                body: ["lotNo": 1, "description": "x"])
            #expect(noCalls.status == .conflict)
            #expect(try noCalls.problem().code == "agreement.membership_refused")

            let applications = "/api/v1/agreements/\(agreement.id)/applications"
            let fromB = try await Catalog.send(
                client, .post, applications, token: world.b.token,
                body: ["lotNo": 1, "listingId": world.b.listing, "unitPriceFen": 310_000], idempotencyKey: "join-b")
            #expect(fromB.status == .created)
            let replay = try await Catalog.send(
                client, .post, applications, token: world.b.token,
                body: ["lotNo": 1, "listingId": world.b.listing, "unitPriceFen": 310_000], idempotencyKey: "join-b")
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")  // literal name
            let fromC = try await Catalog.send(
                client, .post, applications, token: world.c.token,
                body: ["lotNo": 1, "listingId": world.c.listing, "unitPriceFen": 305_000])
            let b = try fromB.decode(A.Application.self)
            let c = try fromC.decode(A.Application.self)
            let all = try await client.get(applications, token: world.cast.ops).decode(Orders.Page<A.Application>.self)
            #expect(all.items.count == 2)

            let refused = try await Catalog.send(
                client, .post, "\(applications)/\(c.id)/refuse", token: world.cast.ops, body: ["reason": "资质不符"])
            #expect(try refused.decode(A.Application.self).status == "refused")
            let accepted = try await Catalog.send(client, .post, "\(applications)/\(b.id)/accept", token: world.cast.ops)
            #expect(try accepted.decode(A.Application.self).status == "accepted")
            var members = try await A.members(client, agreement, token: world.cast.ops)
            #expect(Set(members.map(\.supplierId)) == [world.a.org, world.b.org])
            let memberB = try #require(members.first { $0.supplierId == world.b.org })
            #expect(memberB.admittedVia == "application")

            // Leaving an open agreement needs no reason and no operator.
            let left = try await A.memberStep(client, "withdraw", memberB, agreement: agreement, token: world.b.token)
            #expect(left.status == .ok)
            #expect(try left.decode(A.Member.self).status == "withdrawn")
            // …and a supplier that left may apply again.
            let rejoin = try await Catalog.send(
                client, .post, applications, token: world.b.token,
                body: ["lotNo": 1, "listingId": world.b.listing, "unitPriceFen": 309_000])
            let second = try rejoin.decode(A.Application.self)
            _ = try await Catalog.send(client, .post, "\(applications)/\(second.id)/accept", token: world.cast.ops)
            members = try await A.members(client, agreement, token: world.cast.ops)
            #expect(members.first { $0.supplierId == world.b.org }?.status == "active")
            #expect(members.first { $0.supplierId == world.b.org }?.agreedPriceFen == 309_000)
        }
    }

    @Test("§F10 removal for cause needs a reason; the removed supplier leaves the rotation, gets no orders, cannot rejoin")
    func removal() async throws {
        try await withApp { client, fixtures in
            let world = try await A.world(client, fixtures)
            let agreement = try await A.activate(
                client, ops: world.cast.ops, body: A.body(kind: "open", stageTwo: ["method": "rotation"]),
                bids: [(world.a, 300_000, nil), (world.b, 310_000, nil), (world.c, 305_000, nil)])
            let members = try await A.members(client, agreement, token: world.cast.ops)
            let memberA = try #require(members.first { $0.supplierId == world.a.org })

            let noCause = try await A.memberStep(
                client, "remove", memberA, agreement: agreement, token: world.cast.ops, body: ["reason": "串通投标"])
            #expect(noCause.status == .unprocessableContent)
            let noReason = try await A.memberStep(
                client, "remove", memberA, agreement: agreement, token: world.cast.ops, body: ["cause": "collusion"])
            #expect(noReason.status == .unprocessableContent)
            let bySupplier = try await A.memberStep(
                client, "remove", memberA, agreement: agreement, token: world.b.token,
                body: ["cause": "collusion", "reason": "串通投标"])
            #expect(bySupplier.status == .forbidden)
            let removed = try await A.memberStep(
                client, "remove", memberA, agreement: agreement, token: world.cast.ops,
                body: ["cause": "collusion", "reason": "串通投标，监管通报"])
            #expect(removed.status == .ok)
            let after = try removed.decode(A.Member.self)
            #expect(after.status == "removed")
            #expect(after.removalCause == "collusion")

            let rotation = try await client.get("/api/v1/agreements/\(agreement.id)/rotation", token: world.cast.buyer)
                .decode(Orders.Page<A.Rotation>.self)
            // Stage-1 rank A (3 000), C (3 050), B (3 100: no manufacturer declared, no deduction); A is gone.
            #expect(rotation.items.first?.order.map(\.supplierId) == [world.c.org, world.b.org])
            // Three rotation orders: none goes to A.
            for _ in 0..<3 {
                let order = try await A.order(
                    client, agreement, token: world.cast.buyer,
                    body: ["lotNo": 1, "quantity": 1, "budgetLineId": world.budget.id])
                #expect(order.status == .created, "\(String(buffer: order.body))")
                #expect(try order.decode(A.StageTwoOrder.self).supplierId != world.a.org)
            }
            let rejoin = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/applications", token: world.a.token,
                body: ["lotNo": 1, "listingId": world.a.listing, "unitPriceFen": 290_000])
            #expect(rejoin.status == .created)
            let application = try rejoin.decode(A.Application.self)
            let accept = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/applications/\(application.id)/accept",
                token: world.cast.ops)
            #expect(accept.status == .conflict)
            #expect(try accept.problem().code == "agreement.membership_refused")
            let audited = try await A.int(
                fixtures,
                "SELECT count(*)::int FROM audit_log WHERE entity_id = '\(memberA.id)' "
                    + "AND action = 'agreement_member.removed' AND after->>'removalCause' = 'collusion'")
            #expect(audited == 1)
        }
    }
}
