-- bench/orders/setup.sql: the data of the orders benchmark (issue 4 point 9), written straight into a migrated
-- and seeded throwaway database by bench/orders/run.sh. Every id is md5('bench-…-' || n)::uuid, so the wrk
-- script (from the id files the run writes) and pgbench (bench/orders/place.sql, computing the same md5) address
-- the same rows.
--
--   psql -v units=256 -v suppliers=50 -v listings=1000 -f bench/orders/setup.sql "$DATABASE_URL"
--
-- * :suppliers suppliers of every size in Beijing; :listings approved listings of A02021004 (a mandatory green
--   category, so each carries a valid energy-saving certificate), 1 000 yuan with a declared installation fee
--   of 50 yuan per unit, nationwide delivery, stock enough for any run. Listing n belongs to supplier
--   1 + n % :suppliers, so listings k, k+1, k+2 belong to three suppliers: a 3-line cart makes 3 orders.
-- * :units purchasing units in 110101, each with one buyer, a session whose bearer token is
--   'bench-token-<n>' (stored as its SHA-256, as the server does) and a budget line of the current year.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO organisations (id, kind, name, region_code, enterprise_size, created_at)
SELECT md5('bench-supplier-' || n)::uuid, 'supplier', '压测供应商' || n, '110108',
       (ARRAY['large', 'medium', 'small', 'micro'])[1 + n % 4], now()
FROM generate_series(1, :suppliers) AS n;
INSERT INTO organisations (id, kind, name, region_code, created_at)
SELECT md5('bench-unit-' || n)::uuid, 'unit', '压测单位' || n, '110101', now()
FROM generate_series(1, :units) AS n;
-- No password: the benchmark users only use the sessions below.
INSERT INTO users (id, organisation_id, username, display_name, password_hash, roles, created_at)
SELECT md5('bench-user-' || n)::uuid, md5('bench-unit-' || n)::uuid, 'bench-buyer-' || n, '压测采购' || n, '!',
       ARRAY['buyer'], now()
FROM generate_series(1, :units) AS n;
INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at)
SELECT md5('bench-session-' || n)::uuid, md5('bench-user-' || n)::uuid,
       sha256(convert_to('bench-token-' || n, 'UTF8')), now(), now() + interval '1 day'
FROM generate_series(1, :units) AS n;
INSERT INTO budget_lines (id, unit_id, region_code, fiscal_year, project_name, category_prefix, amount_fen,
                          reserved_fen, created_by, created_at, updated_at)
SELECT md5('bench-budget-' || n)::uuid, md5('bench-unit-' || n)::uuid, '110101',
       extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int, '压测项目', '', 1000000000000000, 0,
       md5('bench-user-' || n)::uuid, now(), now()
FROM generate_series(1, :units) AS n;
INSERT INTO listings (id, supplier_id, region_code, category_code, status, title, brand, model, specs, unit,
                      price_fen, tiers, fees, stock, lead_time_days, delivery_regions, green_certificates, green,
                      green_until, duplicate_key, version, created_at, updated_at, approved_at)
SELECT md5('bench-listing-' || n)::uuid, md5('bench-supplier-' || (1 + n % :suppliers))::uuid, '110108',
       'A02021004', 'approved', '压测彩色激光打印机 ' || n, '惠普', 'BENCH-' || n, '{"幅面": "A4"}', '台', 100000,
       '[]', '[{"kind": "installation", "amountFen": 5000, "perUnit": true, "description": "上门安装"}]',
       1000000000, 3, '{}',
       '[{"kind": "energy_saving", "certifier": "中国质量认证中心", "number": "CQC-BENCH", "validUntil": "2030-12-31"}]',
       true, '2030-12-31', 'bench|' || n, 1, now(), now(), now()
FROM generate_series(1, :listings) AS n;
COMMIT;
ANALYZE;
