/// The list items of a listing's jsonb columns built from an already parsed ``JSONValue``: the read path's fast way
/// round `JSONDecoder` (docs/benchmarks.md). Each answers `nil` for anything but the exact shape its `Codable` form
/// writes; the caller then decodes the text with `JSONDecoder`, so the result never differs.
extension PriceTier {
    package init?(json: JSONValue) {
        guard case .object(let fields) = json, fields.count == 2,
            case .int(let quantity)? = fields["minQuantity"], case .int(let price)? = fields["unitPriceFen"]
        else { return nil }
        self.init(minQuantity: quantity, unitPriceFen: Fen(price))
    }
}

extension DeclaredFee {
    package init?(json: JSONValue) {
        guard case .object(let fields) = json, fields.count == 4,
            case .string(let raw)? = fields["kind"], let kind = Kind(rawValue: raw),
            case .int(let amount)? = fields["amountFen"], case .bool(let perUnit)? = fields["perUnit"],
            case .string(let description)? = fields["description"]
        else { return nil }
        self.init(kind: kind, amountFen: Fen(amount), perUnit: perUnit, description: description)
    }
}

extension GreenCertificate {
    package init?(json: JSONValue) {
        guard case .object(let fields) = json, fields.count == 4,
            case .string(let raw)? = fields["kind"], let kind = Kind(rawValue: raw),
            case .string(let certifier)? = fields["certifier"], case .string(let number)? = fields["number"],
            case .string(let date)? = fields["validUntil"], let validUntil = LocalDate(date)
        else { return nil }
        self.init(kind: kind, certifier: certifier, number: number, validUntil: validUntil)
    }
}

extension JSONValue {
    /// The items of a JSON array text, each built by `item`; `nil` when the text is not an array or any item
    /// answers `nil`.
    package static func parseList<T>(_ text: String, _ item: (JSONValue) -> T?) -> [T]? {
        guard case .array(let values)? = parse(text) else { return nil }
        var items: [T] = []
        items.reserveCapacity(values.count)
        for value in values {
            guard let built = item(value) else { return nil }
            items.append(built)
        }
        return items
    }
}
