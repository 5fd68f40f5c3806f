/// An open request to cancel a confirmed order by agreement (DOMAIN.md §O2, "by both after"): one party asks,
/// the other agrees or declines, or the requester withdraws.
package struct CancellationRequest: Sendable, Hashable, Codable {
    /// Who asked; only the counterparty may agree or decline.
    package var requestedBy: OrderActor
    /// Why, at most 500 characters.
    package var reason: String

    /// Creates a request.
    package init(requestedBy: OrderActor, reason: String) {
        self.requestedBy = requestedBy
        self.reason = reason
    }
}
