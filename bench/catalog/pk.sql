-- pgbench: primary-key lookup baseline (issue 3 point 7): one listing by id, a few narrow columns.
-- Its p95 is the yardstick of the search target (search p95 ≤ 5 × this).
--   pgbench -n -M prepared -c 64 -j 2 -T 20 -D listings=N -f bench/catalog/pk.sql "$DATABASE_URL"
-- bench_listing_id(n) (created by bench/catalog/generate.py) is the id of generated listing n: a random
-- existing id for the price of a few to_hex/lpad calls, no second lookup.
\set n random(1, :listings)
SELECT id, status, price_fen FROM listings WHERE id = bench_listing_id(:n);
