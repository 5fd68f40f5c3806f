-- DOMAIN.md §X1, issue 6 point 7: a verifiable audit log. Every audit row gets a link in one hash chain:
--   hash(n) = SHA-256(hash(n − 1) ‖ audit_canonical(row))      hash(0) = 32 zero bytes
-- Links are written by a background sequencer (MallAPI AuditChainService, every GOVMALL_AUDIT_CHAIN_SECONDS),
-- not inside the request that wrote the row, so the chain never serialises order placement. It takes rows in
-- `seq` order among those committed and not yet linked, under an advisory lock; a row that commits late is
-- linked late, at a later position. `position` is the primary key and `prev_position` is unique, so two
-- sequencers can never fork the chain. `govmall verify-audit` recomputes every link.

-- The exact text a link covers: every column of the row, in a fixed order, NULL as '∅', timestamps in UTC
-- with microseconds, JSON in PostgreSQL's normalised jsonb text.
CREATE FUNCTION audit_canonical(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\x1f',
        a.seq::text, a.id::text,
        to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(a.actor_user_id::text, '∅'), coalesce(a.actor_org_id::text, '∅'),
        a.action, a.entity_type, coalesce(a.entity_id::text, '∅'), coalesce(a.region_code::text, '∅'),
        coalesce(a.before::text, '∅'), coalesce(a.after::text, '∅'), coalesce(a.request_id, '∅'))
$$;

CREATE TABLE audit_chain (
    position      bigint PRIMARY KEY CONSTRAINT audit_chain_position_check CHECK (position >= 1),
    prev_position bigint CONSTRAINT audit_chain_prev_key UNIQUE
                  CONSTRAINT audit_chain_prev_check CHECK (prev_position = position - 1),
    audit_seq     bigint NOT NULL CONSTRAINT audit_chain_seq_key UNIQUE
                  CONSTRAINT audit_chain_seq_fk REFERENCES audit_log (seq),
    prev_hash     bytea NOT NULL CONSTRAINT audit_chain_prev_hash_check CHECK (length(prev_hash) = 32),
    hash          bytea NOT NULL CONSTRAINT audit_chain_hash_check CHECK (length(hash) = 32),
    chained_at    timestamptz NOT NULL,
    CONSTRAINT audit_chain_first_check CHECK ((position = 1) = (prev_position IS NULL))
);

CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();

-- Rows written but not linked yet: the sequencer's queue. A row enters it in the transaction that writes it, so
-- it becomes visible exactly when the row commits (late commits included) and disappears with a rollback.
CREATE TABLE audit_pending (
    seq bigint PRIMARY KEY CONSTRAINT audit_pending_seq_fk REFERENCES audit_log (seq)
);
INSERT INTO audit_pending (seq) SELECT seq FROM audit_log;

CREATE FUNCTION audit_log_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_pending (seq) VALUES (NEW.seq);
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_log_enqueue AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_enqueue();
