import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import PostgresNIO
import Testing

/// Framework agreements in the open-data feed (issue 6 point 6, DOMAIN.md §X2, §F): stage 1 as a contracting
/// process with a release per published change, stage-2 orders linked to it by `relatedProcesses`.
@Suite("Open data: framework agreements and their stage-2 orders as OCDS releases (issue 6 point 6, DOMAIN.md §X2)")
struct OCDSAgreementTests {
    typealias A = Agreements
    static let hour: TimeInterval = 3_600
    static let person = ["李建国", "13800138000", "lijg@example.cn"]

    @Test("a closed agreement is published at activation, an award per admitted supplier, then per change")
    func closedAgreement() async throws {
        try await withApp(config: OCDS.config) { client, fixtures in
            let world = try await Self.world(client, fixtures)
            // 09:00 direct selection below 10 000 yuan, rotation from there; admitted B (3 200) and A (3 000).
            let agreement = try await A.activate(
                client, ops: world.cast.ops,
                body: A.body(
                    stageTwo: ["method": "direct_selection", "thresholdFen": 1_000_000, "aboveMethod": "rotation"]),
                bids: A.standardBids(world))
            let ocid = "ocds-g0vm11-fa-\(agreement.id)"
            var members = try await A.members(client, agreement, token: world.cast.ops)
            let memberA = try #require(members.first { $0.supplierId == world.a.org })

            // 10:00 A lowers its agreed price to 2 900 yuan (§P4).
            fixtures.clock.advance(by: Self.hour)
            let lowered = try await A.memberStep(
                client, "price", memberA, agreement: agreement, token: world.a.token,
                body: ["unitPriceFen": 290_000, "reason": "成本下降"])
            #expect(lowered.status == .ok, "\(String(buffer: lowered.body))")

            // 11:00 C joins through a supplementary call (§F10).
            fixtures.clock.advance(by: Self.hour)
            let call = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/calls", token: world.cast.ops,
                body: ["lotNo": 1, "description": "补充征集"]
            ).decode(A.Call.self)
            let applications = "/api/v1/agreements/\(agreement.id)/applications"
            let application = try await Catalog.send(
                client, .post, applications, token: world.c.token,
                body: ["lotNo": 1, "callId": call.id, "listingId": world.c.listing, "unitPriceFen": 305_000]
            ).decode(A.Application.self)
            let accepted = try await Catalog.send(
                client, .post, "\(applications)/\(application.id)/accept", token: world.cast.ops)
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")

            // 12:00 two stage-2 orders, accepted at once: direct selection of A (2 × 3 200 < 10 000 yuan) and
            // rotation (4 × 3 200 ≥ 10 000 yuan), which goes to B, first in the rotation.
            fixtures.clock.advance(by: Self.hour)
            let direct = try await Self.place(
                client, agreement, world, body: A.directSelection(supplier: world.a.org, budgetLine: world.budget.id))
            let rotation = try await Self.place(
                client, agreement, world,
                body: ["lotNo": 1, "quantity": 4, "budgetLineId": world.budget.id, "method": "rotation"])
            #expect(rotation.supplierId == world.b.org)

            // 13:00 B is removed for cause; 14:00 the agreement is terminated.
            fixtures.clock.advance(by: Self.hour)
            members = try await A.members(client, agreement, token: world.cast.ops)
            let memberB = try #require(members.first { $0.supplierId == world.b.org })
            let removed = try await A.memberStep(
                client, "remove", memberB, agreement: agreement, token: world.cast.ops,
                body: ["cause": "no_longer_qualified", "reason": "资质过期"])
            #expect(removed.status == .ok)
            fixtures.clock.advance(by: Self.hour)
            let current = try await client.get("/api/v1/agreements/\(agreement.id)", token: world.cast.ops)
                .decode(A.Agreement.self)
            _ = try await A.step(client, "terminate", current, token: world.cast.ops, body: ["reason": "采购需求取消"])

            // The feed: the agreement's five revisions and the two orders, in order of recording.
            let orderPrefix = "ocds-g0vm11-order-"
            let expected = [
                "\(ocid)-r1", "\(ocid)-r2", "\(ocid)-r3", "\(orderPrefix)\(direct.id)-accepted",
                "\(orderPrefix)\(rotation.id)-accepted", "\(ocid)-r4", "\(ocid)-r5",
            ]
            let all = try await OCDS.get(client, "/api/v1/ocds/releases")
            let feed = try OCDS.package(all)
            #expect(feed.releases.map(\.id) == expected)
            let hours = [9, 10, 11, 12, 12, 13, 14].map { String(format: "2026-03-02T%02d:00:00+08:00", $0) }
            #expect(feed.releases.map(\.date) == hours)
            try OCDS.writeSample(all, name: "feed-agreements")

            // r1: stage 1 with its techniques, the operator as buyer, one award per admitted supplier at its agreed
            // price; the eliminated C is not a party.
            let r1 = try #require(feed.releases.first)
            #expect(r1.ocid == ocid && r1.tag == ["tender", "award", "contract"])
            #expect(r1.buyer?.id == fixtures.operatorOrg.description && r1.buyer?.name == "测试采购中心")
            #expect(r1.tender?.techniques?.hasFrameworkAgreement == true)
            #expect(r1.tender?.techniques?.frameworkAgreement?.method == "withoutReopeningCompetition")
            #expect(r1.tender?.numberOfTenderers == 3 && r1.tender?.status == "complete")
            #expect(r1.tender?.items?.first?.classification?.id == "A02021004")
            #expect(r1.tender?.items?.first?.unit?.value?.amount == 4_000)
            #expect(Self.prices(r1) == [world.b.org: 3_200, world.a.org: 3_000])
            #expect(r1.contracts?.map(\.status) == ["active", "active"])
            #expect(!r1.parties.contains { $0.id == world.c.org })
            let supplierB = try #require(r1.parties.first { $0.id == world.b.org })
            #expect(supplierB.details?.scale == "micro" && supplierB.roles == ["supplier", "tenderer"])
            // §F2: B's micro bid got the 10 % deduction in stage 1.
            #expect(
                r1.tender?.sustainability?.first { $0.goal == "social.smeInclusion" }?.strategies
                    == ["marginOfPreference"])

            // r2 the lowered price, r3 the new member, r4 the removal, r5 the termination.
            let byID = Dictionary(uniqueKeysWithValues: feed.releases.map { ($0.id, $0) })
            let r2 = try #require(byID["\(ocid)-r2"])
            #expect(Self.prices(r2) == [world.b.org: 3_200, world.a.org: 2_900])
            let r3 = try #require(byID["\(ocid)-r3"])
            #expect(Self.prices(r3) == [world.b.org: 3_200, world.a.org: 2_900, world.c.org: 3_050])
            #expect(r3.parties.contains { $0.id == world.c.org && $0.details?.scale == "medium" })
            let r4 = try #require(byID["\(ocid)-r4"])
            let statuses = Dictionary(
                uniqueKeysWithValues: zip(
                    r4.awards?.map { $0.suppliers[0].id } ?? [], r4.contracts?.compactMap(\.status) ?? []))
            #expect(statuses == [world.b.org: "terminated", world.a.org: "active", world.c.org: "active"])
            let r5 = try #require(byID["\(ocid)-r5"])
            #expect(r5.tender?.status == "complete" && r5.contracts?.allSatisfy { $0.status == "terminated" } == true)

            // The stage-2 orders point at the agreement (relatedProcesses "framework").
            for (order, method) in [(direct, "direct"), (rotation, "direct")] {
                let release = try #require(byID["\(orderPrefix)\(order.id)-accepted"])
                let related = try #require(release.relatedProcesses?.first)
                #expect(related.relationship == ["framework"] && related.scheme == "ocid")
                #expect(related.identifier == ocid && related.title == "2026年A4彩色打印机框架协议")
                #expect(release.tender?.techniques?.hasFrameworkAgreement == true)
                #expect(release.tender?.procurementMethod == method && release.tender?.competitive == false)
            }
            let stageTwo = try await OCDS.get(client, "/api/v1/ocds/orders/\(direct.id)")
            #expect(try OCDS.package(stageTwo).releases.first?.relatedProcesses?.first?.identifier == ocid)
            try OCDS.writeSample(stageTwo, name: "order-direct-selection")
            try OCDS.writeSample(
                try await OCDS.get(client, "/api/v1/ocds/orders/\(rotation.id)"), name: "order-rotation")

            // One agreement's releases; 404 alike for a draft, an unknown id and a malformed one.
            let history = try await OCDS.get(client, "/api/v1/ocds/agreements/\(agreement.id)")
            let historyPackage = try OCDS.package(history)
            #expect(historyPackage.releases.map(\.id) == (1...5).map { "\(ocid)-r\($0)" })
            #expect(historyPackage.uri == "\(OCDS.base)/api/v1/ocds/agreements/\(agreement.id)")
            try OCDS.writeSample(history, name: "agreement-closed")
            let draft = try await A.create(client, ops: world.cast.ops)
            for id in [draft.id, UUID().uuidString.lowercased(), "not-an-id"] {
                try ProblemTests.expectProblem(
                    try await OCDS.get(client, "/api/v1/ocds/agreements/\(id)"), .notFound, "resource.not_found")
            }

            // Paging and since= lose nothing.
            var pages: [String] = []
            var url: String? = "/api/v1/ocds/releases?limit=2"
            while let next = url {
                let response = try await OCDS.get(client, next)
                pages += try OCDS.package(response).releases.map(\.id)
                url = OCDS.next(response)
            }
            #expect(pages == expected)
            let since = try await OCDS.package(
                OCDS.get(client, "/api/v1/ocds/releases?since=2026-03-02T12:00:00%2B08:00"))
            #expect(since.releases.map(\.id) == Array(expected.dropFirst(3)))

            // No person: no user's id, user name or display name (with its phone and e-mail), no acceptor.
            try await Self.expectNoPersonalData([all, history, stageTwo], fixtures)

            // The backfill of Schema/0012_ocds_agreements.sql (agreements published before it) derives the
            // release the live path recorded last.
            let backfill = try await Self.backfill(fixtures)
            let live = try await Self.strings(
                fixtures,
                "SELECT stage || ' ' || admissions::text || ' ' || release_date::text FROM ocds_releases "
                    + "WHERE kind = 'agreement' ORDER BY seq DESC LIMIT 1")
            #expect(backfill.map(\.1) == live && backfill.map(\.0) == [agreement.id])
        }
    }

    @Test("an open agreement's second-bidding order, joins and leaves are published; expiry ends every contract")
    func openAgreement() async throws {
        try await withApp(config: OCDS.config) { client, fixtures in
            let world = try await Self.world(client, fixtures)
            // Monday 09:00: an open agreement until Friday, second bidding; both bidders are admitted.
            let agreement = try await A.activate(
                client, ops: world.cast.ops,
                body: A.body(kind: "open", stageTwo: ["method": "second_bidding"], termEnd: "2026-03-06"),
                bids: [(world.a, 300_000, "large"), (world.b, 320_000, "micro")])
            let ocid = "ocds-g0vm11-fa-\(agreement.id)"

            // A second bidding: A quotes 5 800, B 6 300; Wednesday 11:00 it is evaluated, A is awarded.
            let posted = try await Catalog.send(
                client, .post, "/api/v1/agreements/\(agreement.id)/second-biddings", token: world.cast.buyer,
                body: [
                    "lotNo": 1, "title": "A4彩色打印机二次竞价", "quantity": 2, "unit": "台",
                    "budgetLineId": world.budget.id, "deadline": "2026-03-04T10:00:00+08:00",
                ], idempotencyKey: UUID().uuidString)
            #expect(posted.status == .created, "\(String(buffer: posted.body))")
            let competition = try posted.decode(Competitions.Competition.self)
            for (bidder, total) in [(world.a, 580_000), (world.b, 630_000)] {
                let quote = try await Catalog.send(
                    client, .post, "/api/v1/competitions/\(competition.id)/quotes", token: bidder.token,
                    body: ["listingId": bidder.listing, "totalFen": total], idempotencyKey: UUID().uuidString)
                #expect(quote.status == .created, "\(String(buffer: quote.body))")
            }
            fixtures.clock.advance(by: 50 * Self.hour)
            #expect(try await Competitions.close(fixtures) == .init(evaluated: 1))
            let evaluated = try await client.get("/api/v1/competitions/\(competition.id)", token: world.cast.buyer)
                .decode(Competitions.Competition.self)
            let awarded = try await Competitions.award(
                client, evaluated, token: world.cast.buyer, supplierId: world.a.org)
            #expect(awarded.status == .created, "\(String(buffer: awarded.body))")
            let order = try await OCDS.accept(
                client, try awarded.decode(Competitions.AwardResponse.self).order, cast: world.cast,
                supplier: world.a.token)

            // C applies and is accepted (r2); B leaves at once (r3).
            let applications = "/api/v1/agreements/\(agreement.id)/applications"
            let application = try await Catalog.send(
                client, .post, applications, token: world.c.token,
                body: ["lotNo": 1, "listingId": world.c.listing, "unitPriceFen": 305_000]
            ).decode(A.Application.self)
            _ = try await Catalog.send(client, .post, "\(applications)/\(application.id)/accept", token: world.cast.ops)
            let memberB = try #require(
                try await A.members(client, agreement, token: world.cast.ops).first { $0.supplierId == world.b.org })
            let left = try await A.memberStep(client, "withdraw", memberB, agreement: agreement, token: world.b.token)
            #expect(left.status == .ok)

            // Saturday: the term is over; the agreement expires (r4).
            fixtures.clock.advance(by: 70 * Self.hour)
            let current = try await client.get("/api/v1/agreements/\(agreement.id)", token: world.cast.ops)
                .decode(A.Agreement.self)
            _ = try await A.step(client, "expire", current, token: world.cast.ops)

            let history = try await OCDS.get(client, "/api/v1/ocds/agreements/\(agreement.id)")
            let releases = try OCDS.package(history).releases
            #expect(releases.map(\.id) == (1...4).map { "\(ocid)-r\($0)" })
            try OCDS.writeSample(history, name: "agreement-open")
            // An open agreement within its term takes suppliers: its tender is active until it expires.
            #expect(releases.map { $0.tender?.status } == ["active", "active", "active", "complete"])
            #expect(releases[0].tender?.techniques?.frameworkAgreement?.method == "withReopeningCompetition")
            // By rotation position: B (stage-1 rank 1 after the SME deduction), A, then C who joined; B left in r3.
            #expect(releases[1].awards?.map { $0.suppliers[0].id } == [world.b.org, world.a.org, world.c.org])
            #expect(releases[2].contracts?.map(\.status) == ["terminated", "active", "active"])
            #expect(releases[3].contracts?.allSatisfy { $0.status == "terminated" } == true)

            // The second-bidding order: selective, competitive, two tenderers, linked to the agreement.
            let orderPackage = try await OCDS.get(client, "/api/v1/ocds/orders/\(order.id)")
            let release = try #require(try OCDS.package(orderPackage).releases.first)
            #expect(release.tender?.procurementMethod == "selective" && release.tender?.competitive == true)
            #expect(release.tender?.numberOfTenderers == 2)
            #expect(release.relatedProcesses?.map(\.identifier) == [ocid])
            try OCDS.writeSample(orderPackage, name: "order-second-bidding")

            let feed = try await OCDS.get(client, "/api/v1/ocds/releases")
            #expect(
                try OCDS.package(feed).releases.map(\.id) == [
                    "\(ocid)-r1", "ocds-g0vm11-order-\(order.id)-accepted", "\(ocid)-r2", "\(ocid)-r3", "\(ocid)-r4",
                ])
            try await Self.expectNoPersonalData([feed, history, orderPackage], fixtures)
        }
    }

    @Test("concurrent changes of one agreement get consecutive revisions, each with the changes committed before it")
    func concurrentChanges() async throws {
        try await withApp(config: OCDS.config) { client, fixtures in
            let world = try await Self.world(client, fixtures)
            let agreement = try await A.activate(client, ops: world.cast.ops, bids: A.standardBids(world))
            let members = try await A.members(client, agreement, token: world.cast.ops)
            let memberA = try #require(members.first { $0.supplierId == world.a.org })
            let memberB = try #require(members.first { $0.supplierId == world.b.org })
            fixtures.clock.advance(by: Self.hour)
            async let byA = A.memberStep(
                client, "price", memberA, agreement: agreement, token: world.a.token, body: ["unitPriceFen": 299_000])
            async let byB = A.memberStep(
                client, "price", memberB, agreement: agreement, token: world.b.token, body: ["unitPriceFen": 319_000])
            #expect(try await [byA.status, byB.status] == [.ok, .ok])

            let ocid = "ocds-g0vm11-fa-\(agreement.id)"
            let releases = try await OCDS.package(OCDS.get(client, "/api/v1/ocds/agreements/\(agreement.id)")).releases
            #expect(releases.map(\.id) == ["\(ocid)-r1", "\(ocid)-r2", "\(ocid)-r3"])
            // Whichever committed first is alone in r2; r3 has both.
            let r2 = Self.prices(releases[1])
            #expect(
                r2 == [world.a.org: 2_990, world.b.org: 3_200] || r2 == [world.a.org: 3_000, world.b.org: 3_190])
            #expect(Self.prices(releases[2]) == [world.a.org: 2_990, world.b.org: 3_190])
        }
    }

    // MARK: - Helpers

    /// The agreement world, with a personal display name, phone number and e-mail address on C's user (which
    /// no package may show).
    static func world(_ client: some TestClientProtocol, _ fixtures: Fixtures) async throws -> A.World {
        let world = try await A.world(client, fixtures)
        try await fixtures.database.query(
            "UPDATE users SET display_name = \(person.joined(separator: " ")) WHERE username = 'sup-c'",
            logger: TestDatabase.logger)
        return world
    }

    /// Places a stage-2 order and walks it to accepted by its supplier and the unit.
    static func place(
        _ client: some TestClientProtocol, _ agreement: A.Agreement, _ world: A.World, body: [String: Any]
    ) async throws -> Orders.Order {
        let response = try await A.order(client, agreement, token: world.cast.buyer, body: body)
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let placed = try #require(try response.decode(A.StageTwoOrder.self).placement.orders.first)
        let supplier = [world.a, world.b, world.c].first { $0.org == placed.supplierId }?.token ?? ""
        return try await OCDS.accept(client, placed, cast: world.cast, supplier: supplier)
    }

    /// Each award's supplier and agreed unit price in yuan.
    static func prices(_ release: OCDS.Release) -> [String: Double] {
        var result: [String: Double] = [:]
        for award in release.awards ?? [] {
            result[award.suppliers[0].id] = award.items?.first?.unit?.value?.amount
        }
        return result
    }

    /// Checks that no package names a user (id, user name, display name) or the acceptor.
    static func expectNoPersonalData(
        _ responses: [TestResponse], _ fixtures: Fixtures, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let users = try await fixtures.database.query(
            "SELECT id, username, display_name FROM users LIMIT 100", logger: TestDatabase.logger)
        var forbidden = person + ["王老师", "验收"]
        for try await (id, username, displayName) in users.decode((UUID, String, String).self) {
            forbidden += [id.uuidString.lowercased(), "\"\(username)\"", "\"\(displayName)\""]
        }
        for response in responses {
            let body = String(buffer: response.body)
            for text in forbidden {
                #expect(!body.contains(text), "a package contains \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The backfill query of `Schema/0012_ocds_agreements.sql`: each agreement and `stage admissions date`.
    static func backfill(_ fixtures: Fixtures) async throws -> [(String, String)] {
        let migration = try String(
            contentsOf: TestDatabase.schemaDirectory.appendingPathComponent("0012_ocds_agreements.sql"),
            encoding: .utf8)
        guard let start = migration.range(of: "SELECT 'agreement',"),
            let end = migration.range(of: ";", range: start.upperBound..<migration.endIndex)
        else { throw DomainError(.configInvalid, "no backfill in 0012_ocds_agreements.sql") }
        let sql = String(migration[start.lowerBound..<end.lowerBound])
        let rows = try await fixtures.database.query(
            PostgresQuery(
                unsafeSQL: "SELECT b.agreement_id::text, b.stage || ' ' || b.admissions::text || ' ' "
                    + "|| b.release_date::text FROM (\(sql)) AS b(kind, stage, agreement_id, revision, admissions, "
                    + "release_date)"),
            logger: TestDatabase.logger)
        var result: [(String, String)] = []
        for try await row in rows.decode((String, String).self) { result.append(row) }
        return result
    }

    /// One text column of a query's rows.
    static func strings(_ fixtures: Fixtures, _ sql: String) async throws -> [String] {
        let rows = try await fixtures.database.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
        var result: [String] = []
        for try await text in rows.decode(String.self) { result.append(text) }
        return result
    }
}
