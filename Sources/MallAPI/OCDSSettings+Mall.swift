import Foundation
import MallCore

extension OCDSSettings {
    /// The publication settings of a GovMall server (DOMAIN.md §X2) from its configuration.
    ///
    /// The central purchasing body (集中采购机构), which only framework-agreement releases name, is a stand-in
    /// here: the publisher's name, the nil UUID and region 100000 (the whole country). It is never published:
    /// the feed's agreement loader (`OpenDataStore.agreementSnapshots`) sets `OpenDataAgreement.centralPurchasingBody`
    /// of each agreement to the operator organisation that created it (its id, name and region; no person).
    ///
    /// - Throws: `DomainError` `config.invalid` for an ocid prefix that is not `ocds-` and six lower-case
    ///   letters or digits, or an empty publisher name.
    package static func mall(
        ocidPrefix: String, publisherName: String, publisherURI: String?, license: String?, publicationPolicy: String?
    ) throws(DomainError) -> OCDSSettings {
        guard let region = RegionCode("100000"), let nilUUID = UUID(uuidString: "00000000-0000-0000-0000-000000000000")
        else { throw DomainError(.configInvalid, "the stand-in central purchasing body is invalid") }
        let centre = OpenDataOrganisation(id: ID(nilUUID), name: publisherName, region: region)
        return try OCDSSettings(
            ocidPrefix: ocidPrefix, publisher: OCDSPublisher(name: publisherName, uri: publisherURI), license: license,
            publicationPolicy: publicationPolicy, centralPurchasingBody: centre)
    }

    /// The defaults of `AppConfig`: the development ocid prefix `ocds-g0vm11` (a publisher registers its own
    /// with the Open Contracting Partnership and sets `GOVMALL_OCDS_OCID_PREFIX`), publisher `GovMall
    /// 政府采购电子卖场`, no licence and no publication policy.
    package static let mallDefault: OCDSSettings = {
        do {
            return try mall(
                ocidPrefix: "ocds-g0vm11", publisherName: "GovMall 政府采购电子卖场", publisherURI: nil, license: nil,
                publicationPolicy: nil)
        } catch {
            preconditionFailure("the default OCDS settings are invalid: \(error)")
        }
    }()
}
