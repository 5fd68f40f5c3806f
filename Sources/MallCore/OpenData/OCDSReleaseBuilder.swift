import Foundation

/// Builds OCDS 1.1 releases and release packages from completed orders and framework agreements (DOMAIN.md
/// §X2). Pure: no I/O and no clock; every date comes from the snapshot or the caller.
///
/// - Each mall order (direct purchase, competition, stage-2 order) is its own contracting process, ocid
///   `<prefix>-order-<order id>`; a stage-2 order points at its agreement with `relatedProcesses[]`
///   (`relationship: ["framework"]`, `scheme: "ocid"`).
/// - Each framework agreement's stage 1 is a contracting process, ocid `<prefix>-fa-<agreement id>`, with
///   `tender.techniques.hasFrameworkAgreement = true` and the stage-2 methods mapped to
///   `techniques.frameworkAgreement.method`.
/// - Amounts are yuan converted exactly from fen (`OCDSAmount`), currency `CNY`; items carry the 2022 品目
///   code as `classification`; suppliers carry `details.scale`; SME, green and 832 measures are
///   `tender.sustainability[]`. No person appears anywhere: snapshots hold organisations only.
package struct OCDSReleaseBuilder: Sendable {
    /// The publication settings.
    package let settings: OCDSSettings

    /// Creates a builder.
    package init(settings: OCDSSettings) { self.settings = settings }

    // MARK: - Identifiers

    /// The ocid of a mall order: `<prefix>-order-<order id>`.
    package func ocid(order id: ID<Order>) -> String { "\(settings.ocidPrefix)-order-\(id)" }

    /// The ocid of a framework agreement's stage 1: `<prefix>-fa-<agreement id>`.
    package func ocid(agreement id: UUID) -> String { "\(settings.ocidPrefix)-fa-\(id.lowercasedString)" }

    // MARK: - Packages

    /// Wraps releases in a release package with the configured publisher, licence, policy and extensions.
    ///
    /// - Parameters:
    ///   - releases: the releases, in the order to publish them.
    ///   - uri: where this package can be read (e.g. the page's URL).
    ///   - publishedAt: when the package is published (the caller's clock).
    package func releasePackage(releases: [OCDSRelease], uri: String, publishedAt: Date) -> OCDSReleasePackage {
        OCDSReleasePackage(
            uri: uri, publishedDate: OCDSDate.string(publishedAt), publisher: settings.publisher,
            license: settings.license, publicationPolicy: settings.publicationPolicy, version: "1.1",
            extensions: settings.extensions, releases: releases)
    }

    // MARK: - Shared pieces

    /// A party: the organisation's id, name, region and, for a supplier with a declared size, its scale.
    func party(_ organisation: OpenDataOrganisation, roles: [String]) -> OCDSOrganization {
        OCDSOrganization(
            id: organisation.id.description, name: organisation.name,
            address: OCDSAddress(region: organisation.region.rawValue), roles: roles,
            details: organisation.size.map { OCDSOrganizationDetails(scale: OCDSReleaseBuilder.scale($0)) })
    }

    /// A reference to a party.
    func reference(_ organisation: OpenDataOrganisation) -> OCDSOrganizationReference {
        OCDSOrganizationReference(id: organisation.id.description, name: organisation.name)
    }

    /// A 品目 classification in the configured scheme.
    func classification(code: String, name: String) -> OCDSClassification {
        OCDSClassification(scheme: settings.classificationScheme, id: code, description: name.isEmpty ? nil : name)
    }

    /// The `partyScale` code of an enterprise size (closed codelist: micro, small, medium, large are all in it).
    package static func scale(_ size: EnterpriseSize) -> String {
        switch size {
        case .micro: "micro"
        case .small: "small"
        case .medium: "medium"
        case .large: "large"
        }
    }

    /// The Chinese name of an enterprise size, for descriptions.
    static func chineseName(_ size: EnterpriseSize) -> String {
        switch size {
        case .micro: "微型企业"
        case .small: "小型企业"
        case .medium: "中型企业"
        case .large: "大型企业"
        }
    }

    /// The `procurementCategory` of a 2022 品目 code: `A…` goods, `B…` works, `C…` services.
    static func procurementCategory(ofCode code: String) -> String? {
        switch code.first {
        case "A": "goods"
        case "B": "works"
        case "C": "services"
        default: nil
        }
    }

    /// Merges the roles of parties that are the same organisation, keeping first-seen order.
    static func merged(_ parties: [OCDSOrganization]) -> [OCDSOrganization] {
        var result: [OCDSOrganization] = []
        for party in parties {
            if let index = result.firstIndex(where: { $0.id == party.id }) {
                for role in party.roles where !result[index].roles.contains(role) { result[index].roles.append(role) }
            } else {
                result.append(party)
            }
        }
        return result
    }

    /// Numbers joined the Chinese way, e.g. `1、3`.
    static func list(_ numbers: [Int]) -> String { numbers.map(String.init).joined(separator: "、") }

    /// `nil` for an empty array: OCDS checks flag empty arrays.
    static func nonEmpty<T>(_ array: [T]) -> [T]? { array.isEmpty ? nil : array }

    /// A field problem for the snapshot error.
    static func problem(_ field: String, _ message: String) -> DomainError.FieldError {
        DomainError.FieldError(field: field, code: "inconsistent", message: message)
    }

    /// Throws `open_data.snapshot_inconsistent` when there are problems.
    static func check(_ problems: [DomainError.FieldError], _ what: String) throws(DomainError) {
        guard problems.isEmpty else {
            throw DomainError(
                .openDataSnapshotInconsistent, "the \(what) cannot be published as OCDS", fields: problems)
        }
    }
}
