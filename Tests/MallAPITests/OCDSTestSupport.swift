import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallTestSupport
import NIOCore
import Testing

/// The parts of an OCDS release package these tests read (the validator checks the rest).
enum OCDS {
    struct Package: Decodable {
        var uri: String
        var publishedDate: String
        var publisher: Publisher
        var license: String?
        var publicationPolicy: String?
        var version: String
        var extensions: [String]
        var releases: [Release]
    }

    struct Publisher: Decodable { var name: String }

    struct Release: Decodable {
        var ocid: String
        var id: String
        var date: String
        var tag: [String]
        var parties: [Party]
        var buyer: Reference?
        var tender: Tender?
        var awards: [Award]?
        var contracts: [Contract]?
        var relatedProcesses: [RelatedProcess]?
    }

    struct Reference: Decodable {
        var id: String
        var name: String
    }

    struct Award: Decodable {
        var id: String
        var suppliers: [Reference]
        var items: [Tender.Item]?
        var relatedLots: [String]?
    }

    struct RelatedProcess: Decodable {
        var relationship: [String]
        var scheme: String?
        var identifier: String?
        var title: String?
    }

    struct Party: Decodable {
        var id: String
        var name: String
        var roles: [String]
        var details: Details?

        struct Details: Decodable { var scale: String? }
    }

    struct Tender: Decodable {
        var id: String
        var status: String?
        var procurementMethod: String?
        var numberOfTenderers: Int?
        var items: [Item]?
        var sustainability: [Sustainability]?
        var techniques: Techniques?
        var competitive: Bool?

        struct Item: Decodable {
            var classification: Classification?
            var quantity: Double?
            var unit: Unit?
        }

        struct Unit: Decodable {
            var name: String?
            var value: Value?
        }

        struct Value: Decodable {
            var amount: Double
            var currency: String
        }

        struct Techniques: Decodable {
            var hasFrameworkAgreement: Bool?
            var frameworkAgreement: FrameworkAgreement?
        }

        struct FrameworkAgreement: Decodable { var method: String? }

        struct Classification: Decodable {
            var scheme: String
            var id: String
        }

        struct Sustainability: Decodable {
            var goal: String?
            var strategies: [String]?
        }
    }

    struct Contract: Decodable {
        var status: String?
        var implementation: Implementation?

        struct Implementation: Decodable { var transactions: [Transaction]? }
        struct Transaction: Decodable { var id: String }
    }

    /// The publication the tests configure: a licence and policy, and a public base URL for absolute links.
    static let base = "https://govmall.example.cn"

    static let config: AppConfig = {
        var config = testConfig()
        config.tokenLifetime = 40 * 86_400
        config.publicBaseURL = base
        do {
            config.ocds = try OCDSSettings.mall(
                ocidPrefix: "ocds-g0vm11", publisherName: "GovMall 测试采购中心", publisherURI: base,
                license: "https://creativecommons.org/licenses/by/4.0/",
                publicationPolicy: "\(base)/open-data/policy")
        } catch {
            preconditionFailure("test OCDS settings: \(error)")
        }
        return config
    }()

    /// `GET` without a token; the URL may be absolute (a `Link`) on the configured base.
    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        let path = uri.hasPrefix(base) ? String(uri.dropFirst(base.count)) : uri
        return try await client.get(path, token: nil)
    }

    /// The package of a 200 response.
    static func package(
        _ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Package {
        #expect(response.status == .ok, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Package.self, from: Data(response.body.readableBytesView))
    }

    /// The URL of a `Link: <…>; rel="next"` header.
    static func next(_ response: TestResponse) -> String? {
        guard let link = response.headers[HTTPField.Name("Link")!], link.hasSuffix(#">; rel="next""#),  // literal
            link.hasPrefix("<")
        else { return nil }
        return String(link.dropFirst().dropLast(#">; rel="next""#.count))
    }

    /// Writes a package body to `$GOVMALL_OCDS_SAMPLE_DIR/<name>.json` when the variable is set (CI validates
    /// the files with `deploy/ocds-validate.sh`).
    static func writeSample(_ response: TestResponse, name: String) throws {
        guard let directory = ProcessInfo.processInfo.environment["GOVMALL_OCDS_SAMPLE_DIR"], !directory.isEmpty
        else { return }
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(response.body.readableBytesView).write(to: folder.appendingPathComponent("server-\(name).json"))
    }

    /// Walks a placed order to accepted (delivered and accepted today), by its supplier and unit.
    static func accept(
        _ client: some TestClientProtocol, _ order: Orders.Order, cast: Orders.Cast, supplier: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Orders.Order {
        let confirmed = try await Orders.step(client, "confirm", order, token: supplier, sourceLocation: sourceLocation)
        let shipped = try await Orders.step(client, "ship", confirmed, token: supplier, sourceLocation: sourceLocation)
        let delivered = try await Orders.step(
            client, "deliver", shipped, token: cast.buyer, body: [String: Any](), sourceLocation: sourceLocation)
        return try await Orders.step(
            client, "accept", delivered, token: cast.approver,
            body: ["acceptorName": "王老师", "result": "passed", "notes": "数量、型号一致，验收人王老师"],
            sourceLocation: sourceLocation)
    }

    /// Pays an accepted order in full.
    static func pay(
        _ client: some TestClientProtocol, _ order: Orders.Order, cast: Orders.Cast,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Orders.Order {
        try await Orders.step(
            client, "pay", order, token: cast.buyer, body: ["amountFen": order.totalFen],
            sourceLocation: sourceLocation)
    }
}
