-- pgbench, for information: all the SQL one GET /api/v1/listings/{id} by a buyer runs today, in one
-- transaction of three statements: the bearer token's session and user (Authenticator /
-- AccountStore.principal), the listing (ListingStore.listing) and its reference prices
-- (ListingStore.references). An operator or the owner adds the pending-revision query.
--   pgbench -n -M prepared -c 64 -j 2 -T 20 -D listings=N -D tokenhash='\x…' -f bench/catalog/request.sql "$DATABASE_URL"
-- tokenhash is the SHA-256 of a live session's bearer token, as bytea text (bench/catalog/run.sh sets it).
-- Keep the statements in step with the store; to_char's format is spelled 'HH24' || ':' || 'MI' … because
-- pgbench would take :MI for a variable.
\set n random(1, :listings)
SELECT u.id, u.username, u.display_name, u.roles, s.id, o.id, o.name, o.kind, o.region_code::text, o.enterprise_size FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id WHERE s.token_hash = :tokenhash::bytea AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled;
SELECT l.id, l.supplier_id, o.name, l.region_code::text, l.status, l.category_code, l.title, l.brand, l.model, l.specs::text, l.unit, l.price_fen, l.tiers::text, l.fees::text, l.delivery_regions, l.image_urls, l.green_certificates::text, l.government_only, l.stock, l.lead_time_days, l.green, l.poverty_county, l.version, l.reject_reason, l.delist_reason, l.price_flagged_at, l.created_at, l.updated_at, l.approved_at, to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || ':' || 'MI' || ':' || 'SS.US"Z"') FROM listings l JOIN organisations o ON o.id = l.supplier_id WHERE l.id = bench_listing_id(:n);
SELECT id, kind, source, url, price_fen, captured_at, created_at FROM reference_prices WHERE listing_id = bench_listing_id(:n) ORDER BY captured_at DESC, id LIMIT 100;
