/// Where a framework agreement stands: `draft → soliciting → evaluating → active → expired | terminated`
/// (issue 5 point 1). `expired` and `terminated` are final.
package enum AgreementState: String, Sendable, Hashable, Codable, CaseIterable {
    case draft
    case soliciting
    case evaluating
    case active
    case expired
    case terminated

    /// Whether nothing leaves this state.
    package var isFinal: Bool { self == .expired || self == .terminated }

    /// Whether the requirements may still be edited (DOMAIN.md §F4): only while a draft. Once solicitation
    /// opens suppliers bid on them, and during the term they cannot change.
    package var requirementsEditable: Bool { self == .draft }
}

/// A step of the agreement's lifecycle, as the operator asks for it.
package enum AgreementAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// draft → soliciting: stage-1 responses are taken.
    case open
    /// soliciting → evaluating: responses close.
    case close
    /// evaluating → active: the evaluated results are published and the admitted suppliers start.
    case activate
    /// active → expired: the term is over.
    case expire
    /// any non-final state → terminated, with a reason.
    case terminate
}

/// The agreement's state machine as a table: every allowed step is a row, anything else is impossible
/// (`agreement.invalid_transition`). Preconditions that depend on facts (evaluation done, term over, a
/// reason) are checked by `apply`.
package enum AgreementLifecycle {
    /// One allowed step.
    package struct Edge: Sendable, Hashable {
        package var from: AgreementState
        package var action: AgreementAction
        package var to: AgreementState
    }

    /// | from | action | to |
    /// |---|---|---|
    /// | draft | open | soliciting |
    /// | soliciting | close | evaluating |
    /// | evaluating | activate | active |
    /// | active | expire | expired |
    /// | draft, soliciting, evaluating, active | terminate | terminated |
    package static let edges: [Edge] = [
        Edge(from: .draft, action: .open, to: .soliciting),
        Edge(from: .soliciting, action: .close, to: .evaluating),
        Edge(from: .evaluating, action: .activate, to: .active),
        Edge(from: .active, action: .expire, to: .expired),
        Edge(from: .draft, action: .terminate, to: .terminated),
        Edge(from: .soliciting, action: .terminate, to: .terminated),
        Edge(from: .evaluating, action: .terminate, to: .terminated),
        Edge(from: .active, action: .terminate, to: .terminated),
    ]

    /// The facts a step's preconditions read.
    package struct Facts: Sendable, Hashable {
        /// Whether stage-1 results were evaluated (needed to activate).
        package var evaluated: Bool
        /// Today's China date (an agreement expires after its last day).
        package var today: LocalDate
        /// The last day of the term.
        package var termEnd: LocalDate
        /// The recorded reason (needed to terminate).
        package var reason: String?

        package init(evaluated: Bool, today: LocalDate, termEnd: LocalDate, reason: String? = nil) {
            self.evaluated = evaluated
            self.today = today
            self.termEnd = termEnd
            self.reason = reason
        }
    }

    /// The actions allowed from `state`.
    package static func actions(from state: AgreementState) -> [AgreementAction] {
        edges.filter { $0.from == state }.map(\.action)
    }

    /// The state after `action` from `state`, or the reason it is impossible:
    /// - `agreement.invalid_transition` for a step not in the table, for `activate` before evaluation, and for
    ///   `expire` on or before the last day of the term;
    /// - `request.validation_failed` for `terminate` without a reason.
    package static func apply(_ action: AgreementAction, to state: AgreementState, facts: Facts) throws(DomainError)
        -> AgreementState
    {
        guard let edge = edges.first(where: { $0.from == state && $0.action == action }) else {
            throw DomainError(
                .agreementInvalidTransition,
                "cannot \(action.rawValue) an agreement that is \(state.rawValue); allowed: "
                    + (actions(from: state).map(\.rawValue).joined(separator: ", ").nilIfEmpty ?? "nothing"))
        }
        switch action {
        case .activate where !facts.evaluated:
            throw DomainError(
                .agreementInvalidTransition, "evaluate the stage-1 responses before activating the agreement")
        case .expire where facts.today <= facts.termEnd:
            throw DomainError(
                .agreementInvalidTransition, "the term runs until \(facts.termEnd): it cannot expire on \(facts.today)")
        case .terminate:
            var validator = Validator()
            validator.text(facts.reason, "reason", maxLength: 2_000)
            try validator.validate()
        default:
            break
        }
        return edge.to
    }
}

extension String {
    /// `nil` for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
