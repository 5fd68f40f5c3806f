import Foundation
import Logging
import MallAPI
import Testing

@Suite("Per-request plumbing: bearer tokens and log lines")
struct RequestPlumbingTests {
    @Test("the bearer token is read as before: any case of the scheme, blanks around the token trimmed")
    func bearerTokens() {
        #expect(Authenticator.bearerToken("Bearer abc") == "abc")
        #expect(Authenticator.bearerToken("bearer abc") == "abc")
        #expect(Authenticator.bearerToken("BEARER   abc \t") == "abc")
        #expect(Authenticator.bearerToken("Bearer " + String(repeating: "x", count: 512)) != nil)
        for refused in [
            "Bearer", "Bearer ", "Bearer \t ", "Basic abc", "Bearerx abc", "Bearex abc", "Bea rer abc", "",
            "Bearer " + String(repeating: "x", count: 513),
        ] {
            #expect(Authenticator.bearerToken(refused) == nil, "\(refused)")
        }
    }

    /// Collects what a handler writes.
    final class Lines: TextOutputStream, @unchecked Sendable {
        let lock = NSLock()
        var text = ""
        func write(_ string: String) { lock.withLock { text += string } }
    }

    @Test("LineLogHandler writes the same lines as StreamLogHandler, metadata and all")
    func sameLines() {
        let expected = Lines()
        let actual = Lines()
        var stream = Logger(label: "govmall") { StreamLogHandler(label: $0, stream: expected) }
        var lines = Logger(label: "govmall") {
            LineLogHandler(StreamLogHandler(label: $0, stream: actual, metadataProvider: nil))
        }
        stream.logLevel = .info
        lines.logLevel = .info
        stream[metadataKey: "hb.request.id"] = "r-1"
        lines[metadataKey: "hb.request.id"] = "r-1"
        stream[metadataKey: "user.id"] = "u-9"
        lines[metadataKey: "user.id"] = "u-9"
        for logger in [stream, lines] {
            logger.debug("not written")
            logger.info("plain")
            logger.warning("with metadata", metadata: ["user.id": "explicit wins", "extra": "1"])
            logger.error("with an error", error: CocoaError(.fileNoSuchFile))
        }
        // Timestamps have one-second resolution: compare without them.
        func strip(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
        }
        #expect(strip(actual.text) == strip(expected.text))
        #expect(strip(actual.text).count == 3)
        #expect(actual.text.contains("extra=1 hb.request.id=r-1 user.id=explicit wins"))
    }
}
