-- Competitions (DOMAIN.md §K, issue 4 point 8): a unit's posted need, sealed supplier quotes, evaluation at
-- the deadline by a background service, the award that creates the order at the quoted price; and the
-- credit blacklists that exclude suppliers from awards (§K3).
-- Conventions (STYLE.md §2.2): money in bigint fen, rates in basis points, states as text with a CHECK,
-- named constraints, an index on every foreign key.

-- DOMAIN.md §K3 (财库〔2016〕125号): a supplier on a credit blacklist (失信被执行人, 重大税收违法案件当事人名单,
-- 政府采购严重违法失信行为记录名单) cannot be awarded. Operators record entries and lift them; the entry is
-- kept, so the check made at an evaluation can be re-read later.
CREATE TABLE supplier_blacklist_entries (
    id           uuid PRIMARY KEY,
    supplier_id  uuid NOT NULL CONSTRAINT supplier_blacklist_supplier_fk REFERENCES organisations (id),
    list         text NOT NULL CONSTRAINT supplier_blacklist_list_check
                     CHECK (list IN ('dishonest_judgment_debtor', 'major_tax_violation', 'serious_illegal_dishonesty')),
    -- Where the listing was read: the list's case or record number.
    reference    text NOT NULL CONSTRAINT supplier_blacklist_reference_check CHECK (length(reference) BETWEEN 1 AND 200),
    listed_on    date NOT NULL,
    recorded_by  uuid NOT NULL CONSTRAINT supplier_blacklist_recorded_by_fk REFERENCES users (id),
    recorded_at  timestamptz NOT NULL,
    lifted_at    timestamptz,
    lifted_by    uuid CONSTRAINT supplier_blacklist_lifted_by_fk REFERENCES users (id),
    lift_reason  text,
    CONSTRAINT supplier_blacklist_lift_check
        CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
);
CREATE INDEX supplier_blacklist_supplier_idx ON supplier_blacklist_entries (supplier_id, recorded_at DESC, id DESC);
CREATE INDEX supplier_blacklist_recorded_by_idx ON supplier_blacklist_entries (recorded_by);
CREATE INDEX supplier_blacklist_lifted_by_idx ON supplier_blacklist_entries (lifted_by);

-- Human-readable competition numbers (STYLE.md §2.6).
CREATE SEQUENCE competition_no_seq;

-- DOMAIN.md §K1: the need a unit posts. The settings that applied at publication (minimum response time,
-- SME deduction) are stored with it, so a later configuration change never re-rates a running competition.
CREATE TABLE competitions (
    id                   uuid PRIMARY KEY,
    competition_no       text NOT NULL CONSTRAINT competitions_no_key UNIQUE,
    unit_id              uuid NOT NULL CONSTRAINT competitions_unit_fk REFERENCES organisations (id),
    region_code          char(6) NOT NULL CONSTRAINT competitions_region_fk REFERENCES regions (code),
    method               text NOT NULL CONSTRAINT competitions_method_check CHECK (method IN ('mall', 'second_bidding')),
    -- §F7: the framework agreement of a second bidding (the agreements migration adds its foreign key).
    agreement_id         uuid,
    category_code        text NOT NULL CONSTRAINT competitions_category_fk REFERENCES categories (code),
    title                text NOT NULL CONSTRAINT competitions_title_check CHECK (length(title) BETWEEN 1 AND 200),
    specs                jsonb NOT NULL DEFAULT '{}' CONSTRAINT competitions_specs_check CHECK (jsonb_typeof(specs) = 'object'),
    quantity             bigint NOT NULL CONSTRAINT competitions_quantity_check CHECK (quantity >= 1),
    unit                 text NOT NULL CONSTRAINT competitions_unit_check CHECK (length(unit) BETWEEN 1 AND 20),
    unit_ceiling_fen     bigint NOT NULL CONSTRAINT competitions_ceiling_check CHECK (unit_ceiling_fen > 0),
    budget_line_id       uuid NOT NULL CONSTRAINT competitions_budget_line_fk REFERENCES budget_lines (id),
    published_at         timestamptz NOT NULL,
    deadline             timestamptz NOT NULL,
    min_response_days    integer NOT NULL CONSTRAINT competitions_min_response_check CHECK (min_response_days >= 0),
    sme_deduction_bp     integer NOT NULL CONSTRAINT competitions_sme_deduction_check CHECK (sme_deduction_bp BETWEEN 0 AND 10000),
    state                text NOT NULL CONSTRAINT competitions_state_check
                             CHECK (state IN ('open', 'evaluated', 'failed', 'awarded', 'cancelled')),
    -- Set when the deadline service closes the competition: the ranking and exclusions (§K2, §K3).
    evaluated_at         timestamptz,
    result               jsonb,
    failure_reason       text,
    awarded_supplier_id  uuid CONSTRAINT competitions_awarded_supplier_fk REFERENCES organisations (id),
    awarded_quote_id     uuid,
    award_reason         text,
    awarded_at           timestamptz,
    awarded_by           uuid CONSTRAINT competitions_awarded_by_fk REFERENCES users (id),
    order_id             uuid CONSTRAINT competitions_order_fk REFERENCES orders (id),
    cancel_reason        text,
    cancelled_at         timestamptz,
    posted_by            uuid NOT NULL CONSTRAINT competitions_posted_by_fk REFERENCES users (id),
    version              integer NOT NULL DEFAULT 1,
    updated_at           timestamptz NOT NULL,
    CONSTRAINT competitions_deadline_check CHECK (deadline > published_at),
    CONSTRAINT competitions_awarded_check CHECK ((state = 'awarded') = (order_id IS NOT NULL)),
    CONSTRAINT competitions_cancelled_check CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL)),
    CONSTRAINT competitions_evaluated_check CHECK ((state IN ('open', 'cancelled')) = (evaluated_at IS NULL))
);
CREATE INDEX competitions_unit_idx ON competitions (unit_id, published_at DESC, id DESC);
CREATE INDEX competitions_region_idx ON competitions (region_code, published_at DESC, id DESC);
CREATE INDEX competitions_published_idx ON competitions (published_at DESC, id DESC);
-- Suppliers browse the open needs of a category; the deadline service finds the due ones.
CREATE INDEX competitions_open_category_idx ON competitions (category_code, published_at DESC, id DESC) WHERE state = 'open';
CREATE INDEX competitions_due_idx ON competitions (deadline) WHERE state = 'open';
CREATE INDEX competitions_category_idx ON competitions (category_code);
CREATE INDEX competitions_budget_line_idx ON competitions (budget_line_id);
CREATE INDEX competitions_awarded_supplier_idx ON competitions (awarded_supplier_id);
CREATE INDEX competitions_awarded_by_idx ON competitions (awarded_by);
CREATE INDEX competitions_order_idx ON competitions (order_id);
CREATE INDEX competitions_posted_by_idx ON competitions (posted_by);
CREATE INDEX competitions_agreement_idx ON competitions (agreement_id);

-- §F7: the suppliers invited to a restricted competition (second bidding: every admitted supplier of the
-- lot), each with the agreed unit price that caps its quote. A mall competition has no rows here: any
-- supplier with an approved listing of the category that delivers to the unit may quote.
CREATE TABLE competition_invitations (
    competition_id         uuid NOT NULL CONSTRAINT competition_invitations_competition_fk REFERENCES competitions (id),
    supplier_id            uuid NOT NULL CONSTRAINT competition_invitations_supplier_fk REFERENCES organisations (id),
    agreed_unit_price_fen  bigint CONSTRAINT competition_invitations_price_check CHECK (agreed_unit_price_fen > 0),
    CONSTRAINT competition_invitations_pkey PRIMARY KEY (competition_id, supplier_id)
);
CREATE INDEX competition_invitations_supplier_idx ON competition_invitations (supplier_id);

-- DOMAIN.md §K1: a sealed quote, one total for the whole need, offering one of the supplier's listings. A
-- supplier may quote again before the deadline; its latest quote counts (the earlier ones are kept).
CREATE TABLE competition_quotes (
    id                 uuid PRIMARY KEY,
    competition_id     uuid NOT NULL CONSTRAINT competition_quotes_competition_fk REFERENCES competitions (id),
    supplier_id        uuid NOT NULL CONSTRAINT competition_quotes_supplier_fk REFERENCES organisations (id),
    listing_id         uuid NOT NULL CONSTRAINT competition_quotes_listing_fk REFERENCES listings (id),
    total_fen          bigint NOT NULL CONSTRAINT competition_quotes_total_check CHECK (total_fen > 0),
    -- §G1: the supplier's size as declared when quoting, and the declared size of the manufacturer (goods).
    supplier_size      text NOT NULL CONSTRAINT competition_quotes_supplier_size_check
                           CHECK (supplier_size IN ('large', 'medium', 'small', 'micro')),
    manufacturer_size  text CONSTRAINT competition_quotes_manufacturer_size_check
                           CHECK (manufacturer_size IN ('large', 'medium', 'small', 'micro')),
    note               text,
    submitted_by       uuid NOT NULL CONSTRAINT competition_quotes_submitted_by_fk REFERENCES users (id),
    submitted_at       timestamptz NOT NULL
);
CREATE INDEX competition_quotes_competition_idx ON competition_quotes (competition_id, supplier_id, submitted_at DESC);
CREATE INDEX competition_quotes_supplier_idx ON competition_quotes (supplier_id, submitted_at DESC);
CREATE INDEX competition_quotes_listing_idx ON competition_quotes (listing_id);
CREATE INDEX competition_quotes_submitted_by_idx ON competition_quotes (submitted_by);
