import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body: 415 unless the content type is JSON, 413 past the body limit, 400 when the
    /// body is missing or malformed (the decoding error names the field).
    package func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext) async throws -> T {
        try Self.requireJSONContentType(headers)
        let buffer = try await body.collect(upTo: context.bodyLimit)
        guard buffer.readableBytes > 0 else {
            throw Problem(status: .badRequest, code: "request.malformed", detail: "a JSON body is required")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
    }
}

extension Request {
    /// 415 unless the content type is JSON (`application/json` or `application/…+json`).
    package static func requireJSONContentType(_ headers: HTTPFields) throws {
        let contentType = headers[.contentType]?.lowercased() ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw Problem(
                status: .unsupportedMediaType, code: "request.unsupported_media_type",
                detail: mediaType.isEmpty
                    ? "send the body as application/json" : "\(mediaType) is not accepted; send application/json")
        }
    }
}

extension Response {
    /// A JSON response (camelCase keys, RFC 3339 instants).
    package static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Cursor pagination parameters (`?limit=` default 20, max 200; `?cursor=`), DESIGN.md §4.
package struct PageRequest: Sendable {
    package var limit: Int
    package var cursor: String?

    /// Reads and validates `limit` (1–200, `defaultLimit` when absent) and `cursor` from the query.
    package init(_ request: Request, defaultLimit: Int = 20) throws {
        let query = request.uri.queryParameters
        if let raw = query["limit"] {
            guard let limit = Int(String(raw)), (1...200).contains(limit) else {
                throw Problem.invalidQuery(field: "limit", message: "limit must be an integer from 1 to 200")
            }
            self.limit = limit
        } else {
            self.limit = defaultLimit
        }
        self.cursor = query["cursor"].map(String.init)
    }
}

/// A page of items: `{ "items": […], "nextCursor": "…" | null }`.
package struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    package var items: [Item]
    package var nextCursor: String?

    package init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)  // explicit null, as documented
    }
}
