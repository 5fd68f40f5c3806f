import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A lean PostgreSQL connection for prepared lookups by one `uuid`, that sends the lookups waiting on it together:
/// one write of `Bind`/`Execute` pairs and a single `Sync`, answered by one write of PostgreSQL's (the protocol's
/// pipelining). PostgreSQL then reads, plans and answers a whole batch in one wake-up, where one `Sync` each costs
/// it a read, a flush and a sleep per lookup (docs/benchmarks.md, Catalog, 2026-11-24 18:51).
///
/// - Its statements are prepared once, when it opens (`Parse` and `Describe`), so it knows their columns' types.
///   Rows come in binary and are handed back as `PostgresCell`s, decoded with PostgresNIO's own decoders.
/// - Lookups sent while a batch is out wait for its `ReadyForQuery`; lookups made during one turn of the event loop
///   leave together at its end.
/// - A lookup that fails fails alone (``Failure/server(sqlState:message:)``). PostgreSQL skips the rest of that
///   batch up to the `Sync`; those answer ``Failure/skipped``, and the caller runs them elsewhere (they only read).
/// - Passwords: none (trust), cleartext, MD5 or SCRAM-SHA-256 (``PostgresAuth``); TLS when asked (`SSLRequest`,
///   then NIOSSL), required or preferred.
/// - Everything happens on the connection's event loop; a caller on another thread is served through it.
package final class PipelinedConnection: Sendable {
    /// A statement to prepare on open: one parameter of type `uuid`.
    package struct Statement: Sendable, Equatable {
        package var name: String
        package var sql: String

        package init(name: String, sql: String) {
            self.name = name
            self.sql = sql
        }
    }

    /// Where and as whom to connect: the server, database and user of `server` (whose `tls` mode is what built
    /// `tls`), and the name the connection gives itself.
    package struct Endpoint: Sendable {
        package var server: DatabaseConfig
        package var applicationName: String
        package var tls: TLS

        /// Whether to speak TLS: not at all, when the server offers it, or always (no connection otherwise).
        package enum TLS: Sendable {
            case disable
            case prefer(NIOSSLContext)
            case require(NIOSSLContext)
        }

        package init(server: DatabaseConfig, applicationName: String, tls: TLS = .disable) {
            self.server = server
            self.applicationName = applicationName
            self.tls = tls
        }
    }

    package enum Failure: Error, Equatable {
        /// The statement failed in PostgreSQL.
        case server(sqlState: String, message: String)
        /// An earlier lookup of the same batch failed, so PostgreSQL skipped this one: it never ran.
        case skipped
        /// The connection closed before the answer came (or was closed when asked).
        case connectionClosed
        /// The statement was not among those prepared when the connection opened.
        case unknownStatement
        /// The server asked for an authentication this client does not speak, or sent what it cannot read.
        case unsupported(String)
    }

    private let channel: any Channel
    private let handler: NIOLoopBound<PipelineHandler>

    private init(channel: any Channel, handler: NIOLoopBound<PipelineHandler>) {
        self.channel = channel
        self.handler = handler
    }

    package var eventLoop: any EventLoop { channel.eventLoop }
    package var isClosed: Bool { !channel.isActive }

    /// Opens a connection on `loop`, authenticates and prepares `statements`; `id` names it in the logs.
    package static func connect(
        on loop: any EventLoop, endpoint: Endpoint, statements: [Statement], id: Int, logger: Logger,
        connectTimeout: TimeAmount = .seconds(5)
    ) async throws -> PipelinedConnection {
        let ready = loop.makePromise(of: Void.self)
        let handler = try await loop.submit {
            NIOLoopBound(PipelineHandler(endpoint: endpoint, statements: statements, ready: ready), eventLoop: loop)
        }.get()
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(connectTimeout)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(handler.value)
                    }
                }
                .connect(host: endpoint.server.host, port: endpoint.server.port).get()
        } catch {
            ready.fail(error)
            throw error
        }
        do {
            try await ready.futureResult.get()
        } catch {
            channel.close(promise: nil)
            throw error
        }
        logger.debug("pipelined connection open", metadata: ["db.connection": "\(id)"])
        return PipelinedConnection(channel: channel, handler: handler)
    }

    /// The rows of prepared statement `name` for `parameter`, each as its cells.
    package func rows(_ name: String, parameter: UUID) async throws -> [[PostgresCell]] {
        let handler = self.handler
        let loop = channel.eventLoop
        return try await withCheckedThrowingContinuation { continuation in
            if loop.inEventLoop {
                handler.value.submit(name: name, parameter: parameter, continuation: continuation)
            } else {
                loop.execute { handler.value.submit(name: name, parameter: parameter, continuation: continuation) }
            }
        }
    }

    /// The rows of prepared statement `name` for each of `parameters`, sent in one batch (when nothing else waits on
    /// this connection, it is exactly that batch): a lookup that fails fails alone, and those after it in the batch
    /// answer ``Failure/skipped``.
    package func rows(_ name: String, parameters: [UUID]) async -> [Result<[[PostgresCell]], any Error>] {
        guard !parameters.isEmpty else { return [] }
        let handler = self.handler
        let loop = channel.eventLoop
        return await withCheckedContinuation { continuation in
            loop.execute { handler.value.submit(name: name, parameters: parameters, continuation: continuation) }
        }
    }

    /// Says goodbye (`Terminate`) and closes.
    package func close() async {
        let handler = self.handler
        try? await channel.eventLoop.submit { handler.value.terminate() }.get()
        try? await channel.closeFuture.get()
    }
}

/// The protocol state of one ``PipelinedConnection``; lives on its event loop.
final class PipelineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias Continuation = CheckedContinuation<[[PostgresCell]], any Error>

    typealias Outcome = Result<[[PostgresCell]], any Error>

    private struct Request {
        var statement: Int
        var parameter: UUID
        var reply: Reply

        func resume(_ outcome: Outcome) {
            switch reply {
            case .one(let continuation): continuation.resume(with: outcome)
            case .part(let batch, let index): batch.set(index, outcome)
            }
        }
    }

    private enum Reply {
        case one(Continuation)
        case part(BatchReply, Int)
    }

    /// The answers of ``PipelinedConnection/rows(_:parameters:)``, collected until the last arrives.
    private final class BatchReply {
        var outcomes: [Outcome]
        var remaining: Int
        let continuation: CheckedContinuation<[Outcome], Never>

        init(count: Int, continuation: CheckedContinuation<[Outcome], Never>) {
            outcomes = Array(repeating: .failure(PipelinedConnection.Failure.skipped), count: count)
            remaining = count
            self.continuation = continuation
        }

        func set(_ index: Int, _ outcome: Outcome) {
            outcomes[index] = outcome
            remaining -= 1
            if remaining == 0 { continuation.resume(returning: outcomes) }
        }
    }

    private struct Column {
        var name: String
        var type: PostgresDataType
    }

    private enum Phase { case negotiatingTLS, starting, preparing, ready, closed }

    /// The most lookups one batch carries; the rest wait for the next.
    static let maximumBatch = 256

    private let endpoint: PipelinedConnection.Endpoint
    private let statements: [PipelinedConnection.Statement]
    private let statementIndex: [String: Int]
    /// `Bind` up to the parameter, per statement: everything but the parameter's 16 bytes and the result format.
    private var bindHeads: [ByteBuffer] = []
    private var columns: [[Column]] = []
    private let ready: EventLoopPromise<Void>
    private var phase = Phase.starting
    private var scram: PostgresAuth.SCRAM?
    private var context: ChannelHandlerContext?
    private var cumulation: ByteBuffer?

    private var waiting: [Request] = []
    private var inFlight: [Request] = []
    /// How many of `inFlight` have had their answer.
    private var answered = 0
    private var rows: [[PostgresCell]] = []
    private var sendScheduled = false

    init(
        endpoint: PipelinedConnection.Endpoint, statements: [PipelinedConnection.Statement],
        ready: EventLoopPromise<Void>
    ) {
        self.endpoint = endpoint
        self.statements = statements
        self.statementIndex = Dictionary(statements.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.ready = ready
    }

    // MARK: Requests

    func submit(name: String, parameter: UUID, continuation: Continuation) {
        submit(name: name, parameter: parameter, reply: .one(continuation))
    }

    func submit(name: String, parameters: [UUID], continuation: CheckedContinuation<[Outcome], Never>) {
        let batch = BatchReply(count: parameters.count, continuation: continuation)
        for (index, parameter) in parameters.enumerated() {
            submit(name: name, parameter: parameter, reply: .part(batch, index))
        }
    }

    private func submit(name: String, parameter: UUID, reply: Reply) {
        let request = Request(statement: statementIndex[name] ?? -1, parameter: parameter, reply: reply)
        guard request.statement >= 0 else {
            return request.resume(.failure(PipelinedConnection.Failure.unknownStatement))
        }
        guard phase != .closed else {
            return request.resume(.failure(PipelinedConnection.Failure.connectionClosed))
        }
        waiting.append(request)
        scheduleSend()
    }

    /// Sends what waits at the end of this turn of the event loop, so that lookups made in the same turn go together.
    private func scheduleSend() {
        guard phase == .ready, inFlight.isEmpty, !sendScheduled, let context else { return }
        sendScheduled = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let handler = bound.value
            handler.sendScheduled = false
            handler.sendBatch()
        }
    }

    private func sendBatch() {
        guard phase == .ready, inFlight.isEmpty, !waiting.isEmpty, let context else { return }
        if waiting.count <= Self.maximumBatch {
            swap(&inFlight, &waiting)
        } else {
            inFlight.append(contentsOf: waiting.prefix(Self.maximumBatch))
            waiting.removeFirst(Self.maximumBatch)
        }
        answered = 0
        var out = context.channel.allocator.buffer(capacity: inFlight.count * 64 + 5)
        for request in inFlight {
            var head = bindHeads[request.statement]
            out.writeBuffer(&head)
            withUnsafeBytes(of: request.parameter.uuid) { _ = out.writeBytes($0) }
            out.writeInteger(Int16(1))  // one result format code: binary for every column
            out.writeInteger(Int16(1))
            out.writeInteger(UInt8(ascii: "E"))  // Execute the unnamed portal, all rows
            out.writeInteger(Int32(9))
            out.writeInteger(UInt8(0))
            out.writeInteger(Int32(0))
        }
        Self.writeSync(&out)
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    func terminate() {
        guard let context, phase != .closed else { return }
        var out = context.channel.allocator.buffer(capacity: 5)
        out.writeInteger(UInt8(ascii: "X"))
        out.writeInteger(Int32(4))
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        context.close(promise: nil)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        switch endpoint.tls {
        case .disable:
            sendStartup(context: context)
        case .prefer, .require:
            // SSLRequest: PostgreSQL answers one byte, `S` (go on in TLS) or `N`.
            phase = .negotiatingTLS
            var out = context.channel.allocator.buffer(capacity: 8)
            out.writeInteger(Int32(8))
            out.writeInteger(Int32(80_877_103))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        }
        context.fireChannelActive()
    }

    /// The server's answer to `SSLRequest`.
    private func negotiated(_ answer: UInt8, context: ChannelHandlerContext) {
        switch (answer, endpoint.tls) {
        case (UInt8(ascii: "S"), .prefer(let tls)), (UInt8(ascii: "S"), .require(let tls)):
            // SNI and the name check take a host name, never an address.
            let isAddress = (try? SocketAddress(ipAddress: endpoint.server.host, port: 0)) != nil
            do {
                let name = isAddress ? nil : endpoint.server.host
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: name)
                try context.pipeline.syncOperations.addHandler(handler, position: .first)
            } catch {
                return fail(.unsupported("TLS: \(error)"), context: context)
            }
        case (UInt8(ascii: "N"), .prefer):
            break
        case (UInt8(ascii: "N"), _):
            return fail(.unsupported("the server does not offer TLS"), context: context)
        default:
            return fail(.unsupported("answer \(answer) to SSLRequest"), context: context)
        }
        phase = .starting
        sendStartup(context: context)
    }

    private func sendStartup(context: ChannelHandlerContext) {
        var out = context.channel.allocator.buffer(capacity: 128)
        let lengthAt = out.writerIndex
        out.writeInteger(Int32(0))
        out.writeInteger(Int32(196_608))  // protocol 3.0
        for (key, value) in [
            ("user", endpoint.server.username), ("database", endpoint.server.database),
            ("application_name", endpoint.applicationName), ("client_encoding", "UTF8"),
        ] {
            Self.writeCString(key, to: &out)
            Self.writeCString(value, to: &out)
        }
        out.writeInteger(UInt8(0))
        out.setInteger(Int32(out.writerIndex - lengthAt), at: lengthAt)
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        close(with: PipelinedConnection.Failure.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(with: error)
        context.close(promise: nil)
    }

    private func close(with error: any Error) {
        guard phase != .closed else { return }
        let wasStarting = phase != .ready
        phase = .closed
        if wasStarting { ready.fail(error) }
        let pending = inFlight[answered...] + waiting
        inFlight.removeAll()
        waiting.removeAll()
        answered = 0
        for request in pending { request.resume(.failure(PipelinedConnection.Failure.connectionClosed)) }
    }

    private func fail(_ failure: PipelinedConnection.Failure, context: ChannelHandlerContext) {
        close(with: failure)
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if var held = cumulation {
            cumulation = nil
            held.writeBuffer(&incoming)
            incoming = held
        }
        if phase == .negotiatingTLS {
            guard let answer = incoming.readInteger(as: UInt8.self) else { return }
            // Nothing may follow the answer in the clear (CVE-2021-23222): PostgreSQL sends nothing more until the
            // client speaks.
            guard incoming.readableBytes == 0 else {
                return fail(.unsupported("bytes after the answer to SSLRequest"), context: context)
            }
            return negotiated(answer, context: context)
        }
        while phase != .closed, incoming.readableBytes >= 5,
            let length = incoming.getInteger(at: incoming.readerIndex + 1, as: Int32.self)
        {
            guard length >= 4 else { return fail(.unsupported("message length \(length)"), context: context) }
            guard incoming.readableBytes >= Int(length) + 1 else { break }
            let type = incoming.readInteger(as: UInt8.self)!
            incoming.moveReaderIndex(forwardBy: 4)
            var body = incoming.readSlice(length: Int(length) - 4)!
            handle(type, &body, context: context)
        }
        if incoming.readableBytes > 0, phase != .closed { cumulation = incoming }
    }

    private func handle(_ type: UInt8, _ body: inout ByteBuffer, context: ChannelHandlerContext) {
        switch (phase, type) {
        case (.ready, UInt8(ascii: "D")):
            guard answered < inFlight.count else { return fail(.unsupported("row without a lookup"), context: context) }
            guard let row = decodeRow(&body, columns: columns[inFlight[answered].statement]) else {
                return fail(.unsupported("malformed DataRow"), context: context)
            }
            rows.append(row)
        case (.ready, UInt8(ascii: "2")):  // BindComplete
            rows.removeAll(keepingCapacity: true)
        case (.ready, UInt8(ascii: "C")), (.ready, UInt8(ascii: "I")), (.ready, UInt8(ascii: "s")):
            guard answered < inFlight.count else {
                return fail(.unsupported("answer without a lookup"), context: context)
            }
            let result = rows
            rows.removeAll(keepingCapacity: true)
            answered += 1
            inFlight[answered - 1].resume(.success(result))
        case (.ready, UInt8(ascii: "E")):
            let (sqlState, message, fatal) = Self.decodeError(&body)
            if answered < inFlight.count {
                answered += 1
                inFlight[answered - 1].resume(
                    .failure(PipelinedConnection.Failure.server(sqlState: sqlState, message: message)))
            }
            if fatal { fail(.server(sqlState: sqlState, message: message), context: context) }
        case (.ready, UInt8(ascii: "Z")):
            for request in inFlight[answered...] {
                request.resume(.failure(PipelinedConnection.Failure.skipped))
            }
            inFlight.removeAll(keepingCapacity: true)
            answered = 0
            sendBatch()
        case (_, UInt8(ascii: "S")), (_, UInt8(ascii: "N")), (_, UInt8(ascii: "A")), (_, UInt8(ascii: "K")):
            break  // ParameterStatus, NoticeResponse, NotificationResponse, BackendKeyData
        case (.starting, UInt8(ascii: "R")):
            authenticate(&body, context: context)
        case (.starting, UInt8(ascii: "Z")):
            prepare(context: context)
        case (.preparing, UInt8(ascii: "1")), (.preparing, UInt8(ascii: "t")):
            break  // ParseComplete, ParameterDescription
        case (.preparing, UInt8(ascii: "T")):
            guard let described = Self.decodeRowDescription(&body) else {
                return fail(.unsupported("malformed RowDescription"), context: context)
            }
            columns.append(described)
        case (.preparing, UInt8(ascii: "n")):  // NoData
            columns.append([])
        case (.preparing, UInt8(ascii: "Z")):
            guard columns.count == statements.count else {
                let described = "\(columns.count) of \(statements.count) statements described"
                return fail(.unsupported(described), context: context)
            }
            phase = .ready
            ready.succeed()
            scheduleSend()
        case (.starting, UInt8(ascii: "E")), (.preparing, UInt8(ascii: "E")):
            let (sqlState, message, _) = Self.decodeError(&body)
            fail(.server(sqlState: sqlState, message: message), context: context)
        default:
            fail(.unsupported("message \(Character(Unicode.Scalar(type))) while \(phase)"), context: context)
        }
    }

    private func decodeRow(_ body: inout ByteBuffer, columns: [Column]) -> [PostgresCell]? {
        guard let count = body.readInteger(as: Int16.self), Int(count) == columns.count else { return nil }
        var cells: [PostgresCell] = []
        cells.reserveCapacity(columns.count)
        for (index, column) in columns.enumerated() {
            guard let length = body.readInteger(as: Int32.self) else { return nil }
            var bytes: ByteBuffer?
            if length >= 0 {
                guard let slice = body.readSlice(length: Int(length)) else { return nil }
                bytes = slice
            }
            cells.append(
                PostgresCell(bytes: bytes, dataType: column.type, format: .binary, columnName: column.name,
                    columnIndex: index))
        }
        return cells
    }

    // MARK: Start-up

    private func authenticate(_ body: inout ByteBuffer, context: ChannelHandlerContext) {
        guard let code = body.readInteger(as: Int32.self) else {
            return fail(.unsupported("malformed authentication request"), context: context)
        }
        switch code {
        case 0: break  // AuthenticationOk
        case 3:  // cleartext
            guard let password = endpoint.server.password else {
                return fail(.unsupported("password required"), context: context)
            }
            sendPassword(Array(password.utf8) + [0], context: context)
        case 5:  // MD5
            guard let password = endpoint.server.password, let salt = body.readBytes(length: 4) else {
                return fail(.unsupported("password required"), context: context)
            }
            let answer = PostgresAuth.md5Response(user: endpoint.server.username, password: password, salt: salt)
            sendPassword(Array(answer.utf8) + [0], context: context)
        case 10:  // SASL: the mechanisms offered
            var mechanisms: [String] = []
            while let name = body.readNullTerminatedString(), !name.isEmpty { mechanisms.append(name) }
            guard mechanisms.contains("SCRAM-SHA-256"), let password = endpoint.server.password else {
                return fail(.unsupported("SASL \(mechanisms)"), context: context)
            }
            let scram = PostgresAuth.SCRAM(password: password)
            self.scram = scram
            var payload: [UInt8] = Array("SCRAM-SHA-256".utf8) + [0]
            let first = Array(scram.clientFirst.utf8)
            withUnsafeBytes(of: Int32(first.count).bigEndian) { payload.append(contentsOf: $0) }
            sendPassword(payload + first, context: context)
        case 11:  // SASL continue: the server's first message
            guard var scram, let serverFirst = body.readString(length: body.readableBytes) else {
                return fail(.unsupported("unexpected SASL message"), context: context)
            }
            do {
                let final = try scram.clientFinal(serverFirst: serverFirst)
                self.scram = scram
                sendPassword(Array(final.utf8), context: context)
            } catch {
                fail(.unsupported("SCRAM: \(error)"), context: context)
            }
        case 12:  // SASL final
            guard let scram, let serverFinal = body.readString(length: body.readableBytes) else {
                return fail(.unsupported("unexpected SASL message"), context: context)
            }
            do { try scram.verify(serverFinal: serverFinal) } catch {
                fail(.unsupported("SCRAM: \(error)"), context: context)
            }
        default:
            fail(.unsupported("authentication method \(code)"), context: context)
        }
    }

    private func sendPassword(_ payload: [UInt8], context: ChannelHandlerContext) {
        var out = context.channel.allocator.buffer(capacity: payload.count + 5)
        out.writeInteger(UInt8(ascii: "p"))
        out.writeInteger(Int32(payload.count + 4))
        out.writeBytes(payload)
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    /// Parses and describes every statement, then syncs; builds each statement's `Bind` head meanwhile.
    private func prepare(context: ChannelHandlerContext) {
        phase = .preparing
        var out = context.channel.allocator.buffer(capacity: 1024)
        for statement in statements {
            Self.message("P", to: &out) { out in
                Self.writeCString(statement.name, to: &out)
                Self.writeCString(statement.sql, to: &out)
                out.writeInteger(Int16(1))
                out.writeInteger(PostgresDataType.uuid.rawValue)
            }
            Self.message("D", to: &out) { out in
                out.writeInteger(UInt8(ascii: "S"))
                Self.writeCString(statement.name, to: &out)
            }
            var head = context.channel.allocator.buffer(capacity: 32 + statement.name.utf8.count)
            let name = statement.name.utf8.count + 1
            head.writeInteger(UInt8(ascii: "B"))
            head.writeInteger(Int32(4 + 1 + name + 2 + 2 + 2 + 4 + 16 + 2 + 2))
            head.writeInteger(UInt8(0))  // the unnamed portal
            Self.writeCString(statement.name, to: &head)
            head.writeInteger(Int16(1))  // one parameter format code: binary
            head.writeInteger(Int16(1))
            head.writeInteger(Int16(1))  // one parameter of 16 bytes
            head.writeInteger(Int32(16))
            bindHeads.append(head)
        }
        Self.writeSync(&out)
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    // MARK: Wire helpers

    private static func message(_ type: Character, to out: inout ByteBuffer, _ body: (inout ByteBuffer) -> Void) {
        out.writeInteger(type.asciiValue!)
        let lengthAt = out.writerIndex
        out.writeInteger(Int32(0))
        body(&out)
        out.setInteger(Int32(out.writerIndex - lengthAt), at: lengthAt)
    }

    private static func writeSync(_ out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "S"))
        out.writeInteger(Int32(4))
    }

    private static func writeCString(_ string: String, to out: inout ByteBuffer) {
        out.writeString(string)
        out.writeInteger(UInt8(0))
    }

    private static func decodeRowDescription(_ body: inout ByteBuffer) -> [Column]? {
        guard let count = body.readInteger(as: Int16.self) else { return nil }
        var columns: [Column] = []
        for _ in 0..<count {
            guard let name = body.readNullTerminatedString(),
                body.readInteger(as: Int32.self) != nil, body.readInteger(as: Int16.self) != nil,
                let type = body.readInteger(as: UInt32.self),
                body.readInteger(as: Int16.self) != nil, body.readInteger(as: Int32.self) != nil,
                body.readInteger(as: Int16.self) != nil
            else { return nil }
            columns.append(Column(name: name, type: PostgresDataType(type)))
        }
        return columns
    }

    /// SQLSTATE, message, and whether the session ends (severity FATAL or PANIC).
    private static func decodeError(_ body: inout ByteBuffer) -> (String, String, Bool) {
        var sqlState = "XX000", message = "", fatal = false
        while let field = body.readInteger(as: UInt8.self), field != 0, let value = body.readNullTerminatedString() {
            switch field {
            case UInt8(ascii: "C"): sqlState = value
            case UInt8(ascii: "M"): message = value
            case UInt8(ascii: "V"): fatal = value == "FATAL" || value == "PANIC"
            default: break
            }
        }
        return (sqlState, message, fatal)
    }
}
