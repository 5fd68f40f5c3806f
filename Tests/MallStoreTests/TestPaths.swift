import Foundation
import MallTestSupport

enum TestPaths {
    static let schema = TestDatabase.schemaDirectory
}
