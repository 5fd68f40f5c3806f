/// One OCDS 1.1 release (DOMAIN.md §X2): the state of one contracting process (`ocid`) at one moment.
///
/// Only the fields GovMall publishes are modelled, with the names and nesting of the OCDS 1.1 release schema
/// and of the four extensions GovMall declares (lots, techniques, partyDetails scale, sustainability). Every
/// optional field that is `nil` is left out of the JSON, and the builder never leaves an empty array or
/// string behind (OCDS checks flag empty fields).
///
/// There is deliberately no `contactPoint` anywhere: releases carry organisations, never people (no
/// personal names, phone numbers or e-mail addresses).
package struct OCDSRelease: Sendable, Hashable, Codable {
    /// The contracting process id: the publisher's prefix (`ocds-xxxxxx`) and a local id.
    package var ocid: String
    /// The release id, unique within the `ocid`.
    package var id: String
    /// When this release was made: the date of the latest change it describes.
    package var date: String
    /// What the release contains, from the closed `releaseTag` codelist.
    package var tag: [String]
    /// Always `tender`, the only code of the `initiationType` codelist.
    package var initiationType: String
    /// Every organisation the release mentions, with its roles.
    package var parties: [OCDSOrganization]
    /// The buyer.
    package var buyer: OCDSOrganizationReference?
    /// The tender (the purchase request or the framework agreement's call).
    package var tender: OCDSTender?
    /// The awards.
    package var awards: [OCDSAward]?
    /// The contracts.
    package var contracts: [OCDSContract]?
    /// The release's language (`zh`).
    package var language: String?
    /// Processes this one relates to: a stage-2 order points at its framework agreement.
    package var relatedProcesses: [OCDSRelatedProcess]?

    /// Creates a release.
    package init(
        ocid: String, id: String, date: String, tag: [String], initiationType: String = "tender",
        parties: [OCDSOrganization], buyer: OCDSOrganizationReference? = nil, tender: OCDSTender? = nil,
        awards: [OCDSAward]? = nil, contracts: [OCDSContract]? = nil, language: String? = "zh",
        relatedProcesses: [OCDSRelatedProcess]? = nil
    ) {
        self.ocid = ocid
        self.id = id
        self.date = date
        self.tag = tag
        self.initiationType = initiationType
        self.parties = parties
        self.buyer = buyer
        self.tender = tender
        self.awards = awards
        self.contracts = contracts
        self.language = language
        self.relatedProcesses = relatedProcesses
    }
}

// MARK: - Parties

/// OCDS `Organization`: one party of the process, with its roles.
package struct OCDSOrganization: Sendable, Hashable, Codable {
    /// The party's id within the release (GovMall's organisation id).
    package var id: String
    /// The organisation's name (organisations are not personal data).
    package var name: String
    /// Where the organisation is registered: its administrative division.
    package var address: OCDSAddress?
    /// Roles from the `partyRole` codelist: buyer, procuringEntity, supplier, tenderer, payer, payee.
    package var roles: [String]
    /// Further details: the enterprise scale (partyDetails scale extension).
    package var details: OCDSOrganizationDetails?

    /// Creates a party.
    package init(
        id: String, name: String, address: OCDSAddress? = nil, roles: [String], details: OCDSOrganizationDetails? = nil
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.roles = roles
        self.details = details
    }
}

/// OCDS `Address`, reduced to the organisation's administrative division (never a street address).
package struct OCDSAddress: Sendable, Hashable, Codable {
    /// The 6-digit GB/T 2260 division code, e.g. `110101`.
    package var region: String?
    /// The country.
    package var countryName: String?

    /// Creates an address.
    package init(region: String?, countryName: String? = "中国") {
        self.region = region
        self.countryName = countryName
    }
}

/// `Organization.details`, with the scale of the partyDetails scale extension.
package struct OCDSOrganizationDetails: Sendable, Hashable, Codable {
    /// `micro`, `small`, `medium` or `large` (closed `partyScale` codelist).
    package var scale: String?

    /// Creates details.
    package init(scale: String?) { self.scale = scale }
}

/// OCDS `OrganizationReference`: points at an entry of `parties`.
package struct OCDSOrganizationReference: Sendable, Hashable, Codable {
    /// The party's id.
    package var id: String
    /// The party's name.
    package var name: String

    /// Creates a reference.
    package init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

// MARK: - Related processes

/// OCDS `RelatedProcess`: a stage-2 order's link to its framework agreement.
package struct OCDSRelatedProcess: Sendable, Hashable, Codable {
    /// A local id of the link.
    package var id: String
    /// From the `relatedProcess` codelist, e.g. `["framework"]`.
    package var relationship: [String]
    /// The related process's title.
    package var title: String?
    /// `ocid`: `identifier` is an OCDS ocid.
    package var scheme: String
    /// The related process's ocid.
    package var identifier: String

    /// Creates a link.
    package init(id: String, relationship: [String], title: String?, scheme: String = "ocid", identifier: String) {
        self.id = id
        self.relationship = relationship
        self.title = title
        self.scheme = scheme
        self.identifier = identifier
    }
}
