/// The set of purchases §T1 sums together (DOMAIN.md §T1): one unit, one fiscal year, one second-level
/// category, one budget project. An exemption (budget adjusted, approved) is attached to a group.
package struct SplitGroup: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The purchasing unit.
    package var unitID: ID<Organisation>
    /// The fiscal year.
    package var fiscalYear: Int
    /// The second-level parent of the category, as a full code, e.g. `A02010000` (信息化设备) for `A02010105`.
    package var categoryGroup: String
    /// The budget project.
    package var budgetProject: String

    /// Creates a group.
    package init(unitID: ID<Organisation>, fiscalYear: Int, categoryGroup: String, budgetProject: String) {
        self.unitID = unitID
        self.fiscalYear = fiscalYear
        self.categoryGroup = categoryGroup
        self.budgetProject = budgetProject
    }

    /// The group a purchase belongs to.
    package init(_ record: PurchaseRecord) {
        self.init(
            unitID: record.unitID, fiscalYear: record.fiscalYear,
            categoryGroup: Self.secondLevelParent(of: record.categoryCode), budgetProject: record.budgetProject)
    }

    /// The level-2 ancestor of a 2022 品目 code (`data/procurement_categories.csv`: a root letter, then four 2-digit
    /// levels; level 1 `A02000000` 门类, level 2 `A02010000`, level 3 `A02010100`, level 4 `A02010105`): the first
    /// letter and 4 digits followed by zeros, e.g. `A02010105` → `A02010000` (its subtree prefix is `A0201`).
    /// A code at level 0 or 1, or not of the 9-character form, is its own group.
    package static func secondLevelParent(of code: String) -> String {
        let characters = Array(code)
        guard characters.count == 9, characters[3] != "0" || characters[4] != "0" else { return code }
        return String(characters[0..<5]) + "0000"
    }

    /// e.g. `unit 1f… / 2025 / A02010000 / project P-7`.
    package var description: String { "unit \(unitID) / \(fiscalYear) / \(categoryGroup) / project \(budgetProject)" }
}
