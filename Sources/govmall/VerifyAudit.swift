import ArgumentParser
import Foundation
import MallStore

/// `govmall verify-audit`: walks the audit hash chain (DOMAIN.md §X1) and exits 1 at the first broken link.
struct VerifyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-audit",
        abstract: "Recompute the audit log's hash chain; print the first broken link and exit 1 if there is one.")
    @OptionGroup var common: CommonOptions
    @Flag(help: "Link the rows still queued first (what the server's sequencer would do next).")
    var linkPending = false

    func run() async throws {
        let (config, logger) = try common.makeConfig()
        let verification = try await withDatabase(config, logger: logger) { database in
            let chain = AuditChain(database: database)
            if linkPending {
                while try await chain.link(now: Date(), logger: logger) > 0 {}
            }
            return try await chain.verify(logger: logger)
        }
        if let broken = verification.broken {
            print("audit chain BROKEN at \(broken) (\(verification.checked) links before it hold)")
            throw ExitCode(1)
        }
        var line = "audit chain intact: \(verification.checked) links"
        if verification.pending > 0 {
            let age = verification.oldestPendingAt.map { " (oldest written \($0.ISO8601Format()))" } ?? ""
            line += "; \(verification.pending) rows not linked yet\(age)"
        }
        print(line)
    }
}
