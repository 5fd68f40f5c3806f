-- pgbench: the SELECT behind GET /api/v1/listings/{id} (issue 3 point 7): wrk's rate on the endpoint is
-- compared with this one (target: endpoint requests/s ≥ 0.5 × pgbench tx/s).
--   pgbench -n -M prepared -c 64 -j 2 -T 20 -D listings=N -f bench/catalog/listing.sql "$DATABASE_URL"
-- Mirrors ListingStore.listing(id:) (Sources/MallStore/ListingStore.swift: `columns` and the query);
-- keep the two in step. (The to_char format is spelled 'HH24' || ':' || 'MI' … because pgbench would
-- take :MI for a variable; PostgreSQL folds it to the same constant.) bench_listing_id(n)
-- (bench/catalog/generate.py) names generated listing n.
\set n random(1, :listings)
SELECT l.id, l.supplier_id, o.name, l.region_code::text, l.status, l.category_code, l.title, l.brand, l.model, l.specs::text, l.unit, l.price_fen, l.tiers::text, l.fees::text, l.delivery_regions, l.image_urls, l.green_certificates::text, l.government_only, l.stock, l.lead_time_days, l.green, l.poverty_county, l.version, l.reject_reason, l.delist_reason, l.price_flagged_at, l.created_at, l.updated_at, l.approved_at, to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || ':' || 'MI' || ':' || 'SS.US"Z"') FROM listings l JOIN organisations o ON o.id = l.supplier_id WHERE l.id = bench_listing_id(:n);
