-- The in-process search index (SearchIndex.swift) now also holds what a search hit shows, so that a search reads
-- no rows: besides the searched columns, a change of a listing's model, unit or lead time, and a rename of its
-- supplier's organisation, must reach the change log of 0013.

CREATE OR REPLACE FUNCTION govmall_log_listing_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listing_search_changes (listing_id)
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.status, o.approved_at, o.search_text, o.title, o.brand, o.category_code, o.price_fen, o.green,
           o.poverty_county, o.supplier_id, o.delivery_regions, o.model, o.unit, o.lead_time_days)
          IS DISTINCT FROM
          (n.status, n.approved_at, n.search_text, n.title, n.brand, n.category_code, n.price_fen, n.green,
           n.poverty_county, n.supplier_id, n.delivery_regions, n.model, n.unit, n.lead_time_days);
    RETURN NULL;
END
$$;

-- A renamed organisation: every listing it supplies shows the new name (listings_supplier_idx finds them).
CREATE FUNCTION govmall_log_supplier_renames() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO listing_search_changes (listing_id)
    SELECT l.id
    FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN listings l ON l.supplier_id = n.id
    WHERE n.name IS DISTINCT FROM o.name;
    RETURN NULL;
END
$$;
CREATE TRIGGER organisations_log_search_renames AFTER UPDATE ON organisations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION govmall_log_supplier_renames();
