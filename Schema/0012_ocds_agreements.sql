-- Framework agreements in the open-data feed (DOMAIN.md §X2, §F; issue 6 point 6): each agreement's stage 1 is a
-- contracting process with one release per published change, all of one ocid (release ids `…-r1`, `…-r2`, …).
--
-- A row of kind 'agreement' is recorded, like an order's, in the transaction of the change and as its last write,
-- under the feed's advisory lock (see 0010): when the agreement becomes active (stage 'activated': the stage-1
-- results and the admitted suppliers with their agreed prices), when a supplier joins, leaves or is removed
-- ('joined', 'left', 'removed', §F10), when an agreed price is lowered ('price_lowered', §P4, §F11), and when the
-- term ends or the agreement is terminated ('expired', 'terminated'). `revision` numbers an agreement's releases
-- from 1, drawn under the lock.
--
-- Unlike an accepted order, an agreement keeps changing after it is published, so a row keeps what changes:
-- `admissions` holds the members as of the release (one object per member: `member` id, agreed `priceFen`,
-- `active`: still admitted, i.e. active or waiting for a withdrawal to be accepted; and `size`: the size the
-- supplier declared in its stage-1 bid, else its declared size when the row was recorded). What cannot change
-- during the term (§F4: title, kind, term, lots, stage-2 methods; the members' supplier, lot and admission) is
-- read from the agreement's tables when the release is built, as are organisation names.
ALTER TABLE ocds_releases
    DROP CONSTRAINT ocds_releases_kind_check,
    ADD CONSTRAINT ocds_releases_kind_check CHECK (kind IN ('order', 'agreement')),
    ADD COLUMN agreement_id uuid CONSTRAINT ocds_releases_agreement_fk REFERENCES agreements (id),
    ADD COLUMN revision integer,
    ADD COLUMN admissions jsonb,
    ADD CONSTRAINT ocds_releases_order_only_check
        CHECK (kind <> 'order' OR (agreement_id IS NULL AND revision IS NULL AND admissions IS NULL)),
    ADD CONSTRAINT ocds_releases_agreement_check
        CHECK (kind <> 'agreement'
               OR (agreement_id IS NOT NULL AND order_id IS NULL AND revision >= 1
                   AND jsonb_typeof(admissions) = 'array'
                   AND stage IN ('activated', 'joined', 'left', 'removed', 'price_lowered', 'expired', 'terminated'))),
    -- One release per agreement and revision; also the index of the agreement foreign key.
    ADD CONSTRAINT ocds_releases_agreement_revision_key UNIQUE (agreement_id, revision);

-- Agreements published before this migration (active, expired, or terminated after activation): one release each
-- with the facts as they are now, dated at their last change and never before a release already in the feed, in
-- the order of those changes.
INSERT INTO ocds_releases (kind, stage, agreement_id, revision, admissions, release_date)
SELECT 'agreement',
       CASE a.state WHEN 'active' THEN 'activated' ELSE a.state END,
       a.id, 1,
       coalesce((SELECT jsonb_agg(jsonb_build_object(
                        'member', m.id, 'priceFen', m.agreed_price_fen,
                        'active', m.status IN ('active', 'withdrawal_requested'),
                        'size', coalesce(p.supplier_size, s.enterprise_size))
                    ORDER BY m.lot_no, m.rotation_position)
                 FROM agreement_members m
                 JOIN organisations s ON s.id = m.supplier_id
                 LEFT JOIN agreement_responses p
                     ON p.agreement_id = m.agreement_id AND p.lot_no = m.lot_no AND p.supplier_id = m.supplier_id
                 WHERE m.agreement_id = a.id), '[]'::jsonb),
       greatest(a.updated_at, (SELECT max(r.release_date) FROM ocds_releases r))
FROM agreements a
WHERE a.activated_at IS NOT NULL AND a.state IN ('active', 'expired', 'terminated')
ORDER BY a.updated_at, a.id;
