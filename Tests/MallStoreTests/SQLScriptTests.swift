import MallStore
import Testing

@Suite("SQLScript splits migration files the way PostgreSQL reads them")
struct SQLScriptTests {
    @Test("semicolons inside strings, identifiers, comments and dollar bodies do not split")
    func quoting() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE "odd;name" (a text DEFAULT 'x;y', b text DEFAULT 'it''s; fine');
            /* block; /* nested; */ still comment; */
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                RAISE NOTICE 'a;b';
                RETURN NEW;
            END;
            $body$;
            INSERT INTO t VALUES (E'back\\'slash;', $$dollar;$$);
            SELECT $1::int;
            """
        let statements = SQLScript.statements(script)
        #expect(statements.count == 4)
        #expect(statements[0].hasPrefix("-- a comment; with a semicolon\nCREATE TABLE \"odd;name\""))
        #expect(statements[1].contains("RAISE NOTICE 'a;b';"))
        #expect(statements[1].hasSuffix("$body$"))
        #expect(statements[2] == #"INSERT INTO t VALUES (E'back\'slash;', $$dollar;$$)"#)
        #expect(statements[3] == "SELECT $1::int")
    }

    @Test("empty and comment-only pieces are dropped")
    func empties() {
        #expect(SQLScript.statements(";;  \n-- only a comment\n; /* x */ ;").isEmpty)
        #expect(SQLScript.statements("SELECT 1") == ["SELECT 1"])
    }

    @Test("the no-transaction header is read only from the leading comment block")
    func header() {
        #expect(SQLScript.wantsNoTransaction("-- govmall:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);"))
        #expect(SQLScript.wantsNoTransaction("-- intro\n--  govmall: no-transaction\nSELECT 1;"))
        #expect(!SQLScript.wantsNoTransaction("SELECT 1;\n-- govmall:no-transaction"))
    }

    @Test("every shipped migration splits into statements")
    func shippedMigrations() throws {
        let migrator = try Migrator(directory: TestPaths.schema)
        #expect(!migrator.files.isEmpty)
        for file in migrator.files { #expect(!SQLScript.statements(file.sql).isEmpty, "\(file.name)") }
        #expect(migrator.files.map(\.version) == Array(1...migrator.files.count))
    }
}
