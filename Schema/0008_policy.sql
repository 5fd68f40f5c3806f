-- Policy tracking (DOMAIN.md §V, §G, §O5, §O6, §T, §C3; issue 6 points 1–5): 832 and green tags on order
-- lines, refunds, units' canteen filings, contract notices, the roll-up tables reports read, the mandatory
-- green violations, and the sources of the regulators' warnings feed.
-- Conventions (STYLE.md §2.2): money in bigint fen, rates in basis points, states as text with a CHECK,
-- named constraints, an index on every foreign key.

-- DOMAIN.md §V1: a product's origin county. NULL means the supplier's registered county.
ALTER TABLE listings ADD COLUMN origin_county char(6) CONSTRAINT listings_origin_county_fk REFERENCES regions (code);
CREATE INDEX listings_origin_county_idx ON listings (origin_county) WHERE origin_county IS NOT NULL;

-- Tags fixed when a line is written (the order date, §C5, §V1), so later changes to a listing, its
-- certificates or the county list never rewrite past reports:
--   poverty_county:   the county of the list in force (policy_settings.poverty_list_version) the product comes
--                     from (its origin county, else its supplier's county); NULL when not a 832 product;
--   green:            the listing had a green certificate (energy-saving or eco-label) valid on the order date;
--   energy_certified: of those, an energy-saving certificate (what a mandatory category requires, §C5);
--   green_list:       the category's place on the green lists (nearest ancestor with settings, category_lineage).
-- A trigger rather than the placement's INSERT sets them, so every channel that writes order lines (direct
-- purchase, agreements, competitions, bulk loads) is tagged the same way.
ALTER TABLE order_lines
    ADD COLUMN poverty_county char(6),
    ADD COLUMN green boolean NOT NULL DEFAULT false,
    ADD COLUMN energy_certified boolean NOT NULL DEFAULT false,
    ADD COLUMN green_list text NOT NULL DEFAULT 'none'
        CONSTRAINT order_lines_green_list_check CHECK (green_list IN ('none', 'priority', 'mandatory'));

CREATE FUNCTION order_lines_policy_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT CASE WHEN EXISTS (SELECT 1 FROM poverty_counties p JOIN policy_settings s
                                 ON s.key = 'poverty_list_version' AND s.value = p.list_version
                             WHERE p.code = coalesce(l.origin_county, o.region_code))
                THEN coalesce(l.origin_county, o.region_code) END,
           EXISTS (SELECT 1 FROM jsonb_array_elements(l.green_certificates) c
                   WHERE (c->>'validUntil')::date >= d.placed_on),
           EXISTS (SELECT 1 FROM jsonb_array_elements(l.green_certificates) c
                   WHERE c->>'kind' = 'energy_saving' AND (c->>'validUntil')::date >= d.placed_on)
      INTO NEW.poverty_county, NEW.green, NEW.energy_certified
      FROM listings l JOIN organisations o ON o.id = l.supplier_id,
           (SELECT coalesce((SELECT placed_on FROM orders WHERE id = NEW.order_id), current_date) AS placed_on) d
     WHERE l.id = NEW.listing_id;
    NEW.green := coalesce(NEW.green, false);
    NEW.energy_certified := coalesce(NEW.energy_certified, false);
    SELECT CASE WHEN cs.energy_saving = 'mandatory' THEN 'mandatory'
                WHEN cs.energy_saving = 'priority' OR cs.eco_label_priority THEN 'priority'
                ELSE 'none' END
      INTO NEW.green_list
      FROM unnest(category_lineage(NEW.category_code)) WITH ORDINALITY AS a(code, n)
      JOIN category_settings cs ON cs.category_code = a.code
     ORDER BY a.n
     LIMIT 1;
    NEW.green_list := coalesce(NEW.green_list, 'none');
    RETURN NEW;
END;
$$;
CREATE TRIGGER order_lines_policy_tags BEFORE INSERT ON order_lines
    FOR EACH ROW EXECUTE FUNCTION order_lines_policy_tags();

-- DOMAIN.md §V3: money given back on a paid order; progress and shares subtract it in the month of the refund.
CREATE TABLE refunds (
    id           uuid PRIMARY KEY,
    order_id     uuid NOT NULL CONSTRAINT refunds_order_fk REFERENCES orders (id),
    amount_fen   bigint NOT NULL CONSTRAINT refunds_amount_check CHECK (amount_fen > 0),
    refunded_on  date NOT NULL,
    reason       text NOT NULL CONSTRAINT refunds_reason_check CHECK (length(reason) BETWEEN 1 AND 500),
    created_by   uuid NOT NULL CONSTRAINT refunds_created_by_fk REFERENCES users (id),
    created_at   timestamptz NOT NULL
);
CREATE INDEX refunds_order_idx ON refunds (order_id, created_at, id);
CREATE INDEX refunds_created_by_idx ON refunds (created_by);

-- A refund spread over the order's lines (pro rata, largest remainder: MallCore RefundAllocation).
CREATE TABLE refund_lines (
    refund_id   uuid NOT NULL CONSTRAINT refund_lines_refund_fk REFERENCES refunds (id),
    order_id    uuid NOT NULL,
    line_no     integer NOT NULL,
    amount_fen  bigint NOT NULL CONSTRAINT refund_lines_amount_check CHECK (amount_fen >= 0),
    CONSTRAINT refund_lines_pkey PRIMARY KEY (refund_id, line_no),
    CONSTRAINT refund_lines_line_fk FOREIGN KEY (order_id, line_no) REFERENCES order_lines (order_id, line_no)
);
CREATE INDEX refund_lines_line_idx ON refund_lines (order_id, line_no);

-- DOMAIN.md §V2: a unit's yearly canteen-food filing; its parent department (or, without one, the operator)
-- approves or returns it. A returned filing stays as history; the unit files again.
CREATE TABLE canteen_filings (
    id                     uuid PRIMARY KEY,
    unit_id                uuid NOT NULL CONSTRAINT canteen_filings_unit_fk REFERENCES organisations (id),
    region_code            char(6) NOT NULL,
    -- The organisation whose approvers review it (the parent department); NULL: the operators.
    reviewer_org_id        uuid CONSTRAINT canteen_filings_reviewer_fk REFERENCES organisations (id),
    fiscal_year            integer NOT NULL CONSTRAINT canteen_filings_year_check CHECK (fiscal_year BETWEEN 2000 AND 2100),
    kind                   text NOT NULL CONSTRAINT canteen_filings_kind_check CHECK (kind IN ('canteen', 'no_canteen', 'shared')),
    food_budget_fen        bigint CONSTRAINT canteen_filings_budget_check CHECK (food_budget_fen > 0),
    reserved_ratio_bp      integer CONSTRAINT canteen_filings_ratio_check CHECK (reserved_ratio_bp BETWEEN 0 AND 10000),
    reserved_fen           bigint NOT NULL DEFAULT 0 CONSTRAINT canteen_filings_reserved_check CHECK (reserved_fen >= 0),
    representative_unit_id uuid CONSTRAINT canteen_filings_representative_fk REFERENCES organisations (id),
    state                  text NOT NULL CONSTRAINT canteen_filings_state_check
                               CHECK (state IN ('submitted', 'approved', 'returned')),
    -- Filed after the configured deadline (accepted, but shown).
    late                   boolean NOT NULL DEFAULT false,
    review_reason          text,
    reviewed_by            uuid CONSTRAINT canteen_filings_reviewed_by_fk REFERENCES users (id),
    reviewed_at            timestamptz,
    version                integer NOT NULL DEFAULT 1,
    created_by             uuid NOT NULL CONSTRAINT canteen_filings_created_by_fk REFERENCES users (id),
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CONSTRAINT canteen_filings_kind_fields_check CHECK (
        (kind = 'canteen' AND food_budget_fen IS NOT NULL AND reserved_ratio_bp IS NOT NULL
             AND representative_unit_id IS NULL)
        OR (kind = 'no_canteen' AND food_budget_fen IS NULL AND reserved_ratio_bp IS NULL
             AND representative_unit_id IS NULL AND reserved_fen = 0)
        OR (kind = 'shared' AND food_budget_fen IS NULL AND reserved_ratio_bp IS NULL
             AND representative_unit_id IS NOT NULL AND reserved_fen = 0))
);
CREATE UNIQUE INDEX canteen_filings_one_live ON canteen_filings (unit_id, fiscal_year) WHERE state <> 'returned';
CREATE INDEX canteen_filings_unit_idx ON canteen_filings (unit_id, created_at DESC, id DESC);
CREATE INDEX canteen_filings_region_idx ON canteen_filings (region_code, fiscal_year);
CREATE INDEX canteen_filings_reviewer_idx ON canteen_filings (reviewer_org_id);
CREATE INDEX canteen_filings_representative_idx ON canteen_filings (representative_unit_id);
CREATE INDEX canteen_filings_reviewed_by_idx ON canteen_filings (reviewed_by);
CREATE INDEX canteen_filings_created_by_idx ON canteen_filings (created_by);
CREATE INDEX canteen_filings_created_idx ON canteen_filings (created_at DESC, id DESC);

-- DOMAIN.md §O6: every order's contract notice, opened when the supplier confirms (the contract is signed),
-- due within N working days (§W1 calendar; provisional when the year's calendar is not loaded).
CREATE TABLE contract_notices (
    id                  uuid PRIMARY KEY,
    order_id            uuid NOT NULL CONSTRAINT contract_notices_order_key UNIQUE
                            CONSTRAINT contract_notices_order_fk REFERENCES orders (id),
    unit_id             uuid NOT NULL CONSTRAINT contract_notices_unit_fk REFERENCES organisations (id),
    supplier_id         uuid NOT NULL CONSTRAINT contract_notices_supplier_fk REFERENCES organisations (id),
    region_code         char(6) NOT NULL,
    signed_on           date NOT NULL,
    due_on              date NOT NULL,
    due_on_provisional  boolean NOT NULL DEFAULT false,
    published_on        date,
    published_at        timestamptz,
    published_by        uuid CONSTRAINT contract_notices_published_by_fk REFERENCES users (id),
    url                 text CONSTRAINT contract_notices_url_check CHECK (length(url) BETWEEN 1 AND 500),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL,
    CONSTRAINT contract_notices_published_check CHECK ((published_on IS NULL) = (published_at IS NULL))
);
CREATE INDEX contract_notices_unit_idx ON contract_notices (unit_id, created_at DESC, id DESC);
CREATE INDEX contract_notices_supplier_idx ON contract_notices (supplier_id);
CREATE INDEX contract_notices_region_idx ON contract_notices (region_code, due_on);
CREATE INDEX contract_notices_created_idx ON contract_notices (created_at DESC, id DESC);
CREATE INDEX contract_notices_published_by_idx ON contract_notices (published_by);
-- Late ones: published after the due date, or not published and past it (the feed's source).
CREATE INDEX contract_notices_due_idx ON contract_notices (due_on) WHERE published_on IS NULL OR published_on > due_on;

-- The facts every policy report is made of, one signed row per paid line (+, month of payment) and per refunded
-- line (−, month of the refund). The roll-ups below are sums of these rows; the triggers add a payment's or a
-- refund's rows in the transaction that writes them, and `policy_rollup_rebuild()` recomputes everything
-- (bench, repairs). Tests compare both with a GROUP BY over this view.
CREATE VIEW policy_line_measures AS
SELECT f.source, f.source_id, f.unit_id, f.region_code, f.month, f.order_id, f.line_no,
       f.amount_fen AS paid_fen,
       CASE WHEN f.supplier_size IN ('medium', 'small', 'micro') THEN f.amount_fen ELSE 0 END AS sme_fen,
       CASE WHEN f.supplier_size IN ('small', 'micro') THEN f.amount_fen ELSE 0 END AS small_micro_fen,
       CASE WHEN f.poverty_county IS NOT NULL THEN f.amount_fen ELSE 0 END AS poverty_fen,
       CASE WHEN f.green_list <> 'none' THEN f.amount_fen ELSE 0 END AS green_scope_fen,
       CASE WHEN f.green_list <> 'none' AND f.green THEN f.amount_fen ELSE 0 END AS green_fen,
       CASE WHEN f.green_list = 'mandatory' THEN f.amount_fen ELSE 0 END AS mandatory_fen,
       CASE WHEN f.green_list = 'mandatory' AND NOT f.energy_certified THEN f.amount_fen ELSE 0 END
           AS mandatory_uncertified_fen
FROM (
    SELECT 'payment'::text AS source, o.id AS source_id, o.unit_id, o.region_code,
           date_trunc('month', o.paid_on)::date AS month, o.id AS order_id, l.line_no, l.total_fen AS amount_fen,
           o.supplier_size, l.poverty_county, l.green, l.energy_certified, l.green_list
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.state = 'paid'
    UNION ALL
    SELECT 'refund'::text, r.id, o.unit_id, o.region_code, date_trunc('month', r.refunded_on)::date, o.id, l.line_no,
           -rl.amount_fen, o.supplier_size, l.poverty_county, l.green, l.energy_certified,
           l.green_list
    FROM refunds r JOIN refund_lines rl ON rl.refund_id = r.id
    JOIN orders o ON o.id = r.order_id
    JOIN order_lines l ON l.order_id = rl.order_id AND l.line_no = rl.line_no
) f;

-- Roll-up by buying unit and month (units, parent departments). Net amounts: a month with more refunds than
-- payments is negative.
CREATE TABLE policy_unit_months (
    unit_id                    uuid NOT NULL CONSTRAINT policy_unit_months_unit_fk REFERENCES organisations (id),
    month                      date NOT NULL CONSTRAINT policy_unit_months_month_check CHECK (extract(day FROM month) = 1),
    region_code                char(6) NOT NULL,
    paid_fen                   bigint NOT NULL DEFAULT 0,
    sme_fen                    bigint NOT NULL DEFAULT 0,
    small_micro_fen            bigint NOT NULL DEFAULT 0,
    poverty_fen                bigint NOT NULL DEFAULT 0,
    green_scope_fen            bigint NOT NULL DEFAULT 0,
    green_fen                  bigint NOT NULL DEFAULT 0,
    mandatory_fen              bigint NOT NULL DEFAULT 0,
    mandatory_uncertified_fen  bigint NOT NULL DEFAULT 0,
    CONSTRAINT policy_unit_months_pkey PRIMARY KEY (unit_id, month)
);
CREATE INDEX policy_unit_months_region_idx ON policy_unit_months (region_code, month);

-- Roll-up by the buying unit's region (as stored on the order) and month: regions read this; a province or
-- prefecture sums its counties' rows (by code prefix), never the order lines.
CREATE TABLE policy_region_months (
    region_code                char(6) NOT NULL,
    month                      date NOT NULL CONSTRAINT policy_region_months_month_check CHECK (extract(day FROM month) = 1),
    paid_fen                   bigint NOT NULL DEFAULT 0,
    sme_fen                    bigint NOT NULL DEFAULT 0,
    small_micro_fen            bigint NOT NULL DEFAULT 0,
    poverty_fen                bigint NOT NULL DEFAULT 0,
    green_scope_fen            bigint NOT NULL DEFAULT 0,
    green_fen                  bigint NOT NULL DEFAULT 0,
    mandatory_fen              bigint NOT NULL DEFAULT 0,
    mandatory_uncertified_fen  bigint NOT NULL DEFAULT 0,
    CONSTRAINT policy_region_months_pkey PRIMARY KEY (region_code, month)
);

-- DOMAIN.md §G3: paid lines of a mandatory energy-saving category without an energy-saving certificate valid on the
-- order date. Placement refuses such lines (§C5), so rows here come from channels that bypass that check.
CREATE TABLE policy_green_violations (
    order_id       uuid NOT NULL,
    line_no        integer NOT NULL,
    unit_id        uuid NOT NULL CONSTRAINT policy_green_violations_unit_fk REFERENCES organisations (id),
    supplier_id    uuid NOT NULL CONSTRAINT policy_green_violations_supplier_fk REFERENCES organisations (id),
    region_code    char(6) NOT NULL,
    category_code  text NOT NULL,
    title          text NOT NULL,
    amount_fen     bigint NOT NULL,
    paid_on        date NOT NULL,
    CONSTRAINT policy_green_violations_pkey PRIMARY KEY (order_id, line_no),
    CONSTRAINT policy_green_violations_line_fk FOREIGN KEY (order_id, line_no) REFERENCES order_lines (order_id, line_no)
);
CREATE INDEX policy_green_violations_region_idx ON policy_green_violations (region_code, paid_on DESC, order_id, line_no);
CREATE INDEX policy_green_violations_unit_idx ON policy_green_violations (unit_id);
CREATE INDEX policy_green_violations_supplier_idx ON policy_green_violations (supplier_id);

-- Adds the measures of one payment or one refund to both roll-ups (the same transaction as the change).
CREATE FUNCTION policy_rollup_add(p_source text, p_source_id uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO policy_unit_months AS r (unit_id, month, region_code, paid_fen, sme_fen, small_micro_fen, poverty_fen,
                                         green_scope_fen, green_fen, mandatory_fen, mandatory_uncertified_fen)
    SELECT m.unit_id, m.month, m.region_code, sum(m.paid_fen), sum(m.sme_fen), sum(m.small_micro_fen),
           sum(m.poverty_fen), sum(m.green_scope_fen), sum(m.green_fen), sum(m.mandatory_fen),
           sum(m.mandatory_uncertified_fen)
    FROM policy_line_measures m WHERE m.source = p_source AND m.source_id = p_source_id
    GROUP BY m.unit_id, m.month, m.region_code
    ON CONFLICT (unit_id, month) DO UPDATE SET
        paid_fen = r.paid_fen + EXCLUDED.paid_fen, sme_fen = r.sme_fen + EXCLUDED.sme_fen,
        small_micro_fen = r.small_micro_fen + EXCLUDED.small_micro_fen,
        poverty_fen = r.poverty_fen + EXCLUDED.poverty_fen,
        green_scope_fen = r.green_scope_fen + EXCLUDED.green_scope_fen, green_fen = r.green_fen + EXCLUDED.green_fen,
        mandatory_fen = r.mandatory_fen + EXCLUDED.mandatory_fen,
        mandatory_uncertified_fen = r.mandatory_uncertified_fen + EXCLUDED.mandatory_uncertified_fen;
    INSERT INTO policy_region_months AS r (region_code, month, paid_fen, sme_fen, small_micro_fen, poverty_fen,
                                           green_scope_fen, green_fen, mandatory_fen, mandatory_uncertified_fen)
    SELECT m.region_code, m.month, sum(m.paid_fen), sum(m.sme_fen), sum(m.small_micro_fen), sum(m.poverty_fen),
           sum(m.green_scope_fen), sum(m.green_fen), sum(m.mandatory_fen), sum(m.mandatory_uncertified_fen)
    FROM policy_line_measures m WHERE m.source = p_source AND m.source_id = p_source_id
    GROUP BY m.region_code, m.month
    ON CONFLICT (region_code, month) DO UPDATE SET
        paid_fen = r.paid_fen + EXCLUDED.paid_fen, sme_fen = r.sme_fen + EXCLUDED.sme_fen,
        small_micro_fen = r.small_micro_fen + EXCLUDED.small_micro_fen,
        poverty_fen = r.poverty_fen + EXCLUDED.poverty_fen,
        green_scope_fen = r.green_scope_fen + EXCLUDED.green_scope_fen, green_fen = r.green_fen + EXCLUDED.green_fen,
        mandatory_fen = r.mandatory_fen + EXCLUDED.mandatory_fen,
        mandatory_uncertified_fen = r.mandatory_uncertified_fen + EXCLUDED.mandatory_uncertified_fen;
END;
$$;

-- An order becomes paid (the only way into `paid`; `paid` is final, DOMAIN.md §O2).
CREATE FUNCTION orders_policy_paid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM policy_rollup_add('payment', NEW.id);
    INSERT INTO policy_green_violations (order_id, line_no, unit_id, supplier_id, region_code, category_code, title,
                                         amount_fen, paid_on)
    SELECT l.order_id, l.line_no, NEW.unit_id, NEW.supplier_id, NEW.region_code, l.category_code, l.title,
           l.total_fen, NEW.paid_on
    FROM order_lines l WHERE l.order_id = NEW.id AND l.green_list = 'mandatory' AND NOT l.energy_certified;
    RETURN NULL;
END;
$$;
CREATE TRIGGER orders_policy_paid AFTER UPDATE OF state ON orders
    FOR EACH ROW WHEN (NEW.state = 'paid' AND OLD.state IS DISTINCT FROM 'paid')
    EXECUTE FUNCTION orders_policy_paid();
CREATE TRIGGER orders_policy_paid_insert AFTER INSERT ON orders
    FOR EACH ROW WHEN (NEW.state = 'paid')
    EXECUTE FUNCTION orders_policy_paid();

-- A refund's lines are written in one statement after the refund row.
CREATE FUNCTION refund_lines_policy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    refund uuid;
BEGIN
    FOR refund IN SELECT DISTINCT refund_id FROM new_lines LOOP
        PERFORM policy_rollup_add('refund', refund);
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER refund_lines_policy AFTER INSERT ON refund_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION refund_lines_policy();

-- Recomputes both roll-ups and the violations from the raw rows in one INSERT … SELECT each (benchmark set-up,
-- repairs after a bulk load that bypassed the triggers).
CREATE FUNCTION policy_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM policy_unit_months;
    DELETE FROM policy_region_months;
    DELETE FROM policy_green_violations;
    INSERT INTO policy_unit_months (unit_id, month, region_code, paid_fen, sme_fen, small_micro_fen, poverty_fen,
                                    green_scope_fen, green_fen, mandatory_fen, mandatory_uncertified_fen)
    SELECT unit_id, month, min(region_code), sum(paid_fen), sum(sme_fen), sum(small_micro_fen), sum(poverty_fen),
           sum(green_scope_fen), sum(green_fen), sum(mandatory_fen), sum(mandatory_uncertified_fen)
    FROM policy_line_measures GROUP BY unit_id, month;
    INSERT INTO policy_region_months (region_code, month, paid_fen, sme_fen, small_micro_fen, poverty_fen,
                                      green_scope_fen, green_fen, mandatory_fen, mandatory_uncertified_fen)
    SELECT region_code, month, sum(paid_fen), sum(sme_fen), sum(small_micro_fen), sum(poverty_fen),
           sum(green_scope_fen), sum(green_fen), sum(mandatory_fen), sum(mandatory_uncertified_fen)
    FROM policy_unit_months GROUP BY region_code, month;
    INSERT INTO policy_green_violations (order_id, line_no, unit_id, supplier_id, region_code, category_code, title,
                                         amount_fen, paid_on)
    SELECT l.order_id, l.line_no, o.unit_id, o.supplier_id, o.region_code, l.category_code, l.title, l.total_fen,
           o.paid_on
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.state = 'paid' AND l.green_list = 'mandatory' AND NOT l.energy_certified;
END;
$$;
