-- bench/policy/raw.sql: the baseline of the policy-report benchmark (issue 6 point 5): each report computed the
-- plain way, a GROUP BY over the raw order lines (paid lines in the month of payment, refunded parts in the month
-- of the refund) for every request, instead of the roll-ups. bench/policy/run.sh runs each section (between
-- `-- name:` markers) on its own and times it; each answers what one API request of the run answers.

-- name: sme_by_province_2025
-- GET /api/v1/reports/sme?period=2025&by=region (operator): every province.
SELECT left(f.region_code, 2) || '0000' AS province, sum(f.amount) AS paid,
       sum(f.amount) FILTER (WHERE f.size <> 'large') AS sme,
       sum(f.amount) FILTER (WHERE f.size IN ('small', 'micro')) AS small_micro
FROM (
    SELECT o.region_code, o.supplier_size AS size, o.paid_on AS day, l.total_fen AS amount
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.state = 'paid' AND o.paid_on BETWEEN '2025-01-01' AND '2025-12-31'
    UNION ALL
    SELECT o.region_code, o.supplier_size, r.refunded_on, -rl.amount_fen
    FROM refunds r JOIN refund_lines rl ON rl.refund_id = r.id JOIN orders o ON o.id = r.order_id
    WHERE r.refunded_on BETWEEN '2025-01-01' AND '2025-12-31'
) f
GROUP BY 1 ORDER BY 1;

-- name: poverty_sichuan_by_prefecture_2025
-- GET /api/v1/reports/poverty?period=2025 (regulator of 四川省 510000): its prefectures, paid 832 products
-- against the approved filings.
WITH paid AS (
    SELECT left(f.region_code, 4) || '00' AS prefecture, sum(f.amount) AS paid
    FROM (
        SELECT o.region_code, l.total_fen AS amount
        FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.state = 'paid' AND o.paid_on BETWEEN '2025-01-01' AND '2025-12-31'
          AND o.region_code BETWEEN '510000' AND '519999' AND l.poverty_county IS NOT NULL
        UNION ALL
        SELECT o.region_code, -rl.amount_fen
        FROM refunds r JOIN refund_lines rl ON rl.refund_id = r.id JOIN orders o ON o.id = r.order_id
        JOIN order_lines l ON l.order_id = rl.order_id AND l.line_no = rl.line_no
        WHERE r.refunded_on BETWEEN '2025-01-01' AND '2025-12-31'
          AND o.region_code BETWEEN '510000' AND '519999' AND l.poverty_county IS NOT NULL
    ) f
    GROUP BY 1
), reserved AS (
    SELECT left(region_code, 4) || '00' AS prefecture, sum(reserved_fen) AS reserved
    FROM canteen_filings
    WHERE state = 'approved' AND fiscal_year = 2025 AND region_code BETWEEN '510000' AND '519999'
    GROUP BY 1
)
SELECT coalesce(p.prefecture, r.prefecture), coalesce(r.reserved, 0), coalesce(p.paid, 0)
FROM paid p FULL JOIN reserved r ON r.prefecture = p.prefecture ORDER BY 1;

-- name: green_by_unit_2025
-- GET /api/v1/reports/green?period=2025&by=unit (operator): every unit.
SELECT f.unit_id, sum(f.amount) FILTER (WHERE f.list <> 'none') AS scope,
       sum(f.amount) FILTER (WHERE f.list <> 'none' AND f.green) AS green,
       sum(f.amount) FILTER (WHERE f.list = 'mandatory') AS mandatory,
       sum(f.amount) FILTER (WHERE f.list = 'mandatory' AND NOT f.energy) AS uncertified
FROM (
    SELECT o.unit_id, l.green_list AS list, l.green, l.energy_certified AS energy, l.total_fen AS amount
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.state = 'paid' AND o.paid_on BETWEEN '2025-01-01' AND '2025-12-31'
    UNION ALL
    SELECT o.unit_id, l.green_list, l.green, l.energy_certified, -rl.amount_fen
    FROM refunds r JOIN refund_lines rl ON rl.refund_id = r.id JOIN orders o ON o.id = r.order_id
    JOIN order_lines l ON l.order_id = rl.order_id AND l.line_no = rl.line_no
    WHERE r.refunded_on BETWEEN '2025-01-01' AND '2025-12-31'
) f
GROUP BY 1 ORDER BY 1;

-- name: poverty_trend_sichuan_2025
-- GET /api/v1/reports/poverty/trend?year=2025 (regulator of 四川省): paid 832 products per month.
SELECT date_trunc('month', f.day)::date AS month, sum(f.amount)
FROM (
    SELECT o.paid_on AS day, l.total_fen AS amount
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.state = 'paid' AND o.paid_on BETWEEN '2025-01-01' AND '2025-12-31'
      AND o.region_code BETWEEN '510000' AND '519999' AND l.poverty_county IS NOT NULL
    UNION ALL
    SELECT r.refunded_on, -rl.amount_fen
    FROM refunds r JOIN refund_lines rl ON rl.refund_id = r.id JOIN orders o ON o.id = r.order_id
    JOIN order_lines l ON l.order_id = rl.order_id AND l.line_no = rl.line_no
    WHERE r.refunded_on BETWEEN '2025-01-01' AND '2025-12-31'
      AND o.region_code BETWEEN '510000' AND '519999' AND l.poverty_county IS NOT NULL
) f
GROUP BY 1 ORDER BY 1;
