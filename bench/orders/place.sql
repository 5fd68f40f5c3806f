-- pgbench script: the SQL of one POST /api/v1/orders with a 3-line cart (3 suppliers, so 3 orders), statement for
-- statement as the server sends it (AccountStore.principal, IdempotencyStore, OrderStore.place and its steps,
-- AuditStore), with the same data as bench/orders/place.lua. Run by bench/orders/run.sh:
--
--   pgbench -n -M prepared -c 64 -j 2 -T 20 -D units=256 -D suppliers=50 -D listings=1000 \
--     -f bench/orders/place.sql "$DATABASE_URL"
--
-- Values the server computes in Swift (ids, the idempotency key, the stored response, audit snapshots) are
-- computed in SQL here; the stored response is a text of the size the server stored for the probe order
-- (-D response_bytes). pgbench reads a colon followed by a name as a variable even inside a literal, so the
-- literals below avoid that shape (a space after JSON colons, chr(58) in the to_char format).
\set u random(1, :units)
\set k random(1, :listings)
\set k2 1 + :k % :listings
\set k3 1 + :k2 % :listings
\set s1 1 + :k % :suppliers
\set s2 1 + :k2 % :suppliers
\set s3 1 + :k3 % :suppliers
-- Authentication (outside the transaction).
SELECT u.id, u.username, u.display_name, u.roles, s.id, o.id, o.name, o.kind, o.region_code::text,
       o.enterprise_size
FROM sessions s
JOIN users u ON u.id = s.user_id
JOIN organisations o ON o.id = u.organisation_id
WHERE s.token_hash = sha256(convert_to('bench-token-' || :u, 'UTF8')) AND s.revoked_at IS NULL
  AND s.expires_at > now() AND NOT u.disabled;
BEGIN;
INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response_body, created_at)
VALUES (md5('bench-user-' || :u)::uuid, gen_random_uuid()::text, md5(random()::text) || md5(random()::text), 0, '',
        now())
ON CONFLICT (user_id, key) DO NOTHING
RETURNING key AS idem_key \gset
SELECT pg_advisory_xact_lock(hashtextextended('orders:' || md5('bench-unit-' || :u)::uuid::text, 0));
SELECT l.id, l.supplier_id, o.name, o.enterprise_size, l.status, l.price_flagged_at, l.category_code,
       l.title, l.brand, l.model, l.unit, l.price_fen, l.tiers::text, l.fees::text, l.delivery_regions,
       l.green_certificates::text, l.stock, l.lead_time_days,
       coalesce((SELECT cs.energy_saving FROM category_settings cs
                 WHERE cs.category_code = ANY (category_lineage(l.category_code))
                 ORDER BY array_position(category_lineage(l.category_code), cs.category_code) LIMIT 1),
                'none'),
       coalesce((SELECT cs.direct_purchase_allowed FROM category_settings cs
                 WHERE cs.category_code = ANY (category_lineage(l.category_code))
                 ORDER BY array_position(category_lineage(l.category_code), cs.category_code) LIMIT 1),
                true),
       (SELECT min(r.price_fen) FROM reference_prices r
        WHERE r.listing_id = l.id AND r.captured_at >= now() - interval '30 days')
FROM listings l JOIN organisations o ON o.id = l.supplier_id
WHERE l.id = ANY(ARRAY[md5('bench-listing-' || :k)::uuid, md5('bench-listing-' || :k2)::uuid,
                       md5('bench-listing-' || :k3)::uuid])
ORDER BY l.id
FOR UPDATE OF l;
SELECT fiscal_year, project_name, category_prefix, amount_fen, reserved_fen FROM budget_lines
WHERE id = md5('bench-budget-' || :u)::uuid AND unit_id = md5('bench-unit-' || :u)::uuid FOR UPDATE;
UPDATE budget_lines SET reserved_fen = reserved_fen + 315000, updated_at = now()
WHERE id = md5('bench-budget-' || :u)::uuid;
UPDATE listings l SET stock = l.stock - t.q
FROM unnest(ARRAY[md5('bench-listing-' || :k)::uuid, md5('bench-listing-' || :k2)::uuid,
                  md5('bench-listing-' || :k3)::uuid]::uuid[], ARRAY[1, 1, 1]::int8[]) AS t(id, q)
WHERE l.id = t.id AND l.stock >= t.q
RETURNING l.id;
SELECT gen_random_uuid() AS placement, gen_random_uuid() AS o1, gen_random_uuid() AS o2, gen_random_uuid() AS o3 \gset
INSERT INTO orders (id, order_no, placement_id, unit_id, supplier_id, region_code, budget_line_id, method,
                    state, amount_fen, fees_fen, total_fen, placed_by, placed_at, placed_on,
                    expected_delivery_on, supplier_size, payment_clock, agreed_term_days, payment_term_days,
                    agreed_daily_interest_bp, daily_interest_bp, version, updated_at)
SELECT i, 'GM' || to_char(now(), 'YYYYMMDD') || lpad(nextval('order_no_seq')::text, 8, '0'),
       :placement, md5('bench-unit-' || :u)::uuid, s, '110101', md5('bench-budget-' || :u)::uuid,
       'direct_purchase', 'placed', a, f, t, md5('bench-user-' || :u)::uuid, now(), current_date,
       ed::date, sz, 'delivery', NULL, d, NULL, 5, 1, now()
FROM unnest(ARRAY[:o1::uuid, :o2::uuid, :o3::uuid],
            ARRAY[md5('bench-supplier-' || :s1)::uuid, md5('bench-supplier-' || :s2)::uuid,
                  md5('bench-supplier-' || :s3)::uuid],
            ARRAY[100000, 100000, 100000]::int8[], ARRAY[5000, 5000, 5000]::int8[],
            ARRAY[105000, 105000, 105000]::int8[],
            ARRAY[(current_date + 3)::text, (current_date + 3)::text, (current_date + 3)::text],
            ARRAY['small', 'small', 'small']::text[], ARRAY[30, 30, 30]::int[])
    WITH ORDINALITY AS x(i, s, a, f, t, ed, sz, d, n)
ORDER BY n;
INSERT INTO order_lines (order_id, line_no, listing_id, category_code, title, brand, model, unit, quantity,
                         unit_price_fen, percent_off_bp, line_amount_fen, fees_fen, total_fen, breakdown)
SELECT o, n, l, c, ti, b, m, u, q, p, po, a, f, t, bd::jsonb
FROM unnest(ARRAY[:o1::uuid, :o2::uuid, :o3::uuid], ARRAY[1, 1, 1]::int[],
            ARRAY[md5('bench-listing-' || :k)::uuid, md5('bench-listing-' || :k2)::uuid,
                  md5('bench-listing-' || :k3)::uuid]::uuid[],
            ARRAY['A02021004', 'A02021004', 'A02021004']::text[],
            ARRAY['压测彩色激光打印机 ' || :k, '压测彩色激光打印机 ' || :k2, '压测彩色激光打印机 ' || :k3]::text[],
            ARRAY['惠普', '惠普', '惠普']::text[], ARRAY['BENCH-' || :k, 'BENCH-' || :k2, 'BENCH-' || :k3]::text[],
            ARRAY['台', '台', '台']::text[], ARRAY[1, 1, 1]::int8[], ARRAY[100000, 100000, 100000]::int8[],
            ARRAY[0, 0, 0]::int[], ARRAY[100000, 100000, 100000]::int8[], ARRAY[5000, 5000, 5000]::int8[],
            ARRAY[105000, 105000, 105000]::int8[],
            array_fill(('[{"afterFen": 100000, "beforeFen": 100000, "bound": false, "minQuantity": 0,'
            || ' "percentOff": 0, "reason": "base_price", "source": ""},'
            || '{"afterFen": 100000, "beforeFen": 100000, "bound": false, "minQuantity": 0,'
            || ' "percentOff": 0, "reason": "line_amount", "source": ""},'
            || '{"afterFen": 100000, "beforeFen": 100000, "bound": false, "minQuantity": 0,'
            || ' "percentOff": 0, "reason": "rounding", "source": "halfUp"},'
            || '{"afterFen": 105000, "beforeFen": 100000, "bound": true, "minQuantity": 0,'
            || ' "percentOff": 0, "reason": "installation_fee", "source": "上门安装"}]')::text, ARRAY[3]))
    AS x(o, n, l, c, ti, b, m, u, q, p, po, a, f, t, bd);
SELECT o.id, o.order_no, o.placement_id, o.unit_id, u.name, o.supplier_id, s.name, o.region_code::text,
       o.budget_line_id, b.project_name, b.fiscal_year, o.method, o.state, o.amount_fen, o.fees_fen, o.total_fen,
       o.placed_by, o.placed_at, to_char(o.placed_on, 'YYYY-MM-DD'), to_char(o.expected_delivery_on, 'YYYY-MM-DD'),
       o.supplier_size, o.payment_clock, o.agreed_term_days, o.payment_term_days, o.agreed_daily_interest_bp,
       o.daily_interest_bp, to_char(o.delivered_on, 'YYYY-MM-DD'), to_char(o.acceptance_on, 'YYYY-MM-DD'),
       o.acceptor_name, o.acceptance_result, o.acceptance_notes, to_char(o.due_on, 'YYYY-MM-DD'),
       o.due_on_provisional, o.paid_fen, to_char(o.paid_on, 'YYYY-MM-DD'), o.cancellation_requested_by,
       o.cancellation_reason, o.closing_reason, o.version, o.updated_at,
       to_char(o.placed_at AT TIME ZONE 'UTC', replace('YYYY-MM-DD"T"HH24#MI#SS.US"Z"', '#', chr(58)))
FROM orders o JOIN organisations u ON u.id = o.unit_id JOIN organisations s ON s.id = o.supplier_id
JOIN budget_lines b ON b.id = o.budget_line_id
WHERE o.placement_id = :placement ORDER BY o.order_no LIMIT 1000;
INSERT INTO audit_log (id, occurred_at, actor_user_id, actor_org_id, action, entity_type, entity_id,
                       region_code, before, after, request_id)
SELECT i, t, nullif(u, '')::uuid, nullif(o, '')::uuid, a, e, nullif(en, '')::uuid, nullif(r, ''),
       nullif(b, '')::jsonb, nullif(af, '')::jsonb, nullif(q, '')
FROM unnest(ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()], ARRAY[now(), now(), now()],
            array_fill(md5('bench-user-' || :u)::uuid::text, ARRAY[3]),
            array_fill(md5('bench-unit-' || :u)::uuid::text, ARRAY[3]),
            ARRAY['order.placed', 'order.placed', 'order.placed'], ARRAY['order', 'order', 'order'],
            ARRAY[:o1::text, :o2::text, :o3::text], ARRAY['110101', '110101', '110101'], ARRAY['', '', ''],
            array_fill(jsonb_build_object('orderNo', 'GM', 'state', 'placed', 'version', 1, 'totalFen', 105000,
                                          'placementId', :placement::text, 'budgetReservedFen', 315000)::text,
                       ARRAY[3]),
            ARRAY['pgbench', 'pgbench', 'pgbench'])
    WITH ORDINALITY AS x(i, t, u, o, a, e, en, r, b, af, q, n)
ORDER BY n;
-- §T1 approved exemptions of the unit's year and project (SplitExemptionStore.approvedGroups).
SELECT category_group FROM split_exemptions
WHERE unit_id = md5('bench-unit-' || :u)::uuid AND fiscal_year = extract(year FROM current_date)::int
  AND budget_project = '压测项目' AND state = 'approved';
-- §T1 history (one year and project, the cart's second-level groups), then §T2 history (the last 30 days).
SELECT o.id, to_char(o.placed_on, 'YYYY-MM-DD'), o.method, b.project_name, b.fiscal_year, l.category_code,
       l.total
FROM orders o JOIN budget_lines b ON b.id = o.budget_line_id
CROSS JOIN LATERAL (
    SELECT ol.category_code, sum(ol.total_fen)::int8 AS total FROM order_lines ol
    WHERE ol.order_id = o.id
      AND (ARRAY['A0202%']::text[] IS NULL OR ol.category_code LIKE ANY (ARRAY['A0202%']::text[]))
    GROUP BY ol.category_code
) AS l
WHERE o.unit_id = md5('bench-unit-' || :u)::uuid AND o.placement_id <> :placement
  AND o.state NOT IN ('rejected', 'cancelled')
  AND (extract(year FROM current_date)::int8 IS NULL OR b.fiscal_year = extract(year FROM current_date)::int8)
  AND ('压测项目'::text IS NULL OR b.project_name = '压测项目'::text)
  AND (NULL::text IS NULL OR o.placed_on >= NULL::text::date)
ORDER BY o.id
LIMIT 50000;
SELECT o.id, to_char(o.placed_on, 'YYYY-MM-DD'), o.method, b.project_name, b.fiscal_year, l.category_code,
       l.total
FROM orders o JOIN budget_lines b ON b.id = o.budget_line_id
CROSS JOIN LATERAL (
    SELECT ol.category_code, sum(ol.total_fen)::int8 AS total FROM order_lines ol
    WHERE ol.order_id = o.id
      AND (NULL::text[] IS NULL OR ol.category_code LIKE ANY (NULL::text[]))
    GROUP BY ol.category_code
) AS l
WHERE o.unit_id = md5('bench-unit-' || :u)::uuid AND o.placement_id <> :placement
  AND o.state NOT IN ('rejected', 'cancelled')
  AND (NULL::int8 IS NULL OR b.fiscal_year = NULL::int8)
  AND (NULL::text IS NULL OR b.project_name = NULL::text)
  AND ((current_date - 29)::text IS NULL OR o.placed_on >= (current_date - 29)::text::date)
ORDER BY o.id
LIMIT 50000;
SELECT order_id, line_no, listing_id, category_code, title, brand, model, unit, quantity, unit_price_fen,
       percent_off_bp, line_amount_fen, fees_fen, total_fen, breakdown::text
FROM order_lines WHERE order_id = ANY(ARRAY[:o1::uuid, :o2::uuid, :o3::uuid])
ORDER BY order_id, line_no LIMIT 100000;
UPDATE idempotency_keys SET status_code = 201, response_body = repeat('x', :response_bytes)
WHERE user_id = md5('bench-user-' || :u)::uuid AND key = :idem_key;
COMMIT;
