import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MallCore
import MallStore
import NIOCore

/// Bulk import of draft listings (issue 3 point 5): `POST /api/v1/listings/imports` takes CSV (`text/csv`, UTF-8
/// with or without a byte order mark, or GB18030/GBK as Excel on Chinese Windows saves it) or JSON lines
/// (`application/x-ndjson` or `application/jsonl`, one `POST /api/v1/listings` body per line), up to
/// ``maxRows`` rows and ``maxBytes`` bytes.
///
/// - Suppliers only; every row becomes a draft listing of the caller's organisation under the rules of
///   `POST /api/v1/listings` (``ImportStore``). The CSV columns and cell syntax are documented on ``ImportRow``.
/// - Valid rows are created and invalid rows reported (row number, column, code, message); a row is never
///   half-written. `?dryRun=true` checks every row the same way and writes nothing.
/// - The whole import is one transaction guarded by `Idempotency-Key`: a replay returns the first report, without
///   reading the file again once the first import has committed.
/// - Status: 201 for an import (even when every row failed: the report is the result), 200 for a dry run.
///   Whole-file problems are problem+json: 400 `import.malformed` (CSV syntax, naming the line) and
///   `import.bad_encoding`, 413 `request.too_large`, 415 for another content type, 422 `import.bad_header`,
///   `import.empty` and `import.too_many_rows`.
package struct ImportController: Sendable {
    /// The route.
    package static let path = "/api/v1/listings/imports"
    /// The largest body accepted: 64 MiB, room for 50 000 rows of about 1 300 bytes. The endpoint declares it, so
    /// the server-wide body limit (`GOVMALL_BODY_LIMIT_BYTES`, 1 MiB by default) does not apply to this route.
    package static let maxBytes = 64 << 20
    /// The most rows one import takes.
    package static let maxRows = 50_000

    let imports: ImportStore
    let writer: IdempotentWriter
    let now: @Sendable () -> Date

    package init(config: AppConfig, services: AppServices) {
        self.imports = ImportStore(
            listings: ListingStore(database: services.database, ids: services.ids, priceControl: config.priceControl))
        self.writer = IdempotentWriter(database: services.database, now: services.now)
        self.now = services.now
    }

    package var endpoints: [Endpoint] {
        [Endpoint(.post, Self.path, .roles([.supplier], importListings), bodyLimit: Self.maxBytes)]
    }

    /// The two body formats.
    enum Format: String {
        case csv
        case jsonLines = "jsonl"
    }

    /// The rows of a body: each with its number and either what it says or why it cannot be read.
    struct Parsed {
        var numbers: [Int] = []
        var rows: [Result<ImportRow, DomainError>] = []
        /// The CSV header's columns (empty for JSON lines, whose field paths are reported as they are).
        var columns: Set<String> = []
    }

    // MARK: - Handler

    @Sendable func importListings(_ request: Request, context: AppRequestContext, principal: Principal) async throws
        -> Response
    {
        let dryRun = try Self.dryRun(request)
        let contentType = request.headers[.contentType]
        let format = try Self.format(contentType)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maxBytes)
        } catch is NIOTooManyBytesError {
            throw Problem(
                status: .contentTooLarge, code: "request.too_large",
                detail: "an import is at most \(Self.maxBytes) bytes; split the file")
        }
        guard buffer.readableBytes > 0 else { throw Self.empty("the body is empty") }
        // A retry of an import already made answers before the file is read again (up to 50 000 rows).
        let requestHash = IdempotentWriter.hash(request, body: buffer)
        if let replay = try await writer.replay(
            request, requestHash: requestHash, context: context, principal: principal)
        {
            return replay
        }
        let decoded: (text: String, encoding: TextDecoding.Encoding)
        do throws(TextDecoding.Failure) {
            decoded = try TextDecoding.decode(
                Array(buffer.readableBytesView), charset: TextDecoding.charset(ofContentType: contentType))
        } catch {
            if case .unsupportedCharset = error {
                throw Problem(
                    status: .unsupportedMediaType, code: "request.unsupported_media_type", detail: error.description)
            }
            throw Problem(status: .badRequest, code: "import.bad_encoding", detail: error.description)
        }
        let parsed = try format == .csv ? Self.csv(decoded.text) : Self.jsonLines(decoded.text)

        let readable = parsed.rows.compactMap { try? $0.get() }
        let at = now()
        let store = imports
        let requestID = context.requestID
        let logger = context.logger
        return try await writer.run(
            request, body: buffer, requestHash: requestHash, context: context, principal: principal,
            status: dryRun ? .ok : .created
        ) { conn in
            let outcomes = try await store.importRows(
                readable, actor: principal, dryRun: dryRun, now: at, requestID: requestID, on: conn, logger: logger)
            let report = Self.report(
                parsed, outcomes: outcomes, format: format, encoding: decoded.encoding, dryRun: dryRun)
            logger.info(
                "listing import",
                metadata: [
                    "import.dry_run": "\(dryRun)", "import.rows": "\(report.total)",
                    "import.created": "\(report.created)",
                    "import.failed": "\(report.failed)",
                ])
            return report
        }
    }

    // MARK: - Request

    static func dryRun(_ request: Request) throws -> Bool {
        guard let raw = request.uri.queryParameters["dryRun"] else { return false }
        switch String(raw) {
        case "true", "1": return true
        case "false", "0": return false
        default: throw Problem.invalidQuery(field: "dryRun", message: "dryRun is true or false")
        }
    }

    static func format(_ contentType: String?) throws -> Format {
        let mediaType =
            contentType?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        switch mediaType {
        case "text/csv", "application/csv": return .csv
        case "application/x-ndjson", "application/jsonl": return .jsonLines
        default:
            throw Problem(
                status: .unsupportedMediaType, code: "request.unsupported_media_type",
                detail: (mediaType.isEmpty ? "" : "\(mediaType) is not accepted; ")
                    + "send text/csv, application/x-ndjson or application/jsonl")
        }
    }

    static func empty(_ detail: String) -> Problem {
        Problem(status: .unprocessableContent, code: "import.empty", detail: detail)
    }

    static func tooMany(_ count: Int) -> Problem {
        Problem(
            status: .unprocessableContent, code: "import.too_many_rows",
            detail: "the file has \(count) rows; an import takes at most \(maxRows): split it")
    }

    // MARK: - Formats

    /// CSV with a header row; rows numbered as a spreadsheet shows them (header = row 1); blank rows skipped.
    static func csv(_ text: String) throws -> Parsed {
        let records: [[String]]
        do throws(CSV.ParseError) {
            records = try CSV.parse(text)
        } catch {
            throw Problem(status: .badRequest, code: "import.malformed", detail: "line \(error.line): \(error.message)")
        }
        guard let first = records.first else { throw empty("the file is empty") }
        let header: ImportRow.Header
        do throws(DomainError) {
            header = try ImportRow.Header(first)
        } catch {
            throw Problem(
                status: .unprocessableContent, code: "import.bad_header",
                detail: "the header row has unknown, missing or repeated columns: "
                    + error.fields.map(\.field).joined(separator: ", "),
                errors: error.fields)
        }
        let data = records.indices.dropFirst().filter { index in
            records[index].contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        }
        guard !data.isEmpty else { throw empty("the file has a header row but no rows") }
        guard data.count <= maxRows else { throw tooMany(data.count) }
        var parsed = Parsed(columns: Set(header.columns.filter { !$0.isEmpty }))
        parsed.numbers.reserveCapacity(data.count)
        parsed.rows.reserveCapacity(data.count)
        for index in data {
            parsed.numbers.append(index + 1)
            do throws(DomainError) {
                parsed.rows.append(.success(try ImportRow(cells: try header.cells(of: records[index]))))
            } catch {
                parsed.rows.append(.failure(error))
            }
        }
        return parsed
    }

    /// JSON lines: one `POST /api/v1/listings` body per line, numbered by line; blank lines skipped.
    static func jsonLines(_ text: String) throws -> Parsed {
        // "\r\n" is one Character in Swift; raw U+2028 may occur inside JSON strings, so only LF and CRLF split.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let data = lines.indices.filter { !lines[$0].allSatisfy(\.isWhitespace) }
        guard !data.isEmpty else { throw empty("the body has no lines") }
        guard data.count <= maxRows else { throw tooMany(data.count) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var parsed = Parsed()
        for index in data {
            parsed.numbers.append(index + 1)
            do {
                let body = try decoder.decode(CreateListingRequest.self, from: Data(lines[index].utf8))
                parsed.rows.append(.success(try row(body)))
            } catch let error as DomainError {
                parsed.rows.append(.failure(error))
            } catch let error as DecodingError {
                parsed.rows.append(.failure(.validation([problem(error)])))
            } catch {
                parsed.rows.append(
                    .failure(.validation([.init(field: "", code: "invalid", message: "the line is not a JSON object")]))
                )
            }
        }
        return parsed
    }

    /// What one JSON line says (the mapping of `POST /api/v1/listings`).
    static func row(_ body: CreateListingRequest) throws -> ImportRow {
        ImportRow(
            content: ListingContent(
                categoryCode: body.categoryCode, title: body.title, brand: body.brand, model: body.model,
                specs: body.specs ?? [:], unit: body.unit, priceFen: body.priceFen, tiers: body.tiers ?? [],
                fees: body.fees ?? [], deliveryRegions: try ListingController.regions(body.deliveryRegions ?? []),
                imageUrls: body.imageUrls ?? [], greenCertificates: body.greenCertificates ?? [],
                governmentOnly: body.governmentOnly ?? false),
            stock: body.stock ?? 0, leadTimeDays: body.leadTimeDays ?? 0,
            references: (body.referencePrices ?? []).map {
                ImportRow.Reference(
                    kind: $0.kind, source: $0.source, url: $0.url, priceFen: $0.priceFen, capturedAt: $0.capturedAt)
            })
    }

    /// A decoding error of one line as a field problem naming the field.
    static func problem(_ error: DecodingError) -> DomainError.FieldError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .drop(while: { $0 == "." }).description
        }
        let field: String
        let code: String
        switch error {
        case .keyNotFound(let key, let context):
            field = path(context.codingPath + [key])
            code = "required"
        case .valueNotFound(_, let context):
            field = path(context.codingPath)
            code = "required"
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            field = path(context.codingPath)
            code = "invalid"
        @unknown default:
            field = ""
            code = "invalid"
        }
        let message = field.isEmpty ? "the line is not a JSON object" : ProblemMiddleware.describe(error)
        return .init(field: field, code: code, message: message)
    }

    // MARK: - Report

    static func report(
        _ parsed: Parsed, outcomes: [ImportStore.Outcome], format: Format, encoding: TextDecoding.Encoding,
        dryRun: Bool
    ) -> ImportResultResponse {
        var results: [ImportRowResult] = []
        results.reserveCapacity(parsed.rows.count)
        var next = outcomes.makeIterator()
        var valid = 0
        var created = 0
        for (number, row) in zip(parsed.numbers, parsed.rows) {
            let outcome: ImportStore.Outcome
            switch row {
            case .failure(let error): outcome = .failed(error)
            case .success: outcome = next.next() ?? .failed(DomainError(DomainError.Code("internal"), "not processed"))
            }
            switch outcome {
            case .created(let id):
                valid += 1
                created += 1
                results.append(ImportRowResult(row: number, status: "created", listingId: id.description))
            case .valid:
                valid += 1
                results.append(ImportRowResult(row: number, status: "valid"))
            case .failed(let error):
                results.append(
                    ImportRowResult(
                        row: number, status: "failed", errors: errors(error, columns: parsed.columns, format: format)))
            }
        }
        return ImportResultResponse(
            dryRun: dryRun, format: format.rawValue, encoding: encoding.rawValue, total: results.count, valid: valid,
            created: created, failed: results.count - valid, rows: results)
    }

    /// A row's error as cell errors: field problems by column (CSV) or field path (JSON lines); an error
    /// without fields as one problem of the whole row, with its code.
    static func errors(_ error: DomainError, columns: Set<String>, format: Format) -> [ImportCellError] {
        guard !error.fields.isEmpty else {
            return [ImportCellError(column: nil, code: error.code.rawValue, message: error.message)]
        }
        return error.fields.map { problem in
            switch format {
            case .csv:
                let cell = ImportRow.cellError(for: problem, columns: columns)
                return ImportCellError(column: cell.column, code: cell.code, message: cell.message)
            case .jsonLines:
                return ImportCellError(
                    column: problem.field.isEmpty ? nil : problem.field, code: problem.code, message: problem.message)
            }
        }
    }
}
