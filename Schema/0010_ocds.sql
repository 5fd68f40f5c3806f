-- Open data (DOMAIN.md §X2, issue 6 point 6): the feed of OCDS releases behind GET /api/v1/ocds/releases.
--
-- One row per published release: a mall order's release at acceptance and its release at payment (kind
-- 'order', stage 'accepted' or 'paid'). The row holds no content: the API builds the release from the order's
-- snapshot when it is read (MallStore OpenDataStore, MallCore OCDSReleaseBuilder). Framework agreements
-- (another kind, with an `agreement_id` column and their own stages) join the feed by widening the checks
-- below; their stage-2 orders already are orders.
--
-- The row is written in the transaction that accepts or pays the order (OrderStore.transition), so a release
-- is in the feed exactly when the order change commits: no lag. `since=` must never lose a release, so the
-- feed order (release_date, seq) must be the order in which rows become visible. Writers therefore take one
-- transaction-level advisory lock just before the insert, as the last write of the transaction, and hold it to
-- commit: `seq` is drawn under the lock, and `release_date` is the change's instant raised, if need be, to the
-- latest date already in the feed. A reader can thus never see a row and later see another one sort before
-- it. The lock serialises only the last statement and the commit of acceptances and payments (never order
-- placement) and needs READ COMMITTED (each statement sees what committed before it), the isolation every
-- order transaction uses.
CREATE TABLE ocds_releases (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL CONSTRAINT ocds_releases_kind_check CHECK (kind IN ('order')),
    stage         text NOT NULL,
    order_id      uuid CONSTRAINT ocds_releases_order_fk REFERENCES orders (id),
    -- The release's `date` (OCDS: when its information was first recorded): the acceptance or payment instant,
    -- never earlier than a row already in the feed.
    release_date  timestamptz NOT NULL,
    CONSTRAINT ocds_releases_order_check
        CHECK (kind <> 'order' OR (order_id IS NOT NULL AND stage IN ('accepted', 'paid'))),
    -- One release per order and stage; also the index of the order foreign key.
    CONSTRAINT ocds_releases_order_stage_key UNIQUE (order_id, stage)
);
-- The feed's order, its `since=` filter and its cursor.
CREATE INDEX ocds_releases_feed_idx ON ocds_releases (release_date, seq);

-- Orders accepted or paid before this migration: their releases, from the audit rows of the acceptance that
-- passed and of the payment, oldest first.
INSERT INTO ocds_releases (kind, stage, order_id, release_date)
SELECT 'order', x.stage, x.order_id, x.at
FROM (
    (SELECT DISTINCT ON (a.entity_id) a.entity_id AS order_id, 'accepted' AS stage, a.occurred_at AS at, a.seq
     FROM audit_log a JOIN orders o ON o.id = a.entity_id
     WHERE a.entity_type = 'order' AND a.action = 'order.record_acceptance' AND a.after ->> 'state' = 'accepted'
       AND o.state IN ('accepted', 'paid')
     ORDER BY a.entity_id, a.seq DESC)
    UNION ALL
    (SELECT DISTINCT ON (a.entity_id) a.entity_id, 'paid', a.occurred_at, a.seq
     FROM audit_log a JOIN orders o ON o.id = a.entity_id
     WHERE a.entity_type = 'order' AND a.action = 'order.pay' AND o.state = 'paid'
     ORDER BY a.entity_id, a.seq DESC)
) AS x
ORDER BY x.at, x.seq;
