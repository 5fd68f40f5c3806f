-- bench/policy/setup.sql: the data of the policy-report benchmark (issue 6 point 5), written straight into a
-- migrated and seeded throwaway database by bench/policy/run.sh.
--
--   psql -v orders=2500000 -v units=5000 -v suppliers=1000 -f bench/policy/setup.sql "$DATABASE_URL"
--
-- * :units purchasing units spread over every county of the shipped region table (all provinces); one unit in
--   ten is the parent department of the nine after it. Each has a user and a budget line per year, and an
--   approved canteen filing for 2024, 2025 and 2026 (reserved = budget × ratio, half up).
-- * :suppliers suppliers of every size; one in five is registered in an 832 county of the list in force. Each
--   sells four listings: vegetables (A07031201, in no green list), a printer (A02021004, mandatory energy-saving:
--   certified, except for 2 % of suppliers), a bed (A05010101, eco-label priority: certified for half of the
--   suppliers), a desktop computer (A02010105, mandatory).
-- * :orders orders of four lines each (one per listing of the supplier; 10 000 000 lines for 2 500 000 orders),
--   placed over 2024-01-01 … 2026-12-31 (1 096 days); 85 % paid 20 days after placement, the rest in other states.
--   One paid order in 97 has a partial refund 10 days after its payment.
-- * An operator and a regulator of 四川省 (510000, the province with most counties), with sessions whose bearer
--   tokens are 'pb-ops-token' and 'pb-reg-token' (stored as their SHA-256, as the server does).
--
-- Lines are written the way a bulk load would: with `session_replication_role = replica`, so no trigger runs
-- (neither the line tagging nor the roll-up triggers nor foreign-key checks); the tags are set here from the same
-- rules, and run.sh then calls policy_rollup_rebuild(), the documented repair path, which it also times.
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';

CREATE TEMP TABLE pb_counties AS
SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM regions WHERE level = 'county';
CREATE TEMP TABLE pb_poor AS
SELECT row_number() OVER (ORDER BY p.code) - 1 AS i, p.code
FROM poverty_counties p JOIN policy_settings s ON s.key = 'poverty_list_version' AND s.value = p.list_version;

BEGIN;
-- Operator, regulator and their sessions.
INSERT INTO organisations (id, kind, name, region_code, created_at) VALUES
    (md5('pb-ops')::uuid, 'operator', '压测采购中心', '110000', now()),
    (md5('pb-reg')::uuid, 'regulator', '四川省财政厅', '510000', now());
INSERT INTO users (id, organisation_id, username, display_name, password_hash, roles, created_at) VALUES
    (md5('pb-ops-user')::uuid, md5('pb-ops')::uuid, 'pb-ops', '压测运营', '!', ARRAY['operator'], now()),
    (md5('pb-reg-user')::uuid, md5('pb-reg')::uuid, 'pb-reg', '压测监管', '!', ARRAY['regulator'], now());
INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at) VALUES
    (md5('pb-ops-session')::uuid, md5('pb-ops-user')::uuid, sha256(convert_to('pb-ops-token', 'UTF8')), now(),
     now() + interval '1 day'),
    (md5('pb-reg-session')::uuid, md5('pb-reg-user')::uuid, sha256(convert_to('pb-reg-token', 'UTF8')), now(),
     now() + interval '1 day');

-- Units: unit n sits in county (n × 37) mod count; units 1, 11, 21, … are departments of the nine that follow.
CREATE TEMP TABLE pb_units AS
SELECT n, md5('pb-unit-' || n)::uuid AS id, c.code AS region_code,
       CASE WHEN n % 10 <> 1 THEN md5('pb-unit-' || (n - (n - 1) % 10))::uuid END AS parent_id
FROM generate_series(1, :units) AS n
JOIN pb_counties c ON c.i = (n * 37) % (SELECT count(*) FROM pb_counties);
ANALYZE pb_units;
INSERT INTO organisations (id, kind, name, region_code, parent_id, created_at)
SELECT id, 'unit', '压测单位' || n, region_code, parent_id, now() FROM pb_units;
INSERT INTO users (id, organisation_id, username, display_name, password_hash, roles, created_at)
SELECT md5('pb-user-' || n)::uuid, id, 'pb-buyer-' || n, '压测采购' || n, '!', ARRAY['buyer', 'approver'], now()
FROM pb_units;
INSERT INTO budget_lines (id, unit_id, region_code, fiscal_year, project_name, category_prefix, amount_fen,
                          reserved_fen, created_by, created_at, updated_at)
SELECT md5('pb-budget-' || u.n || '-' || y)::uuid, u.id, u.region_code, y, '压测项目', '', 1000000000000000, 0,
       md5('pb-user-' || u.n)::uuid, now(), now()
FROM pb_units u CROSS JOIN generate_series(2024, 2026) AS y;
INSERT INTO canteen_filings (id, unit_id, region_code, reviewer_org_id, fiscal_year, kind, food_budget_fen,
                             reserved_ratio_bp, reserved_fen, state, late, reviewed_by, reviewed_at, version,
                             created_by, created_at, updated_at)
SELECT md5('pb-filing-' || u.n || '-' || y)::uuid, u.id, u.region_code, u.parent_id, y, 'canteen',
       1000000 + (u.n % 100) * 10000, 1000 + (u.n % 5) * 250,
       round((1000000 + (u.n % 100) * 10000)::numeric * (1000 + (u.n % 5) * 250) / 10000)::bigint,
       'approved', false, md5('pb-ops-user')::uuid, now(), 2, md5('pb-user-' || u.n)::uuid, now(), now()
FROM pb_units u CROSS JOIN generate_series(2024, 2026) AS y;

-- Suppliers: one in five in an 832 county.
CREATE TEMP TABLE pb_suppliers AS
SELECT n, md5('pb-supplier-' || n)::uuid AS id, (ARRAY['large', 'medium', 'small', 'micro'])[1 + n % 4] AS size,
       CASE WHEN n % 5 = 0 THEN (SELECT code FROM pb_poor WHERE i = (n / 5) % (SELECT count(*) FROM pb_poor))
            ELSE (SELECT code FROM pb_counties WHERE i = (n * 53) % (SELECT count(*) FROM pb_counties)) END AS county,
       n % 5 = 0 AS poor
FROM generate_series(1, :suppliers) AS n;
ANALYZE pb_suppliers;
INSERT INTO organisations (id, kind, name, region_code, enterprise_size, created_at)
SELECT id, 'supplier', '压测供应商' || n, county, size, now() FROM pb_suppliers;

-- The four products (c = 0…3) and their green rules.
CREATE TEMP TABLE pb_products (c int, category text, title text, unit text, base_fen bigint, list text);
INSERT INTO pb_products VALUES
    (0, 'A07031201', '有机蔬菜', '千克', 1000, 'none'),
    (1, 'A02021004', '彩色激光打印机', '台', 300000, 'mandatory'),
    (2, 'A05010101', '钢木双层床', '张', 100000, 'priority'),
    (3, 'A02010105', '台式计算机', '台', 500000, 'mandatory');
CREATE TEMP TABLE pb_listings AS
SELECT s.n AS s, p.c, md5('pb-listing-' || s.n || '-' || p.c)::uuid AS id, p.category, p.title, p.unit,
       p.base_fen + (s.n % 50) * 100 AS price_fen, p.list,
       CASE p.c WHEN 0 THEN NULL WHEN 2 THEN CASE WHEN s.n % 2 = 0 THEN 'eco_label' END
                ELSE CASE WHEN s.n % 50 <> 0 THEN 'energy_saving' END END AS certificate,
       CASE WHEN s.poor THEN s.county END AS poverty_county, s.id AS supplier_id, s.county
FROM pb_suppliers s CROSS JOIN pb_products p;
CREATE INDEX ON pb_listings (s, c);
ANALYZE pb_listings;
-- An order's amount depends only on its supplier and n mod 12 (line k: listing (n + k) mod 4, quantity
-- 1 + (n + k) mod 3): one row per pair, joined by hash instead of summing four lines per order.
CREATE TEMP TABLE pb_amounts AS
SELECT l.s, r, sum(l.price_fen * (1 + (r + k) % 3))::bigint AS amount
FROM generate_series(0, 11) AS r CROSS JOIN generate_series(1, 4) AS k
JOIN pb_listings l ON l.c = (r + k) % 4
GROUP BY l.s, r;
ANALYZE pb_amounts;
INSERT INTO listings (id, supplier_id, region_code, category_code, status, title, brand, model, specs, unit,
                      price_fen, tiers, fees, stock, lead_time_days, delivery_regions, green_certificates, green,
                      green_until, poverty_county, duplicate_key, version, created_at, updated_at, approved_at)
SELECT id, supplier_id, county, category, 'approved', title || ' ' || s, '压测', 'PB-' || s || '-' || c,
       '{}', unit, price_fen, '[]', '[]', 1000000000, 3, '{}',
       CASE WHEN certificate IS NULL THEN '[]'::jsonb
            ELSE jsonb_build_array(jsonb_build_object('kind', certificate, 'certifier', '中国质量认证中心',
                                                      'number', 'PB', 'validUntil', '2030-12-31')) END,
       certificate IS NOT NULL, CASE WHEN certificate IS NOT NULL THEN date '2030-12-31' END,
       poverty_county IS NOT NULL, 'pb|' || s || '|' || c, 1, now(), now(), now()
FROM pb_listings;
COMMIT;

-- Orders: order n is placed by unit 1 + (n × 7919) mod :units with supplier 1 + (n × 104729) mod :suppliers.
BEGIN;
CREATE TEMP TABLE pb_orders AS
SELECT n, 1 + (n * 7919) % :units AS u, 1 + (n * 104729) % :suppliers AS s,
       date '2024-01-01' + (n % 1096)::int AS placed_on,
       CASE WHEN n % 100 < 85 THEN 'paid' WHEN n % 100 < 90 THEN 'accepted' WHEN n % 100 < 95 THEN 'delivered'
            WHEN n % 100 < 98 THEN 'placed' ELSE 'cancelled' END AS state
FROM generate_series(1::bigint, :orders) AS n;
ANALYZE pb_orders;
INSERT INTO orders (id, order_no, placement_id, unit_id, supplier_id, region_code, budget_line_id, method, state,
                    amount_fen, fees_fen, total_fen, placed_by, placed_at, placed_on, expected_delivery_on,
                    supplier_size, payment_clock, payment_term_days, daily_interest_bp, delivered_on, due_on,
                    paid_fen, paid_on, version, updated_at)
SELECT md5('pb-order-' || o.n)::uuid, 'PB' || lpad(o.n::text, 10, '0'), md5('pb-order-' || o.n)::uuid, u.id, s.id,
       u.region_code, md5('pb-budget-' || u.n || '-' || extract(year FROM o.placed_on))::uuid, 'direct_purchase',
       o.state, a.amount, 0, a.amount, md5('pb-user-' || u.n)::uuid, o.placed_on::timestamp AT TIME ZONE '+08:00',
       o.placed_on, o.placed_on + 3, s.size, 'delivery', 30, 5,
       CASE WHEN o.state IN ('paid', 'accepted', 'delivered') THEN o.placed_on + 3 END,
       CASE WHEN o.state IN ('paid', 'accepted', 'delivered') THEN o.placed_on + 33 END,
       CASE WHEN o.state = 'paid' THEN a.amount END, CASE WHEN o.state = 'paid' THEN o.placed_on + 20 END,
       1, now()
FROM pb_orders o JOIN pb_units u ON u.n = o.u JOIN pb_suppliers s ON s.n = o.s
JOIN pb_amounts a ON a.s = o.s AND a.r = o.n % 12;
COMMIT;

-- Lines: line k of order n is listing (n + k) mod 4 of its supplier, quantity 1 + (n + k) mod 3, tagged as the
-- line trigger would tag it.
BEGIN;
INSERT INTO order_lines (order_id, line_no, listing_id, category_code, title, brand, model, unit, quantity,
                         unit_price_fen, percent_off_bp, line_amount_fen, fees_fen, total_fen, breakdown,
                         poverty_county, green, energy_certified, green_list)
SELECT md5('pb-order-' || o.n)::uuid, k, l.id, l.category, l.title, '压测', 'PB-' || l.s || '-' || l.c, l.unit,
       1 + (o.n + k) % 3, l.price_fen, 0, l.price_fen * (1 + (o.n + k) % 3), 0, l.price_fen * (1 + (o.n + k) % 3),
       '[]', l.poverty_county, l.certificate IS NOT NULL, coalesce(l.certificate = 'energy_saving', false), l.list
FROM pb_orders o CROSS JOIN generate_series(1, 4) AS k
JOIN pb_listings l ON l.s = o.s AND l.c = (o.n + k) % 4;
COMMIT;

-- Refunds: half of line 1 of every 97th paid order, 10 days after payment.
BEGIN;
INSERT INTO refunds (id, order_id, amount_fen, refunded_on, reason, created_by, created_at)
SELECT md5('pb-refund-' || o.n)::uuid, md5('pb-order-' || o.n)::uuid, greatest(l.total_fen / 2, 1),
       o.placed_on + 30, '压测退款', md5('pb-ops-user')::uuid, now()
FROM pb_orders o JOIN order_lines l ON l.order_id = md5('pb-order-' || o.n)::uuid AND l.line_no = 1
WHERE o.state = 'paid' AND o.n % 97 = 0;
INSERT INTO refund_lines (refund_id, order_id, line_no, amount_fen)
SELECT r.id, r.order_id, 1, r.amount_fen FROM refunds r WHERE r.reason = '压测退款';
COMMIT;
RESET session_replication_role;
