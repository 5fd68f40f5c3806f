import Foundation

/// An OCDS 1.1 release package (DOMAIN.md §X2): releases with the metadata that says who published them, under
/// which licence and with which extensions.
package struct OCDSReleasePackage: Sendable, Hashable, Codable {
    /// Where this package can be read, e.g. the page URL of `GET /api/v1/ocds/releases`.
    package var uri: String
    /// When the package was published.
    package var publishedDate: String
    /// Who publishes.
    package var publisher: OCDSPublisher
    /// The licence of the data (a URL).
    package var license: String?
    /// The publication policy (a URL).
    package var publicationPolicy: String?
    /// Always `1.1`.
    package var version: String
    /// The URLs of the extensions' `extension.json` files.
    package var extensions: [String]
    /// The releases.
    package var releases: [OCDSRelease]

    /// Creates a package.
    package init(
        uri: String, publishedDate: String, publisher: OCDSPublisher, license: String?, publicationPolicy: String?,
        version: String = "1.1", extensions: [String], releases: [OCDSRelease]
    ) {
        self.uri = uri
        self.publishedDate = publishedDate
        self.publisher = publisher
        self.license = license
        self.publicationPolicy = publicationPolicy
        self.version = version
        self.extensions = extensions
        self.releases = releases
    }

    /// The package as stable JSON: keys sorted, slashes not escaped, Chinese as UTF-8 (not `\u` escapes). The
    /// same package always gives the same bytes.
    package func encoded(pretty: Bool = false) throws -> Data {
        try OCDSReleasePackage.encoder(pretty: pretty).encode(self)
    }

    /// The encoder for packages and releases: sorted keys and unescaped slashes, optionally indented.
    package static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        return encoder
    }
}

/// The package's `publisher`.
package struct OCDSPublisher: Sendable, Hashable, Codable {
    /// The publishing organisation's name.
    package var name: String
    /// The identifier scheme of `uid`.
    package var scheme: String?
    /// The publisher's id in `scheme`.
    package var uid: String?
    /// A URL identifying the publisher.
    package var uri: String?

    /// Creates a publisher.
    package init(name: String, scheme: String? = nil, uid: String? = nil, uri: String? = nil) {
        self.name = name
        self.scheme = scheme
        self.uid = uid
        self.uri = uri
    }
}
