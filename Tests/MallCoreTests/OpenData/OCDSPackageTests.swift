import Foundation
import MallCore
import Testing

@Suite("Open data: release packages, stable JSON and no personal data (DOMAIN.md §X2)")
struct OCDSPackageTests {
    typealias F = OCDSFixtures

    /// The repository's `data/ocds` folder, found from this file (STYLE.md §2.2: tests resolve paths from #filePath).
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/ocds")

    /// A page of every kind of release: a direct purchase when accepted and again when paid (two releases of one
    /// ocid), an accepted competition, both agreements, the desktop agreement's stage-2 orders by second bidding
    /// and by rotation, and the 832 canteen order under the food agreement.
    static func samplePackage() throws -> OCDSReleasePackage {
        let builder = try F.builder()
        var releases = [
            try builder.release(for: F.directPurchase(paid: false)), try builder.release(for: F.directPurchase()),
            try builder.release(for: F.competition()), try builder.release(for: F.agreement()),
            try builder.release(for: F.foodAgreement()), try builder.release(for: F.foodCallOff()),
        ]
        for (n, method) in [OpenDataStageTwoMethod.secondBidding, .rotation].enumerated() {
            var order = F.callOff(method)
            order.id = ID(F.uuid(300 + n))
            order.orderNo = "GM2025040100030\(n)"
            releases.append(try builder.release(for: order))
        }
        return builder.releasePackage(
            releases: releases, uri: "https://govmall.example.cn/api/v1/ocds/releases?since=2025-01-01T00:00:00Z",
            publishedAt: F.at("2025-06-01", 10))
    }

    @Test("package metadata: uri, publishedDate, publisher, license, policy, version 1.1, the four extensions")
    func metadata() throws {
        let package = try Self.samplePackage()
        #expect(package.uri.hasPrefix("https://govmall.example.cn/api/v1/ocds/releases"))
        #expect(package.publishedDate == "2025-06-01T10:00:00+08:00")
        #expect(package.publisher == OCDSPublisher(name: "GovMall 北京市政府采购电子卖场", uri: "https://govmall.example.cn"))
        #expect(package.license == "https://creativecommons.org/licenses/by/4.0/")
        #expect(package.publicationPolicy == "https://govmall.example.cn/open-data/policy")
        #expect(package.version == "1.1")
        #expect(package.extensions == OCDSSettings.extensionURLs)
        #expect(package.extensions.count == 4)
        #expect(Set(package.releases.map(\.id)).count == package.releases.count)
        #expect(package.releases.allSatisfy { $0.ocid.hasPrefix("ocds-g0vm11-") && $0.id.hasPrefix($0.ocid) })
    }

    @Test("the declared extension URLs are exactly those of the copies committed in data/ocds (manifest.json)")
    func extensionsMatchCommittedCopies() throws {
        let data = try Data(contentsOf: Self.dataDirectory.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(manifest["extensions"] as? [[String: Any]])
        #expect(entries.compactMap { $0["url"] as? String } == OCDSSettings.extensionURLs)
        for entry in entries {
            let folder = try #require(entry["folder"] as? String)
            let file = Self.dataDirectory.appendingPathComponent(folder).appendingPathComponent("extension.json")
            #expect(FileManager.default.fileExists(atPath: file.path), "\(file.path)")
        }
    }

    @Test("encoding is stable: sorted keys, same bytes every time, UTF-8 Chinese, unescaped slashes")
    func stable() throws {
        let package = try Self.samplePackage()
        let first = try package.encoded()
        #expect(try Self.samplePackage().encoded() == first)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix(#"{"extensions":["https://raw.githubusercontent.com/"#))
        #expect(text.contains("北京市政府采购中心"))
        #expect(!text.contains(#"\/"#) && !text.contains(#"\u"#))
        // The top-level keys of a release come out in order (these keys occur only at the top level).
        let release = String(decoding: try OCDSReleasePackage.encoder().encode(package.releases[0]), as: UTF8.self)
        #expect(release.hasPrefix(#"{"awards":[{"date":"#))
        let keys = ["awards", "buyer", "contracts", "initiationType", "language", "ocid", "parties", "tag", "tender"]
        let positions = keys.compactMap { release.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
    }

    @Test("a package decodes back to the same value (Codable round trip, amounts exact)")
    func roundTrip() throws {
        let package = try Self.samplePackage()
        let decoded = try JSONDecoder().decode(OCDSReleasePackage.self, from: try package.encoded())
        #expect(decoded == package)
    }

    @Test("no personal data: no contact points, e-mail addresses or phone numbers anywhere")
    func noPersonalData() throws {
        let text = String(decoding: try Self.samplePackage().encoded(pretty: true), as: UTF8.self)
        for key in ["contactPoint", "email", "telephone", "faxNumber", "personId", "\"url\""] {
            #expect(!text.contains(key), "\(key)")
        }
        #expect(text.firstMatch(of: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/) == nil)
        #expect(text.firstMatch(of: /(?:^|[^0-9])1[3-9][0-9]{9}(?:[^0-9]|$)/) == nil)  // mainland mobile numbers
        #expect(text.firstMatch(of: /(?:^|[^0-9])0[1-9][0-9]{1,2}-[0-9]{7,8}(?:[^0-9]|$)/) == nil)  // landlines
    }

    @Test("the snapshots have no field that could hold a person (names, phones, e-mails, acceptors, users)")
    func snapshotsHoldNoPeople() throws {
        func labels(_ value: Any) -> Set<String> {
            var result = Set<String>()
            for child in Mirror(reflecting: value).children {
                if let label = child.label { result.insert(label.lowercased()) }
                result.formUnion(labels(child.value))
            }
            return result
        }
        let all = labels(F.directPurchase()).union(labels(F.callOff())).union(labels(F.agreement()))
        for word in ["phone", "mobile", "email", "mail", "contact", "user", "person", "acceptor", "buyerid", "idcard"] {
            #expect(!all.contains { $0.contains(word) }, "\(word)")
        }
        // The only names are organisations' and lots' (`name`), categories' and units': pinned, so that a new
        // field with a name gets looked at.
        #expect(Set(all.filter { $0.contains("name") }) == Set(["name", "categoryname", "unitname"]))
    }

    @Test("settings refuse a malformed ocid prefix and an empty publisher; the trailing dash is optional")
    func settings() throws {
        let error = try #require(throws: DomainError.self) {
            try OCDSSettings(
                ocidPrefix: "ocds-ABC", publisher: OCDSPublisher(name: " "), license: nil, publicationPolicy: nil,
                centralPurchasingBody: F.centre)
        }
        #expect(error.code == .configInvalid)
        #expect(error.fields.map(\.field) == ["ocidPrefix", "publisher.name"])
        let plain = try OCDSSettings(
            ocidPrefix: "ocds-g0vm11", publisher: OCDSPublisher(name: "GovMall"), license: nil, publicationPolicy: nil,
            centralPurchasingBody: F.centre)
        #expect(plain.ocidPrefix == "ocds-g0vm11")
        #expect(try F.settings().ocidPrefix == "ocds-g0vm11")
        #expect(plain.classificationScheme == "CN-MOF-GPC-2022")
    }

    @Test("the ocid prefix is configuration: every ocid, release id and framework link follows it")
    func prefixIsConfigured() throws {
        let builder = OCDSReleaseBuilder(
            settings: try OCDSSettings(
                ocidPrefix: "ocds-abc123", publisher: OCDSPublisher(name: "某省政府采购网上商城"), license: nil,
                publicationPolicy: nil, centralPurchasingBody: F.centre))
        let order = try builder.release(for: F.callOff())
        let agreement = try builder.release(for: F.agreement())
        #expect(order.ocid == "ocds-abc123-order-00000000-0000-4000-8000-000000000066")
        #expect(order.id == "ocds-abc123-order-00000000-0000-4000-8000-000000000066-paid")
        #expect(agreement.ocid == "ocds-abc123-fa-00000000-0000-4000-8000-0000000000c8")
        #expect(order.relatedProcesses?.first?.identifier == agreement.ocid)
        let package = builder.releasePackage(
            releases: [order], uri: "https://example.cn/p/1", publishedAt: F.at("2025-06-01", 10))
        #expect(package.publisher.name == "某省政府采购网上商城")
        #expect(package.license == nil && package.publicationPolicy == nil)
        let text = String(decoding: try package.encoded(), as: UTF8.self)
        #expect(!text.contains("g0vm11") && !text.contains("\"license\"") && !text.contains("publicationPolicy"))
    }
}
