import Logging

/// swift-log's `StreamLogHandler` with the same lines on the same stream, except that the logger's metadata is
/// formatted when a line is written instead of each time a key is set.
///
/// `StreamLogHandler` re-sorts and re-formats all of its metadata on every set. Every request sets keys on its
/// logger (Hummingbird's request id, ours, the user id) and almost never logs at the production level; that
/// formatting was 4.7 % of the server's CPU on `GET /health` (docs/benchmarks.md, 2026-11-24 03:02).
package struct LineLogHandler: LogHandler {
    /// Writes the lines; its own metadata stays empty, so it formats only what ``log(event:)`` passes.
    private var stream: StreamLogHandler
    package var metadata: Logger.Metadata = [:]

    package init(_ stream: StreamLogHandler) {
        self.stream = stream
        self.stream.metadata = [:]
    }

    /// Standard output, as `StreamLogHandler.standardOutput(label:)`.
    package static func standardOutput(label: String, level: Logger.Level) -> LineLogHandler {
        var handler = LineLogHandler(StreamLogHandler.standardOutput(label: label))
        handler.logLevel = level
        return handler
    }

    package var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    package var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            // The statement's own metadata wins over the logger's, as in StreamLogHandler.
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        stream.log(event: event)
    }
}
