import Foundation
import MallCore
import Testing

/// The sample packages `deploy/ocds-validate.sh --samples` validates offline with libcoveocds (issue 6 point 6):
/// valid packages built from the fixtures' snapshots, and broken copies of them that the validator must refuse,
/// each breaking one rule, so that a passing run proves the validator looked.
@Suite("Open data: sample packages for the offline OCDS validator (deploy/ocds-validate.sh)")
struct OCDSSampleFilesTests {
    typealias F = OCDSFixtures

    /// The valid samples, by file name: the sample page, a page of the orders only, the history of one order
    /// (its releases at acceptance and at payment) and one agreement: the per-order and per-agreement shapes.
    static func validSamples() throws -> [(name: String, package: OCDSReleasePackage)] {
        let builder = try F.builder()
        let page = try OCDSPackageTests.samplePackage()
        let base = "https://govmall.example.cn/api/v1/ocds"
        let publishedAt = F.at("2025-06-01", 10)
        let orderHistory = try builder.releases(for: F.foodCallOff())
        let agreement = try builder.release(for: F.agreement())
        return [
            ("valid-page.json", page),
            (
                "valid-orders.json",
                builder.releasePackage(
                    releases: page.releases.filter { $0.ocid.contains("-order-") }, uri: "\(base)/releases?kind=order",
                    publishedAt: publishedAt)
            ),
            (
                "valid-order-832.json",
                builder.releasePackage(
                    releases: orderHistory, uri: "\(base)/orders/\(F.foodCallOff().id)", publishedAt: publishedAt)
            ),
            (
                "valid-agreement.json",
                builder.releasePackage(
                    releases: [agreement], uri: "\(base)/agreements/\(F.agreementID.uuidString.lowercased())",
                    publishedAt: publishedAt)
            ),
        ]
    }

    /// Broken copies of the sample page, by file name, each with one fault the validator must report.
    static func brokenSamples() throws -> [(name: String, data: Data)] {
        let page = try OCDSPackageTests.samplePackage()
        let supplierParty = try #require(page.releases[0].parties.firstIndex { $0.roles.contains("supplier") })
        let agreement = try #require(page.releases.firstIndex { $0.tender?.techniques?.frameworkAgreement != nil })
        var result: [(String, Data)] = []
        func typed(_ name: String, _ change: (inout OCDSReleasePackage) -> Void) throws {
            var broken = page
            change(&broken)
            #expect(broken != page, "\(name) changes nothing")
            result.append((name, try broken.encoded(pretty: true)))
        }
        func textual(_ name: String, _ change: (String) -> String) throws {
            let text = String(decoding: try page.encoded(pretty: true), as: UTF8.self)
            let broken = change(text)
            #expect(broken != text, "\(name) changes nothing")
            result.append((name, Data(broken.utf8)))
        }
        // A value outside the partyScale codelist (closed; from the partyDetails scale extension).
        try typed("broken-scale-codelist.json") { $0.releases[0].parties[supplierParty].details = .init(scale: "tiny") }
        // A value outside the frameworkAgreementMethod codelist (closed; from the techniques extension).
        try typed("broken-framework-method.json") {
            $0.releases[agreement].tender?.techniques?.frameworkAgreement?.method = "secondBidding"
        }
        // A value outside the core releaseTag codelist (closed).
        try typed("broken-release-tag.json") { $0.releases[0].tag = ["accepted"] }
        // A date that is not RFC 3339 (format date-time).
        try typed("broken-date-format.json") { $0.releases[0].date = "2025-03-03 09:30:00" }
        // An extension that is not available offline (nor anywhere): it cannot be applied.
        try typed("broken-unknown-extension.json") {
            $0.extensions.append("https://example.invalid/ocds_unknown_extension/extension.json")
        }
        // An amount written as a string (type number).
        try textual("broken-amount-as-string.json") {
            $0.replacing(/"amount" : (-?[0-9.]+)/, maxReplacements: 1) { "\"amount\" : \"\($0.1)\"" }
        }
        // A field no schema defines (GovMall's order number leaking as a top-level release field).
        try textual("broken-additional-field.json") {
            $0.replacing(
                #""initiationType" : "tender""#, with: #""initiationType" : "tender", "orderNo" : "GM1""#,
                maxReplacements: 1)
        }
        return result
    }

    @Test("writes the valid and broken samples to $OCDS_SAMPLE_DIR, or to a temporary folder it then removes")
    func write() throws {
        let environment = ProcessInfo.processInfo.environment["OCDS_SAMPLE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let folder = URL(
            fileURLWithPath: environment
                ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("govmall-ocds-samples-\(UUID().uuidString)").path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if environment == nil { try? FileManager.default.removeItem(at: folder) } }

        let valid = try Self.validSamples()
        for (name, package) in valid {
            try package.encoded(pretty: true).write(to: folder.appendingPathComponent(name))
        }
        let broken = try Self.brokenSamples()
        for (name, data) in broken { try data.write(to: folder.appendingPathComponent(name)) }

        // What is on disk is what was built: every valid file decodes back to its package, amounts exact.
        for (name, package) in valid {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(try JSONDecoder().decode(OCDSReleasePackage.self, from: data) == package, "\(name)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files).isSuperset(of: valid.map(\.name) + broken.map(\.name)))
        #expect(broken.count == 7 && valid.count == 4)
    }
}
