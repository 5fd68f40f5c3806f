import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

/// DOMAIN.md §T1: "… raises a split_suspected warning unless an exemption (budget adjusted, approved) is
/// attached". The unit files, a regulator of its region decides; only an approved exemption silences §T1.
@Suite("Splitting exemptions: filed by the unit, decided by the region's regulator (issue 4 point 5, §T1)")
struct SplitExemptionTests {
    struct Exemption: Decodable {
        var id: String
        var unitId: String
        var fiscalYear: Int
        var categoryGroup: String
        var budgetProject: String
        var reason: String
        var documentNo: String
        var state: String
        var decisionNote: String?
    }

    @Test("an approved exemption silences §T1 for its group; pending or another region's regulator do not decide it")
    func exemption() async throws {
        try await withApp(config: SplitWarningTests.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 400)
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 200_000_000)
            let body: [String: Any] = [
                "budgetLineId": budget.id, "categoryCode": "A02021004", "documentNo": "京财预〔2026〕12号",
                "notes": "追加打印设备预算",
            ]
            let key = UUID().uuidString
            let filed = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions", token: cast.buyer, body: body, idempotencyKey: key)
            #expect(filed.status == .created, "\(String(buffer: filed.body))")
            let exemption = try filed.decode(Exemption.self)
            #expect(exemption.state == "pending" && exemption.categoryGroup == "A02020000")
            #expect(exemption.reason == "budget_adjusted" && exemption.unitId == fixtures.unitA.description)
            #expect(filed.headers[.location] == "/api/v1/split-exemptions/\(exemption.id)")
            let replay = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions", token: cast.buyer, body: body, idempotencyKey: key)
            #expect(replay.status == .created)
            #expect(try replay.decode(Exemption.self).id == exemption.id)
            let noKey = try await Catalog.send(client, .post, "/api/v1/split-exemptions", token: cast.buyer, body: body)
            #expect(noKey.status == .badRequest)
            let duplicate = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions", token: cast.approver,
                body: body.merging(["categoryCode": "A02021001"]) { $1 }, idempotencyKey: UUID().uuidString)
            #expect(duplicate.status == .conflict)
            #expect(try duplicate.problem().code == "split_exemption.duplicate")
            let unknown = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions", token: cast.buyer,
                body: body.merging(["categoryCode": "A99999999"]) { $1 }, idempotencyKey: UUID().uuidString)
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.problem().errors?.map(\.field) == ["categoryCode"])
            // Another unit's budget line is not found.
            let other = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions", token: try await client.login("buyer-b"), body: body,
                idempotencyKey: UUID().uuidString)
            #expect(other.status == .notFound)

            // Who sees it: the unit and Beijing's regulator; not another unit or Yunnan's regulator; suppliers 403.
            let path = "/api/v1/split-exemptions/\(exemption.id)"
            let yunnan = try await client.login("reg-yn")
            let beijing = try await client.login("reg-bj")
            #expect(try await Catalog.send(client, .get, path, token: cast.buyer).status == .ok)
            #expect(try await Catalog.send(client, .get, path, token: beijing).status == .ok)
            #expect(try await Catalog.send(client, .get, path, token: yunnan).status == .notFound)
            #expect(
                try await Catalog.send(client, .get, path, token: try await client.login("buyer-b")).status
                    == .notFound)
            #expect(try await Catalog.send(client, .get, path, token: cast.supplierA).status == .forbidden)
            let yunnanList = try await Catalog.send(client, .get, "/api/v1/split-exemptions", token: yunnan)
            #expect(try yunnanList.decode(Orders.Page<Exemption>.self).items.isEmpty)
            let pending = try await Catalog.send(
                client, .get, "/api/v1/split-exemptions?state=pending", token: beijing)
            #expect(try pending.decode(Orders.Page<Exemption>.self).items.map(\.id) == [exemption.id])
            #expect(
                try await Catalog.send(client, .get, "/api/v1/split-exemptions?state=maybe", token: beijing).status
                    == .badRequest)

            // Deciding: units cannot, Yunnan cannot see it, a rejection needs a note.
            #expect(
                try await Catalog.send(client, .post, "\(path)/approve", token: cast.approver, body: [:]).status
                    == .forbidden)
            #expect(
                try await Catalog.send(client, .post, "\(path)/approve", token: yunnan, body: [:]).status == .notFound)
            let noNote = try await Catalog.send(client, .post, "\(path)/reject", token: beijing, body: [:])
            #expect(noNote.status == .unprocessableContent)

            // While pending the detector still warns: six orders pass, so hold the 7th until approval.
            for n in 1...6 {
                let placement = try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(listing.id, 50)], budgetLineId: budget.id)
                #expect(placement.warnings.isEmpty, "order \(n)")
            }
            let approved = try await Catalog.send(
                client, .post, "\(path)/approve", token: beijing, body: ["note": "预算调整已批复"])
            #expect(approved.status == .ok, "\(String(buffer: approved.body))")
            #expect(try approved.decode(Exemption.self).state == "approved")
            let again = try await Catalog.send(client, .post, "\(path)/reject", token: beijing, body: ["note": "x"])
            #expect(again.status == .conflict)
            #expect(try again.problem().code == "split_exemption.not_pending")

            // The 7th order crosses 1 000 000 yuan (see SplitWarningTests.threshold) without a warning.
            let seventh = try await Orders.placeQuoted(
                client, token: cast.buyer, lines: [(listing.id, 50)], budgetLineId: budget.id)
            #expect(seventh.warnings.isEmpty)
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM split_warnings") == 0)
            #expect(
                try await Orders.int(
                    fixtures,
                    """
                    SELECT count(*)::int FROM audit_log
                    WHERE action IN ('split_exemption.filed', 'split_exemption.approved')
                    """) == 2)
        }
    }

    @Test("a rejected exemption silences nothing and the group may file again")
    func rejected() async throws {
        try await withApp(config: SplitWarningTests.config) { client, fixtures in
            let cast = try await Orders.Cast.login(client)
            let listing = try await Orders.listing(client, supplier: cast.supplierA, ops: cast.ops, stock: 400)
            let budget = try await Orders.budget(client, approver: cast.approver, amountFen: 200_000_000)
            let body: [String: Any] = [
                "budgetLineId": budget.id, "categoryCode": "A02021004", "documentNo": "京财预〔2026〕13号",
            ]
            let filed = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions", token: cast.buyer, body: body,
                idempotencyKey: UUID().uuidString)
            let exemption = try filed.decode(Exemption.self)
            let rejected = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions/\(exemption.id)/reject",
                token: try await client.login("reg-bj"), body: ["note": "未见预算调整批复"])
            #expect(rejected.status == .ok)
            let decoded = try rejected.decode(Exemption.self)
            #expect(decoded.state == "rejected" && decoded.decisionNote == "未见预算调整批复")
            var warnings = 0
            for _ in 1...7 {
                warnings += try await Orders.placeQuoted(
                    client, token: cast.buyer, lines: [(listing.id, 50)], budgetLineId: budget.id
                ).warnings.count
            }
            #expect(warnings == 1)
            let refiled = try await Catalog.send(
                client, .post, "/api/v1/split-exemptions", token: cast.buyer, body: body,
                idempotencyKey: UUID().uuidString)
            #expect(refiled.status == .created)
            _ = fixtures
        }
    }
}
