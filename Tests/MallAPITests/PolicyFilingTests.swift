import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Canteen-food filings: units file, parent departments review (issue 6 point 1, DOMAIN.md §V2)")
struct PolicyFilingTests {
    static let path = "/api/v1/canteen-filings"

    static func file(
        _ client: some TestClientProtocol, token: String, _ body: [String: Any], key: String? = UUID().uuidString
    ) async throws -> TestResponse {
        try await Catalog.send(client, .post, path, token: token, body: body, idempotencyKey: key)
    }

    @Test("§V2 a canteen files budget × ratio (half up to the fen); the parent department approves it; replays are idempotent")
    func fileAndApprove() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let dept = try await Policy.unit(
                fixtures, name: "东城区教育委员会", region: "110101", parent: nil, username: "dept-dc")
            _ = try await Policy.unit(fixtures, name: "东城二中", region: "110101", parent: dept, username: "school-dc")
            let deptToken = try await client.login("dept-dc")
            let school = try await client.login("school-dc")
            // 1 234 567 fen × 12.50 % = 154 320.875 fen → 154 321 (half up, once).
            let body: [String: Any] = [
                "fiscalYear": 2026, "kind": "canteen", "foodBudgetFen": 1_234_567, "reservedRatioBp": 1_250,
            ]
            let created = try await Self.file(client, token: school, body, key: "filing-1")
            #expect(created.status == .created, "\(String(buffer: created.body))")
            OpenAPIConformance.expect(created, matches: "CanteenFiling")
            let filing = try created.decode(Policy.Filing.self)
            #expect(filing.reservedFen == 154_321 && filing.state == "submitted" && filing.version == 1)
            #expect(!filing.late && filing.reviewerOrgId == dept.description && filing.kind == "canteen")
            #expect(created.headers[.location] == "\(Self.path)/\(filing.id)")

            // The same key and body: the first answer again; another body under that key: 422.
            let replay = try await Self.file(client, token: school, body, key: "filing-1")
            #expect(replay.status == .created && replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try replay.decode(Policy.Filing.self).id == filing.id)
            var other = body
            other["reservedRatioBp"] = 1_500
            try Policy.expectProblem(
                try await Self.file(client, token: school, other, key: "filing-1"), .unprocessableContent,
                "request.idempotency_key_reused")
            // A second live filing for the year: 409.
            try Policy.expectProblem(
                try await Self.file(client, token: school, other), .conflict, "filing.already_filed")
            #expect(try await Orders.int(fixtures, "SELECT count(*)::int FROM canteen_filings") == 1)

            // Who sees it: the unit, its reviewer, the region's regulator and the operators; others get 404.
            let uri = "\(Self.path)/\(filing.id)"
            #expect(try await client.get(uri, token: school).status == .ok)
            #expect(try await client.get(uri, token: deptToken).status == .ok)
            #expect(try await client.get(uri, token: try await client.login("reg-bj")).status == .ok)
            #expect(try await client.get(uri, token: try await client.login("ops")).status == .ok)
            try Policy.expectProblem(
                try await client.get(uri, token: try await client.login("approver-a")), .notFound, "resource.not_found")
            try Policy.expectProblem(
                try await client.get(uri, token: try await client.login("reg-yn")), .notFound, "resource.not_found")
            try Policy.expectProblem(
                try await client.get(uri, token: try await client.login("sup-a")), .forbidden, "auth.forbidden")

            // Only the reviewer reviews: the unit itself and the operators get 403, another unit 404.
            let approve = "\(uri)/approve"
            try Policy.expectProblem(
                try await Catalog.send(client, .post, approve, token: school, ifMatch: "\"1\""), .forbidden,
                "auth.forbidden")
            try Policy.expectProblem(
                try await Catalog.send(client, .post, approve, token: try await client.login("ops"), ifMatch: "\"1\""),
                .forbidden, "auth.forbidden")
            try Policy.expectProblem(
                try await Catalog.send(
                    client, .post, approve, token: try await client.login("approver-a"), ifMatch: "\"1\""),
                .notFound, "resource.not_found")
            // If-Match: required, and a stale version is refused.
            let missing = try await Catalog.send(client, .post, approve, token: deptToken)
            #expect(missing.status == .preconditionRequired)
            try Policy.expectProblem(
                try await Catalog.send(client, .post, approve, token: deptToken, ifMatch: "\"7\""), .preconditionFailed,
                "resource.version_mismatch")
            let approved = try await Catalog.send(client, .post, approve, token: deptToken, ifMatch: "\"1\"")
            #expect(approved.status == .ok, "\(String(buffer: approved.body))")
            #expect(approved.headers[.eTag] == "\"2\"")
            let after = try approved.decode(Policy.Filing.self)
            #expect(after.state == "approved" && after.version == 2 && after.reservedFen == 154_321)
            try Policy.expectProblem(
                try await Catalog.send(client, .post, approve, token: deptToken, ifMatch: "\"2\""), .conflict,
                "filing.not_submitted")
            #expect(
                try await Orders.int(
                    fixtures,
                    "SELECT count(*)::int FROM audit_log WHERE action IN ('canteen_filing.submitted', 'canteen_filing.approved')"
                ) == 2)

            // Lists: the department sees the filings it reviews, a regulator of another region nothing.
            let page = try await Policy.get(
                client, "\(Self.path)?year=2026&state=approved", token: deptToken, as: Orders.Page<Policy.Filing>.self)
            #expect(page.items.map(\.id) == [filing.id])
            let listed = try await client.get(Self.path, token: deptToken)
            OpenAPIConformance.expect(listed, matches: "CanteenFilingPage")
            let yunnan = try await Policy.get(
                client, Self.path, token: try await client.login("reg-yn"), as: Orders.Page<Policy.Filing>.self)
            #expect(yunnan.items.isEmpty)
            let mine = try await Policy.get(
                client, Self.path, token: try await client.login("buyer-a"), as: Orders.Page<Policy.Filing>.self)
            #expect(mine.items.isEmpty)
        }
    }

    @Test("§V2 a returned filing keeps its reason and the unit files again; returning needs a reason")
    func returnAndRefile() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let ops = try await client.login("ops")
            let buyer = try await client.login("buyer-a")
            // Unit A has no parent department: the operators review its filings.
            let first = try await Self.file(
                client, token: buyer,
                ["fiscalYear": 2026, "kind": "canteen", "foodBudgetFen": 2_000_000, "reservedRatioBp": 1_000]
            ).decode(Policy.Filing.self)
            #expect(first.reviewerOrgId == nil && first.reservedFen == 200_000)
            let back = "\(Self.path)/\(first.id)/return"
            let noReason = try await Catalog.send(client, .post, back, token: ops, body: [String: Any](), ifMatch: "\"1\"")
            let problem = try Policy.expectProblem(noReason, .unprocessableContent, "request.validation_failed")
            #expect(problem.errors?.map(\.field) == ["reason"])
            let returned = try await Catalog.send(
                client, .post, back, token: ops, body: ["reason": "食材预算与部门预算不一致"], ifMatch: "\"1\"")
            #expect(returned.status == .ok)
            let record = try returned.decode(Policy.Filing.self)
            #expect(record.state == "returned" && record.reviewReason == "食材预算与部门预算不一致")
            let again = try await Self.file(
                client, token: buyer,
                ["fiscalYear": 2026, "kind": "canteen", "foodBudgetFen": 1_800_000, "reservedRatioBp": 1_000])
            #expect(again.status == .created)
            #expect(try again.decode(Policy.Filing.self).reservedFen == 180_000)
            let states = try await Policy.rows(
                fixtures, "SELECT state || ':' || reserved_fen FROM canteen_filings ORDER BY state")
            #expect(states == ["returned:200000", "submitted:180000"])
        }
    }

    @Test("§V2 validation reports every bad field: ratio under 10 %, missing budget, fields of another kind")
    func validation() async throws {
        try await withApp(config: Policy.config) { client, fixtures in
            let buyer = try await client.login("buyer-a")
            let low = try await Self.file(
                client, token: buyer, ["fiscalYear": 2026, "kind": "canteen", "reservedRatioBp": 999])
            let lowProblem = try Policy.expectProblem(low, .unprocessableContent, "request.validation_failed")
            #expect(
                Set(lowProblem.errors?.map { "\($0.field):\($0.code)" } ?? [])
                    == ["foodBudgetFen:required", "reservedRatioBp:out_of_range"])
            let mixed = try await Self.file(
                client, token: buyer,
                ["fiscalYear": 2026, "kind": "no_canteen", "foodBudgetFen": 100, "reservedRatioBp": 1_000])
            let mixedProblem = try Policy.expectProblem(mixed, .unprocessableContent, "request.validation_failed")
            #expect(
                Set(mixedProblem.errors?.map { "\($0.field):\($0.code)" } ?? [])
                    == ["foodBudgetFen:not_allowed", "reservedRatioBp:not_allowed"])
            let alone = try await Self.file(client, token: buyer, ["fiscalYear": 2026, "kind": "shared"])
            #expect(
                try Policy.expectProblem(alone, .unprocessableContent, "request.validation_failed").errors?.first?.field
                    == "representativeUnitId")
            try Policy.expectProblem(
                try await Self.file(client, token: buyer, ["fiscalYear": 2026, "kind": "lunch"]), .unprocessableContent,
                "request.validation_failed")
            // The representative of a shared canteen must be a purchasing unit.
            try Policy.expectProblem(
                try await Self.file(
                    client, token: buyer,
                    ["fiscalYear": 2026, "kind": "shared", "representativeUnitId": fixtures.supplierA.description]),
                .unprocessableContent, "filing.representative_invalid")
            let shared = try await Self.file(
                client, token: buyer,
                ["fiscalYear": 2026, "kind": "shared", "representativeUnitId": fixtures.unitB.description])
            #expect(shared.status == .created)
            #expect(try shared.decode(Policy.Filing.self).reservedFen == 0)
            let noCanteen = try await Self.file(
                client, token: try await client.login("buyer-b"), ["fiscalYear": 2026, "kind": "no_canteen"])
            #expect(noCanteen.status == .created)
            #expect(try noCanteen.decode(Policy.Filing.self).kind == "no_canteen")
            // Suppliers, regulators and operators do not file.
            try Policy.expectProblem(
                try await Self.file(client, token: try await client.login("reg-bj"), ["fiscalYear": 2026, "kind": "no_canteen"]),
                .forbidden, "auth.forbidden")
        }
    }

    @Test("§V2 the minimum ratio and the filing deadline are configuration; a filing after the deadline is marked late")
    func deadlineAndMinimum() async throws {
        var config = Policy.config
        config.policy.minimumReservedRatio = BasisPoints(1_500)
        config.policy.filingDeadlineMonth = 3
        config.policy.filingDeadlineDay = 31
        try await withApp(config: config) { client, fixtures in
            let buyer = try await client.login("buyer-a")
            let body: [String: Any] = [
                "fiscalYear": 2026, "kind": "canteen", "foodBudgetFen": 1_000_000, "reservedRatioBp": 1_200,
            ]
            try Policy.expectProblem(
                try await Self.file(client, token: buyer, body), .unprocessableContent, "request.validation_failed")
            // 2026-03-31 is the last day on time; the clock starts on 2026-03-02.
            fixtures.clock.advance(by: 29 * Policy.day)
            var onTime = body
            onTime["reservedRatioBp"] = 1_500
            let march31 = try await Self.file(client, token: buyer, onTime).decode(Policy.Filing.self)
            #expect(!march31.late && march31.reservedFen == 150_000)
            fixtures.clock.advance(by: Policy.day)
            let april = try await Self.file(
                client, token: try await client.login("buyer-b"),
                ["fiscalYear": 2026, "kind": "canteen", "foodBudgetFen": 1_000_000, "reservedRatioBp": 1_500]
            ).decode(Policy.Filing.self)
            #expect(april.late)
            var next = onTime
            next["fiscalYear"] = 2027
            #expect(try await Self.file(client, token: buyer, next).decode(Policy.Filing.self).late == false)
        }
    }
}
