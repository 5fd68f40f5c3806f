-- The servers' in-process search index (issue 3 points 6 and 7, SearchIndex.swift) stays current through this
-- change log: every statement that inserts, deletes, or changes a searchable column of listings records the
-- listing ids it touched, with the id of the writing transaction (`xid`).
--
-- A server remembers the snapshot its index reflects (`pg_current_snapshot()`); before answering a search it asks
-- for the changes of every transaction that snapshot did not see (`pg_visible_in_snapshot`) and re-reads those
-- listings. Transactions commit out of order, so a sequence number alone could skip a late commit; a snapshot
-- cannot. Rows older than a day are pruned by the servers (a server that falls further behind reloads in full).
CREATE TABLE listing_search_changes (
    xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    listing_id  uuid NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listing_search_changes_xid_idx ON listing_search_changes (xid);
CREATE INDEX listing_search_changes_changed_at_idx ON listing_search_changes (changed_at);

-- Statement-level triggers with transition tables: a bulk import logs its rows in one INSERT … SELECT.
CREATE FUNCTION govmall_log_listing_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listing_search_changes (listing_id) SELECT n.id FROM new_rows n;
    RETURN NULL;
END
$$;
CREATE TRIGGER listings_log_search_inserts AFTER INSERT ON listings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION govmall_log_listing_inserts();

CREATE FUNCTION govmall_log_listing_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listing_search_changes (listing_id) SELECT o.id FROM old_rows o;
    RETURN NULL;
END
$$;
CREATE TRIGGER listings_log_search_deletes AFTER DELETE ON listings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION govmall_log_listing_deletes();

-- Only what the index holds: stock, versions and review notes change often and are not searched.
CREATE FUNCTION govmall_log_listing_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listing_search_changes (listing_id)
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.status, o.approved_at, o.search_text, o.title, o.brand, o.category_code, o.price_fen, o.green,
           o.poverty_county, o.supplier_id, o.delivery_regions)
          IS DISTINCT FROM
          (n.status, n.approved_at, n.search_text, n.title, n.brand, n.category_code, n.price_fen, n.green,
           n.poverty_county, n.supplier_id, n.delivery_regions);
    RETURN NULL;
END
$$;
CREATE TRIGGER listings_log_search_updates AFTER UPDATE ON listings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION govmall_log_listing_updates();
