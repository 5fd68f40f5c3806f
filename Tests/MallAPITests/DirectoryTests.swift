import Foundation
import HTTPTypes
import HummingbirdTesting
import MallAPI
import MallCore
import MallStore
import MallTestSupport
import NIOCore
import Testing

@Suite("Regions and organisations: who sees what, from the outside")
struct DirectoryTests {
    struct OrgBody: Decodable {
        var id: String
        var regionCode: String
        var kind: String
        var inPovertyCounty: Bool
    }

    struct PageBody<Item: Decodable>: Decodable {
        var items: [Item]
        var nextCursor: String?
    }

    struct RegionBody: Decodable {
        var code: String
        var name: String
        var povertyCounty: Bool
    }

    @Test("units and suppliers see their own organisation; another tenant's id answers 404")
    func ownOrganisationOnly() async throws {
        try await withApp { client, fixtures in
            let buyer = try await client.login("buyer-a")
            #expect(try await client.get("/api/v1/organisations/\(fixtures.unitA)", token: buyer).status == .ok)
            let foreign = try await client.get("/api/v1/organisations/\(fixtures.unitB)", token: buyer)
            #expect(foreign.status == .notFound)
            #expect(try foreign.problem().code == "resource.not_found")
            let supplier = try await client.login("sup-b")
            #expect(try await client.get("/api/v1/organisations/\(fixtures.supplierA)", token: supplier).status == .notFound)
            let org = try await client.get("/api/v1/organisations/\(fixtures.supplierB)", token: supplier).decode(OrgBody.self)
            #expect(org.inPovertyCounty)  // 130125 行唐县 is on the 832 list
            #expect(try await client.get("/api/v1/organisations/not-a-uuid", token: supplier).status == .notFound)
        }
    }

    @Test("a regulator sees its own region only, in lists and by id")
    func regulatorRegion() async throws {
        try await withApp { client, fixtures in
            let beijing = try await client.login("reg-bj")
            let page = try await client.get("/api/v1/organisations?limit=200", token: beijing).decode(PageBody<OrgBody>.self)
            #expect(!page.items.isEmpty)
            #expect(page.items.allSatisfy { $0.regionCode.hasPrefix("11") })
            #expect(try await client.get("/api/v1/organisations/\(fixtures.unitB)", token: beijing).status == .notFound)
            #expect(try await client.get("/api/v1/organisations/\(fixtures.unitA)", token: beijing).status == .ok)
            let outside = try await client.get("/api/v1/organisations?region=530000", token: beijing)
                .decode(PageBody<OrgBody>.self)
            #expect(outside.items.isEmpty)
            let yunnan = try await client.login("reg-yn")
            let yn = try await client.get("/api/v1/organisations", token: yunnan).decode(PageBody<OrgBody>.self)
            #expect(yn.items.map(\.id).sorted() == [fixtures.regulatorYunnan.description, fixtures.unitB.description].sorted())
        }
    }

    @Test("operators see every organisation, page by page with a cursor, and filter by kind")
    func operatorPaging() async throws {
        try await withApp { client, _ in
            let token = try await client.login("ops")
            var seen: [String] = []
            var cursor: String? = nil
            repeat {
                let uri = "/api/v1/organisations?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.get(uri, token: token).decode(PageBody<OrgBody>.self)
                #expect(page.items.count <= 2)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen).count == 7)
            let suppliers = try await client.get("/api/v1/organisations?kind=supplier", token: token)
                .decode(PageBody<OrgBody>.self)
            #expect(suppliers.items.count == 2 && suppliers.items.allSatisfy { $0.kind == "supplier" })
            let bad = try await client.get("/api/v1/organisations?kind=bank", token: token)
            #expect(bad.status == .badRequest)
            #expect(try bad.problem().code == "request.invalid_query")
            let forged = try await client.get("/api/v1/organisations?cursor=Zm9v", token: token)
            #expect(forged.status == .badRequest)
            #expect(try forged.problem().code == "request.invalid_cursor")
            let limit = try await client.get("/api/v1/organisations?limit=0", token: token)
            #expect(limit.status == .badRequest)
        }
    }

    @Test("regions: provinces, children, one region with its 832 flag, and paging")
    func regions() async throws {
        try await withApp { client, _ in
            let token = try await client.login("buyer-a")
            let provinces = try await client.get("/api/v1/regions?limit=200", token: token).decode(PageBody<RegionBody>.self)
            #expect(provinces.items.count == 34)
            #expect(provinces.nextCursor == nil)
            let first = try await client.get("/api/v1/regions?limit=10", token: token).decode(PageBody<RegionBody>.self)
            let cursor = try #require(first.nextCursor)
            let second = try await client.get("/api/v1/regions?limit=10&cursor=\(cursor)", token: token)
                .decode(PageBody<RegionBody>.self)
            #expect(second.items.first.map(\.code)! > first.items.last.map(\.code)!)  // both pages are full
            let hebei = try await client.get("/api/v1/regions?parent=130100&limit=200", token: token)
                .decode(PageBody<RegionBody>.self)
            #expect(hebei.items.contains { $0.code == "130125" && $0.povertyCounty })
            let one = try await client.get("/api/v1/regions/130125", token: token).decode(RegionBody.self)
            #expect(one.name == "行唐县" && one.povertyCounty)
            #expect(try await client.get("/api/v1/regions/999999", token: token).status == .notFound)
            #expect(try await client.get("/api/v1/regions?parent=13", token: token).status == .badRequest)
        }
    }
}

@Suite("Seeding")
struct SeedTests {
    @Test("the demo world loads, its users can sign in, and seeding twice changes nothing")
    func seedTwice() async throws {
        try await TestDatabase.withDatabase { database in
            let accounts = AccountStore(database: database, ids: IDGenerator { UUID() })
            let hasher = PasswordHasher(cost: 4)
            let first = try await DemoWorld.seed(accounts: accounts, hasher: hasher, now: Date(), logger: TestDatabase.logger)
            #expect(first.organisations == DemoWorld.organisations.count)
            #expect(first.users == DemoWorld.logins.count)
            let second = try await DemoWorld.seed(accounts: accounts, hasher: hasher, now: Date(), logger: TestDatabase.logger)
            #expect(second == (0, 0))
            let reference = try await ReferenceDataStore(database: database).load(
                from: TestDatabase.dataDirectory, now: Date(), logger: TestDatabase.logger)
            #expect(reference == ReferenceDataStore.LoadReport())
            // Every size of supplier, and suppliers in 832 counties.
            let sizes = Set(DemoWorld.organisations.compactMap(\.org.enterpriseSize))
            #expect(sizes == Set(EnterpriseSize.allCases))
            let poverty = try await accounts.organisations(
                kind: .supplier, within: nil, after: nil, limit: 100, logger: TestDatabase.logger
            ).filter(\.isPovertyCounty)
            #expect(poverty.count >= 2)
            let credentials = try #require(try await accounts.credentials(username: "buyer1", logger: TestDatabase.logger))
            #expect(try await hasher.verify(DemoWorld.password, hash: credentials.passwordHash))
        }
    }
}
