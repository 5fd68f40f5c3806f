-- Read paths (issue 3 point 7), measured on 1 000 000 listings (docs/benchmarks.md): search tuning, and the
-- notices that let servers cache resolved principals without delaying revocation.
--
-- 1. JIT off for this database. Our statements are short OLTP reads and writes; PostgreSQL's JIT compiled
--    the broad searches anyway and added about 30 ms to each (EXPLAIN ANALYZE: "JIT … Total 31 ms").
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;

-- 2. Finer statistics for the columns search filters on, so the planner knows how common a character
--    bigram or a category is (most common elements of `search_grams`, most common `category_code` values)
--    and chooses between an ordered index walk and a bitmap scan accordingly. Takes effect at the next
--    ANALYZE (autovacuum, or bench/catalog/generate.py).
ALTER TABLE listings ALTER COLUMN search_grams SET STATISTICS 1000;
ALTER TABLE listings ALTER COLUMN category_code SET STATISTICS 1000;

-- 3. Principal cache invalidation. Servers keep resolved bearer tokens for a few seconds
--    (GOVMALL_PRINCIPAL_CACHE_SECONDS) and LISTEN on `govmall_auth`: a revoked or shortened session, and a
--    user disabled or given other roles or another organisation, is announced at commit and evicted at once.
CREATE FUNCTION govmall_notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('govmall_auth', 'session:' || NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER sessions_notify_change AFTER UPDATE OF revoked_at, expires_at, user_id ON sessions
    FOR EACH ROW EXECUTE FUNCTION govmall_notify_session_change();

CREATE FUNCTION govmall_notify_user_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('govmall_auth', 'user:' || NEW.id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER users_notify_change AFTER UPDATE OF disabled, roles, organisation_id, username, display_name ON users
    FOR EACH ROW EXECUTE FUNCTION govmall_notify_user_change();

-- Organisation changes (name, region, size) reach every member's cached principal.
CREATE FUNCTION govmall_notify_organisation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('govmall_auth', 'user:' || u.id::text) FROM users u WHERE u.organisation_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER organisations_notify_change AFTER UPDATE OF name, kind, region_code, enterprise_size ON organisations
    FOR EACH ROW EXECUTE FUNCTION govmall_notify_organisation_change();
