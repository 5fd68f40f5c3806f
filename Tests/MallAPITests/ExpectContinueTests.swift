import Foundation
import HummingbirdTesting
import MallAPI
import MallTestSupport
import NIOCore
import NIOPosix
import Testing

@Suite("Expect: 100-continue (curl's way of sending a body above 1 MiB)")
struct ExpectContinueTests {
    @Test(
        "a request that expects 100-continue gets it before it sends its body, then its answer",
        .timeLimit(.minutes(1)))
    func continueBeforeBody() async throws {
        try await withApp(onEventLoops: true) { client, _ in
            let port = try #require(client.port)
            let token = try await client.login("sup-a")
            let csv = "categoryCode,title,brand,model,unit,priceFen\nA02010108,联想 E14,联想,E14,台,459900\n"
            let body = Array(csv.utf8)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            try await channel.executeThenClose { inbound, outbound in
                var responses = RawResponses(inbound.makeAsyncIterator())
                // The head alone: a client that expects 100-continue waits for it before sending the body.
                try await outbound.write(
                    ByteBuffer(
                        string: "POST /api/v1/listings/imports?dryRun=true HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer \(token)\r\nContent-Type: text/csv\r\n"
                            + "Content-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n"))
                let interim = try await responses.next()
                #expect(interim.status == "HTTP/1.1 100 Continue")
                #expect(interim.body.isEmpty)

                try await outbound.write(ByteBuffer(bytes: body))
                let final = try await responses.next()
                #expect(final.status == "HTTP/1.1 200 OK")
                let report = try JSONDecoder().decode(ImportResultResponse.self, from: Data(final.body.utf8))
                #expect(report.total == 1 && report.valid == 1 && report.created == 0)
            }
        }
    }
}

/// Reads HTTP/1.1 responses off a raw connection: the status line, and the body by its `Content-Length`.
private struct RawResponses {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending: [UInt8] = []

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func next() async throws -> (status: String, body: String) {
        let separator = Array("\r\n\r\n".utf8)
        while pending.firstRange(of: separator) == nil { try await read() }
        let end = try #require(pending.firstRange(of: separator))
        let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        pending.removeSubrange(..<end.upperBound)
        let length =
            head.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        while pending.count < length { try await read() }
        let body = String(decoding: pending.prefix(length), as: UTF8.self)
        pending.removeFirst(length)
        return (head.first ?? "", body)
    }

    private mutating func read() async throws {
        let chunk = try #require(try await iterator.next(), "the server closed the connection")
        pending += Array(buffer: chunk)
    }
}
