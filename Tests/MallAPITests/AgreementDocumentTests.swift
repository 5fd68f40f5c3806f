import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallTestSupport
import NIOCore
import Testing

/// The agreements fragment of the OpenAPI document against real answers: every agreement operation is called
/// once with success, and its body carries every property its documented schema requires (absent optionals
/// are omitted from our JSON, so an optional listed as required would fail here), with `null` only where the
/// schema allows it.
@Suite("Framework agreements: answers match the OpenAPI document")
struct AgreementDocumentTests {
    typealias A = Agreements

    /// Checks answers against the served document and records which operations were checked.
    final class Checker: @unchecked Sendable {  // used by one test task at a time, never concurrently
        let document: [String: Any]
        let schemas: [String: Any]
        var checked: Set<String> = []

        init() throws {
            let object = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))
            document = object as? [String: Any] ?? [:]
            schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        }

        /// Checks `response` as the answer of `method` on the documented `template` path.
        func check(
            _ response: TestResponse, _ method: String, _ template: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let status = String(response.status.code)
            #expect(
                (200..<300).contains(Int(response.status.code)), "\(method) \(template): \(String(buffer: response.body))",
                sourceLocation: sourceLocation)
            let operation = ((document["paths"] as? [String: Any])?[template] as? [String: Any])?[method.lowercased()]
            let responses = (operation as? [String: Any])?["responses"] as? [String: Any]
            let documented = responses?[status] as? [String: Any]
            let schema = ((documented?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
            guard let schema = schema as? [String: Any] else {
                Issue.record("\(method) \(template) documents no JSON answer for \(status)", sourceLocation: sourceLocation)
                return
            }
            let value = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
            let problems = self.problems(value, schema, path: "$")
            #expect(problems.isEmpty, "\(method) \(template): \(problems)", sourceLocation: sourceLocation)
            checked.insert("\(method) \(template)")
        }

        func resolve(_ schema: [String: Any]) -> [String: Any] {
            guard let ref = schema["$ref"] as? String, let name = ref.split(separator: "/").last,
                let target = schemas[String(name)] as? [String: Any]
            else { return schema }
            return resolve(target)
        }

        func problems(_ value: Any, _ raw: [String: Any], path: String) -> [String] {
            let schema = resolve(raw)
            if value is NSNull {
                let types = (schema["type"] as? [String]) ?? [schema["type"] as? String ?? ""]
                return types.contains("null") || schema["nullable"] as? Bool == true ? [] : ["\(path) is null"]
            }
            if let object = value as? [String: Any] {
                var found = ((schema["required"] as? [String]) ?? []).filter { object[$0] == nil }.map {
                    "\(path).\($0) missing"
                }
                for (key, sub) in (schema["properties"] as? [String: Any]) ?? [:] {
                    if let child = object[key], let sub = sub as? [String: Any] {
                        found += problems(child, sub, path: "\(path).\(key)")
                    }
                }
                return found
            }
            if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
                return array.enumerated().flatMap { problems($0.element, items, path: "\(path)[\($0.offset)]") }
            }
            return []
        }

        /// Every operation the document tags `agreements`.
        var agreementOperations: Set<String> {
            var result: Set<String> = []
            for (path, item) in (document["paths"] as? [String: Any]) ?? [:] {
                for (method, operation) in (item as? [String: Any]) ?? [:] {
                    if let tags = (operation as? [String: Any])?["tags"] as? [String], tags.contains("agreements") {
                        result.insert("\(method.uppercased()) \(path)")
                    }
                }
            }
            return result
        }
    }

    @Test("every agreement operation answers with a body that has each property its schema requires")
    func answersMatchSchemas() async throws {
        try await withApp { client, fixtures in
            let doc = try Checker()
            let world = try await A.world(client, fixtures)
            let ops = world.cast.ops
            let base = "/api/v1/agreements/{id}"
            func send(
                _ method: HTTPRequest.Method, _ path: String, token: String, body: [String: Any]? = nil,
                version: Int? = nil, key: String? = nil
            ) async throws -> TestResponse {
                try await Catalog.send(
                    client, method, path, token: token, body: body, ifMatch: version.map { "\"\($0)\"" },
                    idempotencyKey: key)
            }

            // Draft, edit, list, read; a second draft is terminated.
            var response = try await send(
                .post, "/api/v1/agreements", token: ops, body: A.body(stageTwo: ["method": "rotation"]))
            try doc.check(response, "POST", "/api/v1/agreements")
            var agreement = try response.decode(A.Agreement.self)
            let path = "/api/v1/agreements/\(agreement.id)"
            response = try await send(
                .put, path, token: ops, body: A.body(stageTwo: ["method": "rotation"]), version: agreement.version)
            try doc.check(response, "PUT", base)
            agreement = try response.decode(A.Agreement.self)
            try doc.check(try await client.get("/api/v1/agreements", token: ops), "GET", "/api/v1/agreements")
            try doc.check(try await client.get(path, token: ops), "GET", base)
            let other = try await A.create(client, ops: ops)
            try doc.check(
                try await A.act(client, "terminate", other, token: ops, body: ["reason": "重复立项"]), "POST",
                "\(base)/terminate")

            // Stage 1.
            response = try await A.act(client, "open", agreement, token: ops)
            try doc.check(response, "POST", "\(base)/open")
            agreement = try response.decode(A.Agreement.self)
            for (bidder, price, size) in A.standardBids(world) {
                try doc.check(
                    try await A.respond(
                        client, agreement, token: bidder.token, listing: bidder.listing, priceFen: price,
                        manufacturerSize: size), "POST", "\(base)/responses")
            }
            try doc.check(try await client.get("\(path)/responses", token: ops), "GET", "\(base)/responses")
            for action in ["close", "evaluate", "activate"] {
                response = try await A.act(client, action, agreement, token: ops)
                try doc.check(response, "POST", "\(base)/\(action)")
                agreement = try response.decode(A.Agreement.self)
            }
            try doc.check(try await client.get("\(path)/results", token: world.cast.buyer), "GET", "\(base)/results")
            response = try await client.get("\(path)/members", token: world.cast.buyer)
            try doc.check(response, "GET", "\(base)/members")
            let members = try response.decode(Orders.Page<A.Member>.self).items
            var memberA = try #require(members.first { $0.supplierId == world.a.org })
            let memberPath = "\(path)/members/\(memberA.id)"
            let memberBase = "\(base)/members/{memberId}"

            // Prices and replacements.
            response = try await send(
                .post, "\(memberPath)/price", token: world.a.token, body: ["unitPriceFen": 299_000],
                version: memberA.version)
            try doc.check(response, "POST", "\(memberBase)/price")
            memberA = try response.decode(A.Member.self)
            var replacements: [A.Replacement] = []
            for model in ["A-101", "A-102"] {
                let listing = try await Orders.listing(client, supplier: world.a.token, ops: ops, model: model)
                response = try await send(
                    .post, "\(memberPath)/replacements", token: world.a.token,
                    body: ["listingId": listing.id, "unitPriceFen": 298_000, "reason": "原型号停产"])
                try doc.check(response, "POST", "\(memberBase)/replacements")
                replacements.append(try response.decode(A.Replacement.self))
            }
            try doc.check(try await client.get("\(path)/replacements", token: ops), "GET", "\(base)/replacements")
            for (replacement, decision) in zip(replacements, ["approve", "refuse"]) {
                try doc.check(
                    try await send(.post, "\(path)/replacements/\(replacement.id)/\(decision)", token: ops), "POST",
                    "\(base)/replacements/{replacementId}/\(decision)")
            }

            // A rotation order with a skip, the rotation and the skip feed, the offers.
            memberA = try #require(try await A.members(client, agreement, token: ops).first { $0.id == memberA.id })
            response = try await A.order(
                client, agreement, token: world.cast.buyer,
                body: [
                    "lotNo": 1, "quantity": 1, "budgetLineId": world.budget.id,
                    "skips": [["supplierId": world.b.org, "reason": "库存不足"]],
                ])
            try doc.check(response, "POST", "\(base)/orders")
            try doc.check(try await client.get("\(path)/rotation", token: world.cast.buyer), "GET", "\(base)/rotation")
            try doc.check(
                try await client.get("/api/v1/rotation-skips", token: try await client.login("reg-bj")), "GET",
                "/api/v1/rotation-skips")
            try doc.check(
                try await client.get("/api/v1/agreement-offers", token: world.cast.buyer), "GET",
                "/api/v1/agreement-offers")

            // Withdrawal: declined, then accepted.
            for decision in ["decline-withdrawal", "accept-withdrawal"] {
                response = try await send(
                    .post, "\(memberPath)/withdraw", token: world.a.token, body: ["reason": "产能调整"],
                    version: memberA.version)
                try doc.check(response, "POST", "\(memberBase)/withdraw")
                memberA = try response.decode(A.Member.self)
                response = try await send(.post, "\(memberPath)/\(decision)", token: ops, version: memberA.version)
                try doc.check(response, "POST", "\(memberBase)/\(decision)")
                memberA = try response.decode(A.Member.self)
            }

            // A supplementary call: C is accepted, D refused; the call closes; C is removed for cause.
            response = try await send(.post, "\(path)/calls", token: ops, body: ["lotNo": 1, "description": "补充征集"])
            try doc.check(response, "POST", "\(base)/calls")
            let call = try response.decode(A.Call.self)
            try doc.check(try await client.get("\(path)/calls", token: world.c.token), "GET", "\(base)/calls")
            let d = try await A.supplier(client, fixtures, username: "sup-d", name: "东四办公")
            let dListing = try await Orders.listing(client, supplier: d.token, ops: ops, model: "D-400")
            var applications: [A.Application] = []
            for (token, listing) in [(world.c.token, world.c.listing), (d.token, dListing.id)] {
                response = try await send(
                    .post, "\(path)/applications", token: token,
                    body: ["lotNo": 1, "listingId": listing, "unitPriceFen": 305_000, "callId": call.id])
                try doc.check(response, "POST", "\(base)/applications")
                applications.append(try response.decode(A.Application.self))
            }
            try doc.check(try await client.get("\(path)/applications", token: ops), "GET", "\(base)/applications")
            for (application, decision) in zip(applications, ["accept", "refuse"]) {
                try doc.check(
                    try await send(.post, "\(path)/applications/\(application.id)/\(decision)", token: ops), "POST",
                    "\(base)/applications/{applicationId}/\(decision)")
            }
            try doc.check(
                try await send(.post, "\(path)/calls/\(call.id)/close", token: ops), "POST",
                "\(base)/calls/{callId}/close")
            let memberC = try #require(
                try await A.members(client, agreement, token: ops).first { $0.supplierId == world.c.org })
            try doc.check(
                try await send(
                    .post, "\(path)/members/\(memberC.id)/remove", token: ops,
                    body: ["cause": "refusing_awards", "reason": "多次拒绝订单"], version: memberC.version), "POST",
                "\(memberBase)/remove")

            // A second bidding under an agreement fixing it (§F7): the competition is the answer.
            let bidding = try await A.activate(
                client, ops: ops, body: A.body(stageTwo: ["method": "second_bidding"]), bids: A.standardBids(world))
            try doc.check(
                try await send(
                    .post, "/api/v1/agreements/\(bidding.id)/second-biddings", token: world.cast.buyer,
                    body: [
                        "lotNo": 1, "title": "二次竞价", "quantity": 1, "unit": "台", "budgetLineId": world.budget.id,
                        "deadline": "2026-03-06T10:00:00+08:00",
                    ], key: UUID().uuidString), "POST", "\(base)/second-biddings")

            // The end of the term.
            fixtures.clock.advance(by: 365 * 86_400)
            try doc.check(
                try await A.act(client, "expire", agreement, token: try await client.login("ops")), "POST",
                "\(base)/expire")

            #expect(doc.agreementOperations.subtracting(doc.checked).sorted() == [], "operations not exercised")
            #expect(doc.checked.count == doc.agreementOperations.count)
            // The checker itself: a missing required property and a null where none is allowed are caught.
            let agreementSchema: [String: Any] = ["$ref": "#/components/schemas/Agreement"]
            #expect(doc.problems(["id": "x"], agreementSchema, path: "$").contains("$.state missing"))
            #expect(doc.problems(["lots": NSNull()], agreementSchema, path: "$").contains("$.lots is null"))
        }
    }
}
