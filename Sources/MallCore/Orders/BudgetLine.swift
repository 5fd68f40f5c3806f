/// A purchasing unit's budget line (DOMAIN.md §O4): a fiscal year, an amount, a category scope and the budget
/// project it funds. Orders reserve their total against one line; cancelling or rejecting releases it.
package struct BudgetLine: Sendable, Hashable {
    /// The fiscal year (a calendar year in China); an order placed in another year cannot use the line.
    package var fiscalYear: Int
    /// The budget project (项目名称), also the project of §T1's splitting groups.
    package var projectName: String
    /// The categories the line may buy, as a category code prefix (`A02` 设备, `A0201` 信息化设备); empty buys
    /// any category.
    package var categoryPrefix: String
    /// The amount of the line.
    package var amount: Fen

    /// Creates a budget line.
    package init(fiscalYear: Int, projectName: String, categoryPrefix: String, amount: Fen) {
        self.fiscalYear = fiscalYear
        self.projectName = projectName
        self.categoryPrefix = categoryPrefix
        self.amount = amount
    }

    /// Throws `request.validation_failed` listing every bad field: a year outside 2000–2100, a project of
    /// 1–200 characters, a prefix that is not the start of a 品目 code, an amount not above zero.
    package func validate() throws(DomainError) {
        var validator = Validator()
        validator.check((2000...2100).contains(fiscalYear), "fiscalYear", "out_of_range", "a year from 2000 to 2100")
        validator.text(projectName, "projectName", maxLength: 200)
        let prefixOK =
            categoryPrefix.isEmpty
            || (categoryPrefix.count <= 9 && "ABC".contains(categoryPrefix.first ?? " ")
                && categoryPrefix.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
        validator.check(prefixOK, "categoryPrefix", "invalid", "the start of a category code, e.g. A02 or A0201")
        validator.check(
            amount > .zero && amount.rawValue <= 10_000_000_000_000, "amountFen", "out_of_range",
            "a positive amount of at most 100 000 000 000 yuan")
        try validator.validate()
    }

    /// Whether the line may pay for a purchase in `categoryCode`.
    package func covers(_ categoryCode: String) -> Bool { categoryCode.hasPrefix(categoryPrefix) }

    /// What remains when `reserved` is already held.
    package func available(reserved: Fen) -> Fen { amount - reserved }

    /// DOMAIN.md §O4: checks that an order of `total` can be reserved when `reserved` is already held; throws
    /// `order.over_budget` (naming the available amount) when it cannot.
    package func checkReservation(of total: Fen, reserved: Fen) throws(DomainError) {
        let left = available(reserved: reserved)
        guard total > left else { return }
        throw DomainError(
            .orderOverBudget,
            "the order total of \(total) yuan is above the \(left) yuan left on budget line \"\(projectName)\" "
                + "(\(fiscalYear)) (DOMAIN.md §O4)",
            fields: [.init(field: "budgetLineId", code: "over_budget", message: "\(left.rawValue) fen available")])
    }
}
