/// What the open-data publication is configured with (DOMAIN.md §X2): the ocid prefix, the publisher, the
/// licence and policy, the item classification scheme's name and the organisation that runs the framework
/// agreements.
package struct OCDSSettings: Sendable, Hashable {
    /// The publisher's ocid prefix as registered with the Open Contracting Partnership: `ocds-` and six
    /// lower-case letters or digits, e.g. `ocds-g0vm11`. An ocid is the prefix, `-` and a local id.
    package let ocidPrefix: String
    /// Who publishes.
    package var publisher: OCDSPublisher
    /// The licence of the data (a URL), e.g. `https://creativecommons.org/licenses/by/4.0/`.
    package var license: String?
    /// The publication policy (a URL).
    package var publicationPolicy: String?
    /// The centre that runs the mall and the framework agreements (集中采购机构): the buyer and procuring
    /// entity of every agreement's stage 1.
    package var centralPurchasingBody: OpenDataOrganisation
    /// The `classification.scheme` of items: the 2022 政府采购品目分类目录 (`OCDSSettings.defaultClassificationScheme`).
    package var classificationScheme: String
    /// The extensions declared in every package: the `extension.json` URLs of the copies in `data/ocds/`.
    package var extensions: [String]

    /// The scheme name GovMall uses for the Ministry of Finance's 政府采购品目分类目录 (2022 edition), e.g.
    /// `A02010105` 台式计算机. OCDS's `itemClassificationScheme` codelist is open and has no Chinese catalogue;
    /// the name follows the codelist's `COUNTRY-ISSUER-NAME` style (cf. `CPV`, `UNSPSC`, `GB-COH`): CN, the
    /// Ministry of Finance, Government Procurement Catalogue, edition year.
    package static let defaultClassificationScheme = "CN-MOF-GPC-2022"

    /// The four extensions of DOMAIN.md §X2, as the canonical raw GitHub URLs of the exact versions committed in
    /// `data/ocds/` (see `data/ocds/manifest.json`): lots at tag `v1.1.5`; techniques, partyDetails scale and
    /// sustainability at the commits copied (those repositories have no tags).
    package static let extensionURLs = [
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/"
            + "5568b00a8dd694a3d34441bdd9ef2bd3f9d44b11/extension.json",
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/"
            + "152cd9fb74e021e537b17d84420615acf7dec032/extension.json",
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/"
            + "b8d93a0edb8e0ac2f27f733cccf3884e392346e9/extension.json",
    ]

    /// Validates and creates settings. The prefix may be given with or without its trailing `-`
    /// (`ocds-g0vm11-` or `ocds-g0vm11`).
    ///
    /// - Throws: `DomainError` `config.invalid` listing every bad field: a prefix that is not `ocds-` and six
    ///   lower-case letters or digits, an empty publisher name or classification scheme.
    package init(
        ocidPrefix: String, publisher: OCDSPublisher, license: String?, publicationPolicy: String?,
        centralPurchasingBody: OpenDataOrganisation, classificationScheme: String = defaultClassificationScheme,
        extensions: [String] = extensionURLs
    ) throws(DomainError) {
        let prefix = ocidPrefix.hasSuffix("-") ? String(ocidPrefix.dropLast()) : ocidPrefix
        var problems: [DomainError.FieldError] = []
        if !OCDSSettings.isValidPrefix(prefix) {
            problems.append(
                .init(
                    field: "ocidPrefix", code: "invalid",
                    message: "an ocid prefix is `ocds-` and six lower-case letters or digits, e.g. ocds-g0vm11"))
        }
        if publisher.name.allSatisfy(\.isWhitespace) {
            problems.append(.init(field: "publisher.name", code: "required", message: "the publisher needs a name"))
        }
        if classificationScheme.allSatisfy(\.isWhitespace) {
            problems.append(
                .init(field: "classificationScheme", code: "required", message: "items need a classification scheme"))
        }
        guard problems.isEmpty else {
            throw DomainError(.configInvalid, "the OCDS publication settings are invalid", fields: problems)
        }
        self.ocidPrefix = prefix
        self.publisher = publisher
        self.license = license
        self.publicationPolicy = publicationPolicy
        self.centralPurchasingBody = centralPurchasingBody
        self.classificationScheme = classificationScheme
        self.extensions = extensions
    }

    private static func isValidPrefix(_ prefix: String) -> Bool {
        let utf8 = Array(prefix.utf8)
        guard utf8.count == 11, prefix.hasPrefix("ocds-") else { return false }
        return utf8[5...].allSatisfy { (48...57).contains($0) || (97...122).contains($0) }
    }
}
