/// The report of `POST /api/v1/listings/imports`: one entry per non-blank row, in file order.
package struct ImportResultResponse: Codable, Sendable {
    /// Whether this was a dry run (nothing written).
    package var dryRun: Bool
    /// `csv` or `jsonl`.
    package var format: String
    /// The text encoding the body was read in: `UTF-8` or `GB18030`.
    package var encoding: String
    /// Rows read (blank rows are skipped and not counted).
    package var total: Int
    /// Rows that passed every check (created, or would be in a dry run).
    package var valid: Int
    /// Listings created (0 in a dry run).
    package var created: Int
    /// Rows refused.
    package var failed: Int
    package var rows: [ImportRowResult]

    package init(
        dryRun: Bool, format: String, encoding: String, total: Int, valid: Int, created: Int, failed: Int,
        rows: [ImportRowResult]
    ) {
        self.dryRun = dryRun
        self.format = format
        self.encoding = encoding
        self.total = total
        self.valid = valid
        self.created = created
        self.failed = failed
        self.rows = rows
    }
}

/// What happened to one row.
package struct ImportRowResult: Codable, Sendable {
    /// The row as a spreadsheet numbers it (the header is row 1) for CSV; the line number for JSON lines.
    package var row: Int
    /// `created`, `valid` (a dry run) or `failed`.
    package var status: String
    /// The new draft listing (status `created`).
    package var listingId: String?
    /// Every problem of a `failed` row.
    package var errors: [ImportCellError]?

    package init(row: Int, status: String, listingId: String? = nil, errors: [ImportCellError]? = nil) {
        self.row = row
        self.status = status
        self.listingId = listingId
        self.errors = errors
    }
}

/// One problem of a row: the CSV column (or JSON field path) it concerns, when it concerns one.
package struct ImportCellError: Codable, Sendable, Equatable {
    package var column: String?
    /// A field problem code (`required`, `out_of_range`, `not_leaf`, `invalid`, …) or, for a problem of the
    /// whole row, an error code such as `listing.duplicate`.
    package var code: String
    package var message: String

    package init(column: String?, code: String, message: String) {
        self.column = column
        self.code = code
        self.message = message
    }
}
