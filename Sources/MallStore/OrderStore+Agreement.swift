import Foundation
import Logging
import MallCore
import PostgresNIO

extension OrderStore {
    /// What makes a placement a stage-2 framework-agreement order (DOMAIN.md §F5, §F6, §F9, §P3): the agreement
    /// and lot, the stage-2 method, the direct-selection reason, and the agreement terms of each listing (the
    /// agreed price caps the unit price and the lot's volume tiers apply). Such orders are not direct purchases:
    /// the direct purchase max (§O3) and the category's direct-purchase switch do not apply.
    package struct AgreementContext: Sendable {
        package var agreementID: ID<Agreement>
        package var lotNo: Int
        package var method: StageTwoMethod
        package var terms: [ID<Listing>: AgreementTerms]
        package var selection: DirectSelection?

        package init(
            agreementID: ID<Agreement>, lotNo: Int, method: StageTwoMethod, terms: [ID<Listing>: AgreementTerms],
            selection: DirectSelection? = nil
        ) {
            self.agreementID = agreementID
            self.lotNo = lotNo
            self.method = method
            self.terms = terms
            self.selection = selection
        }
    }

    /// Marks the orders of a placement as placed under a framework agreement (method `framework_agreement`, the
    /// agreement, lot, stage-2 method and selection reason; DOMAIN.md §F, OCDS relatedProcesses "framework"),
    /// before they are read back and audited. A separate statement, so that the direct-purchase insert stays
    /// as it is.
    func link(placementID: UUID, to agreement: AgreementContext, on conn: PostgresConnection, logger: Logger)
        async throws
    {
        try await conn.query(
            """
            UPDATE orders SET method = \(ProcurementMethod.frameworkAgreement.rawValue),
                agreement_id = \(agreement.agreementID), agreement_lot_no = \(agreement.lotNo),
                stage_two_method = \(agreement.method.rawValue),
                selection_reason = \(agreement.selection?.reason.rawValue), selection_note = \(agreement.selection?.note)
            WHERE placement_id = \(placementID)
            """, logger: logger)
    }
}
