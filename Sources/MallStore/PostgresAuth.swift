import Crypto
import Foundation

/// The password exchanges of PostgreSQL's protocol 3.0 that ``PipelinedConnection`` speaks: cleartext, MD5 and
/// SCRAM-SHA-256 (RFC 5802 and RFC 7677, without channel binding). Pure functions, so tests can check them against
/// the RFC's worked example.
enum PostgresAuth {
    /// The answer to `AuthenticationMD5Password`: `md5` and the hex of md5(hex(md5(password + user)) + salt).
    static func md5Response(user: String, password: String, salt: [UInt8]) -> String {
        let inner = Insecure.MD5.hash(data: Array((password + user).utf8)).hexString
        return "md5" + Insecure.MD5.hash(data: Array(inner.utf8) + salt).hexString
    }

    /// One SCRAM-SHA-256 exchange from the client's side.
    struct SCRAM {
        let username: String
        let password: String
        let clientNonce: String
        /// `client-first-message-bare`. PostgreSQL takes the user from the startup message and ignores `n=`, which
        /// is left empty (as libpq does); RFC 7677's example names its user.
        var clientFirstBare: String { "n=\(username),r=\(clientNonce)" }
        /// `client-first-message`: no channel binding (`n,,`).
        var clientFirst: String { "n,,\(clientFirstBare)" }
        /// The server signature the final message must carry, known once ``clientFinal(serverFirst:)`` ran.
        private(set) var expectedServerSignature: [UInt8]?

        init(username: String = "", password: String, clientNonce: String = SCRAM.makeNonce()) {
            self.username = username
            self.password = password
            self.clientNonce = clientNonce
        }

        static func makeNonce() -> String {
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<18).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            return Data(bytes).base64EncodedString()
        }

        enum Failure: Error, Equatable { case malformedServerMessage, nonceMismatch, serverSignatureMismatch }

        /// `client-final-message` for the server's first message (`r=…,s=…,i=…`).
        mutating func clientFinal(serverFirst: String) throws(Failure) -> String {
            var fields: [Character: Substring] = [:]
            for part in serverFirst.split(separator: ",") where part.count >= 2 && part.dropFirst().first == "=" {
                fields[part.first!] = part.dropFirst(2)
            }
            guard let nonce = fields["r"], let saltText = fields["s"], let salt = Data(base64Encoded: String(saltText)),
                let iterationsText = fields["i"], let iterations = Int(iterationsText), iterations >= 1
            else { throw .malformedServerMessage }
            guard nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else { throw .nonceMismatch }
            let salted = Self.hi(password: Array(password.utf8), salt: Array(salt), iterations: iterations)
            let clientKey = Self.hmac(key: salted, Array("Client Key".utf8))
            let storedKey = Array(SHA256.hash(data: clientKey))
            let withoutProof = "c=biws,r=\(nonce)"
            let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
            let signature = Self.hmac(key: storedKey, authMessage)
            let proof = zip(clientKey, signature).map { $0 ^ $1 }
            let serverKey = Self.hmac(key: salted, Array("Server Key".utf8))
            expectedServerSignature = Self.hmac(key: serverKey, authMessage)
            return "\(withoutProof),p=\(Data(proof).base64EncodedString())"
        }

        /// Checks the server's final message (`v=…`): the server proves it knew the password too.
        func verify(serverFinal: String) throws(Failure) {
            guard serverFinal.hasPrefix("v="), let signature = Data(base64Encoded: String(serverFinal.dropFirst(2)))
            else { throw .malformedServerMessage }
            guard let expectedServerSignature, Array(signature) == expectedServerSignature else {
                throw .serverSignatureMismatch
            }
        }

        static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
            Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        }

        /// `Hi()` of RFC 5802: PBKDF2 with HMAC-SHA-256, one block.
        static func hi(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
            let key = SymmetricKey(data: password)
            var block = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
            var result = block
            for _ in 1..<iterations {
                block = Array(HMAC<SHA256>.authenticationCode(for: block, using: key))
                for index in result.indices { result[index] ^= block[index] }
            }
            return result
        }
    }
}
