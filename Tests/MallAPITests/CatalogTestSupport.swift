import Foundation
import HTTPTypes
import HummingbirdTesting
import MallCore
import MallTestSupport
import NIOCore
import Testing

/// Small helpers for catalog API tests.
enum Catalog {
    /// A valid listing body for A4彩色打印机 A02021004 (a leaf under 打印机 A02021000).
    static func listingBody(
        title: String = "彩色激光打印机", brand: String = "惠普", model: String = "M454dn", priceFen: Int = 329_900,
        category: String = "A02021004", extra: [String: Any] = [:]
    ) -> [String: Any] {
        var body: [String: Any] = [
            "categoryCode": category, "title": title, "brand": brand, "model": model, "unit": "台",
            "priceFen": priceFen, "stock": 20, "leadTimeDays": 3, "specs": ["幅面": "A4", "颜色": "彩色"],
            "tiers": [["minQuantity": 10, "unitPriceFen": priceFen - 10_000]],
            "fees": [["kind": "installation", "amountFen": 5_000, "perUnit": true, "description": "上门安装"]],
            "deliveryRegions": ["110000"],
            "imageUrls": ["https://img.example.cn/m454dn.jpg"],
            "greenCertificates": [
                ["kind": "energy_saving", "certifier": "中国质量认证中心", "number": "CQC-2026-001", "validUntil": "2028-12-31"]
            ],
        ]
        for (key, value) in extra { body[key] = value }
        return body
    }

    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String,
        body: Any? = nil, ifMatch: String? = nil, idempotencyKey: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if body != nil { headers[.contentType] = "application/json" }
        if let ifMatch { headers[.ifMatch] = ifMatch }
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }  // literal name
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map(json))
    }

    struct Listing: Decodable {
        var id: String
        var status: String
        var version: Int
        var priceFen: Int
        var title: String
        var specs: [String: JSONValue]
        var green: Bool
        var povertyCounty: Bool
        var priceFlaggedAt: Date?
        var rejectReason: String?
        var delistReason: String?
        var pendingRevision: Revision?
        var reviewChecks: [Check]?
        var referencePrices: [Reference]?

        struct Revision: Decodable {
            var id: String
            var status: String
            var content: Content
        }
        struct Content: Decodable { var priceFen: Int }
        struct Check: Decodable {
            var code: String
            var blocking: Bool
        }
        struct Reference: Decodable { var priceFen: Int }
    }

    /// Creates a listing and returns it (201 expected).
    static func create(
        _ client: some TestClientProtocol, token: String, body: [String: Any] = listingBody(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Listing {
        let response = try await send(client, .post, "/api/v1/listings", token: token, body: body)
        #expect(response.status == .created, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try response.decode(Listing.self)
    }

    /// Runs an action (submit, approve, reject, delist) with the listing's current version.
    static func act(
        _ client: some TestClientProtocol, _ action: String, _ listing: Listing, token: String, reason: String? = nil
    ) async throws -> TestResponse {
        try await send(
            client, .post, "/api/v1/listings/\(listing.id)/\(action)", token: token,
            body: reason.map { ["reason": $0] }, ifMatch: "\"\(listing.version)\"")
    }

    /// Creates, submits and approves a listing; returns it approved.
    static func approved(
        _ client: some TestClientProtocol, supplier: String, operatorToken: String, body: [String: Any] = listingBody()
    ) async throws -> Listing {
        let draft = try await create(client, token: supplier, body: body)
        let pending = try await act(client, "submit", draft, token: supplier).decode(Listing.self)
        let approved = try await act(client, "approve", pending, token: operatorToken)
        #expect(approved.status == .ok, "\(String(buffer: approved.body))")
        return try approved.decode(Listing.self)
    }
}
