import Logging
import MallAPI
import MallTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// `govmall serve` cannot hang forever on the way out: once its services are told to stop, a timer outlives them.
@Suite("Shutdown watchdog")
struct ShutdownWatchdogTests {
    struct FailingService: Service {
        struct Failure: Error {}
        func run() async throws { throw Failure() }
    }

    struct WaitingService: Service {
        func run() async throws { try? await gracefulShutdown() }
    }

    /// Runs `services` plus a watchdog with a short deadline; `stop` ends the group. Answers whether the
    /// watchdog fired (polled for up to 10 s: liveness, not speed).
    static func fires(_ services: [any Service], stop: @escaping @Sendable (ServiceGroup) async -> Void) async -> Bool {
        let fired = Mutex(false)
        let watchdog = ShutdownWatchdog(deadline: .milliseconds(50), logger: TestDatabase.logger) {
            fired.withLock { $0 = true }
        }
        let group = ServiceGroup(
            configuration: .init(services: services + [watchdog], logger: TestDatabase.logger))
        async let stopped: Void = stop(group)
        try? await group.run()
        await stopped
        for _ in 0..<200 where !fired.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(50)) }
        return fired.withLock { $0 }
    }

    @Test("a failed service starts the timer at once, and the timer outlives the group")
    func failedStart() async {
        #expect(await Self.fires([FailingService()]) { _ in })
    }

    @Test("a graceful shutdown starts the timer too")
    func gracefulStop() async {
        #expect(await Self.fires([WaitingService()]) { group in await group.triggerGracefulShutdown() })
    }
}
