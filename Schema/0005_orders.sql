-- Orders (DOMAIN.md §O, §T, §S, issue 4): budget lines of purchasing units, orders (one per supplier) with
-- their priced lines, splitting warnings, ratings and supplier credit events.
-- Conventions (STYLE.md §2.2): money in bigint fen, rates in basis points, states as text with a CHECK,
-- named constraints, an index on every foreign key, region_code on orders.

-- DOMAIN.md §O4: a unit's budget line (year, amount, category scope, project). `reserved_fen` is what the
-- unit's live and paid orders hold; cancelling or rejecting an order gives its total back.
CREATE TABLE budget_lines (
    id               uuid PRIMARY KEY,
    unit_id          uuid NOT NULL CONSTRAINT budget_lines_unit_fk REFERENCES organisations (id),
    region_code      char(6) NOT NULL,
    fiscal_year      integer NOT NULL CONSTRAINT budget_lines_year_check CHECK (fiscal_year BETWEEN 2000 AND 2100),
    project_name     text NOT NULL CONSTRAINT budget_lines_project_check CHECK (length(project_name) BETWEEN 1 AND 200),
    -- A category code prefix the line may buy (`A02` 设备, `A0201` 信息化设备); '' buys any category.
    category_prefix  text NOT NULL DEFAULT ''
                         CONSTRAINT budget_lines_category_check CHECK (category_prefix ~ '^([ABC][0-9]{0,8})?$'),
    amount_fen       bigint NOT NULL CONSTRAINT budget_lines_amount_check CHECK (amount_fen > 0),
    reserved_fen     bigint NOT NULL DEFAULT 0,
    created_by       uuid NOT NULL CONSTRAINT budget_lines_created_by_fk REFERENCES users (id),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT budget_lines_reserved_check CHECK (reserved_fen >= 0 AND reserved_fen <= amount_fen)
);
CREATE INDEX budget_lines_unit_idx ON budget_lines (unit_id, created_at DESC, id DESC);
CREATE INDEX budget_lines_created_by_idx ON budget_lines (created_by);

-- Human-readable order numbers (STYLE.md §2.6: a separate column from the id).
CREATE SEQUENCE order_no_seq;

-- DOMAIN.md §O1, §O2, §O5: one unit's purchase from one supplier. The lifecycle facts are columns; the
-- payment terms are fixed at placement (the supplier's size at contract time).
CREATE TABLE orders (
    id                        uuid PRIMARY KEY,
    order_no                  text NOT NULL CONSTRAINT orders_order_no_key UNIQUE,
    -- The orders placed by one request share a placement id (one per supplier, §O1).
    placement_id              uuid NOT NULL,
    unit_id                   uuid NOT NULL CONSTRAINT orders_unit_fk REFERENCES organisations (id),
    supplier_id               uuid NOT NULL CONSTRAINT orders_supplier_fk REFERENCES organisations (id),
    region_code               char(6) NOT NULL CONSTRAINT orders_region_fk REFERENCES regions (code),
    budget_line_id            uuid NOT NULL CONSTRAINT orders_budget_line_fk REFERENCES budget_lines (id),
    method                    text NOT NULL DEFAULT 'direct_purchase' CONSTRAINT orders_method_check
                                  CHECK (method IN ('direct_purchase', 'competition', 'framework_agreement', 'tender')),
    state                     text NOT NULL CONSTRAINT orders_state_check
                                  CHECK (state IN ('placed', 'confirmed', 'rejected', 'shipped', 'delivered',
                                                   'accepted', 'acceptance_failed', 'paid', 'cancelled')),
    amount_fen                bigint NOT NULL CONSTRAINT orders_amount_check CHECK (amount_fen >= 0),
    fees_fen                  bigint NOT NULL CONSTRAINT orders_fees_check CHECK (fees_fen >= 0),
    total_fen                 bigint NOT NULL,
    placed_by                 uuid NOT NULL CONSTRAINT orders_placed_by_fk REFERENCES users (id),
    placed_at                 timestamptz NOT NULL,
    placed_on                 date NOT NULL,
    -- The latest delivery date the listings' lead times promise (placed_on + the longest lead time).
    expected_delivery_on      date NOT NULL,
    -- §O5, fixed at contract time.
    supplier_size             text NOT NULL CONSTRAINT orders_supplier_size_check
                                  CHECK (supplier_size IN ('large', 'medium', 'small', 'micro')),
    payment_clock             text NOT NULL CONSTRAINT orders_payment_clock_check
                                  CHECK (payment_clock IN ('delivery', 'acceptance')),
    agreed_term_days          integer CONSTRAINT orders_agreed_term_check CHECK (agreed_term_days >= 0),
    payment_term_days         integer NOT NULL CONSTRAINT orders_term_check CHECK (payment_term_days >= 0),
    agreed_daily_interest_bp  integer CONSTRAINT orders_agreed_interest_check CHECK (agreed_daily_interest_bp >= 0),
    daily_interest_bp         integer NOT NULL CONSTRAINT orders_interest_check CHECK (daily_interest_bp >= 0),
    -- Lifecycle facts (§O2).
    delivered_on              date,
    acceptance_on             date,
    acceptor_name             text,
    acceptance_result         text CONSTRAINT orders_acceptance_result_check
                                  CHECK (acceptance_result IN ('passed', 'failed')),
    acceptance_notes          text,
    -- §O5: set when the payment clock starts. Provisional (calendar days, not moved to a working day) when
    -- the period ends in a year whose holiday calendar is not loaded: §W1 says flag it, never guess silently.
    due_on                    date,
    due_on_provisional        boolean NOT NULL DEFAULT false,
    paid_fen                  bigint CONSTRAINT orders_paid_check CHECK (paid_fen >= 0),
    paid_on                   date,
    cancellation_requested_by text CONSTRAINT orders_cancellation_by_check
                                  CHECK (cancellation_requested_by IN ('unit', 'supplier')),
    cancellation_reason       text,
    closing_reason            text,
    version                   integer NOT NULL DEFAULT 1,
    updated_at                timestamptz NOT NULL,
    CONSTRAINT orders_total_check CHECK (total_fen = amount_fen + fees_fen),
    CONSTRAINT orders_paid_state_check CHECK ((state = 'paid') = (paid_on IS NOT NULL))
);
CREATE INDEX orders_unit_idx ON orders (unit_id, placed_at DESC, id DESC);
CREATE INDEX orders_supplier_idx ON orders (supplier_id, placed_at DESC, id DESC);
CREATE INDEX orders_region_idx ON orders (region_code, placed_at DESC, id DESC);
CREATE INDEX orders_placed_idx ON orders (placed_at DESC, id DESC);
CREATE INDEX orders_budget_line_idx ON orders (budget_line_id);
CREATE INDEX orders_placed_by_idx ON orders (placed_by);
CREATE INDEX orders_placement_idx ON orders (placement_id);
-- Unpaid orders whose payment clock has started: the overdue list (§O5).
CREATE INDEX orders_due_idx ON orders (due_on) WHERE due_on IS NOT NULL AND state <> 'paid';

-- DOMAIN.md §O1: each line priced at placement, with the engine's ordered breakdown (§P1).
CREATE TABLE order_lines (
    order_id        uuid NOT NULL CONSTRAINT order_lines_order_fk REFERENCES orders (id),
    line_no         integer NOT NULL CONSTRAINT order_lines_line_no_check CHECK (line_no >= 1),
    listing_id      uuid NOT NULL CONSTRAINT order_lines_listing_fk REFERENCES listings (id),
    category_code   text NOT NULL CONSTRAINT order_lines_category_fk REFERENCES categories (code),
    title           text NOT NULL,
    brand           text NOT NULL,
    model           text NOT NULL,
    unit            text NOT NULL,
    quantity        bigint NOT NULL CONSTRAINT order_lines_quantity_check CHECK (quantity > 0),
    unit_price_fen  bigint NOT NULL CONSTRAINT order_lines_unit_price_check CHECK (unit_price_fen >= 0),
    percent_off_bp  integer NOT NULL CONSTRAINT order_lines_percent_off_check CHECK (percent_off_bp BETWEEN 0 AND 9999),
    line_amount_fen bigint NOT NULL CONSTRAINT order_lines_amount_check CHECK (line_amount_fen >= 0),
    fees_fen        bigint NOT NULL CONSTRAINT order_lines_fees_check CHECK (fees_fen >= 0),
    total_fen       bigint NOT NULL,
    breakdown       jsonb NOT NULL CONSTRAINT order_lines_breakdown_check CHECK (jsonb_typeof(breakdown) = 'array'),
    CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, line_no),
    CONSTRAINT order_lines_total_check CHECK (total_fen = line_amount_fen + fees_fen)
);
CREATE INDEX order_lines_listing_idx ON order_lines (listing_id);
CREATE INDEX order_lines_category_idx ON order_lines (category_code);

-- DOMAIN.md §T: a splitting warning raised at placement, never a silent pass; visible to the regulators of
-- the unit's region.
CREATE TABLE split_warnings (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL CONSTRAINT split_warnings_kind_check
                        CHECK (kind IN ('split_suspected', 'split_suspected_near_limit')),
    rule            text NOT NULL CONSTRAINT split_warnings_rule_check CHECK (rule IN ('§T1', '§T2')),
    threshold       text NOT NULL CONSTRAINT split_warnings_threshold_check
                        CHECK (threshold IN ('public_tender', 'procurement', 'direct_purchase_max')),
    threshold_fen   bigint NOT NULL CONSTRAINT split_warnings_threshold_fen_check CHECK (threshold_fen >= 0),
    sum_fen         bigint NOT NULL CONSTRAINT split_warnings_sum_check CHECK (sum_fen >= 0),
    unit_id         uuid NOT NULL CONSTRAINT split_warnings_unit_fk REFERENCES organisations (id),
    region_code     char(6) NOT NULL,
    category_code   text NOT NULL,
    budget_project  text,
    fiscal_year     integer,
    triggered_by    uuid NOT NULL CONSTRAINT split_warnings_triggered_by_fk REFERENCES orders (id),
    message         text NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX split_warnings_unit_idx ON split_warnings (unit_id);
CREATE INDEX split_warnings_region_idx ON split_warnings (region_code, created_at DESC, id DESC);
CREATE INDEX split_warnings_created_idx ON split_warnings (created_at DESC, id DESC);
CREATE INDEX split_warnings_triggered_by_idx ON split_warnings (triggered_by);

-- The orders that caused each warning (§T2: "warnings list the orders that caused them").
CREATE TABLE split_warning_orders (
    warning_id  uuid NOT NULL CONSTRAINT split_warning_orders_warning_fk REFERENCES split_warnings (id),
    order_id    uuid NOT NULL CONSTRAINT split_warning_orders_order_fk REFERENCES orders (id),
    position    integer NOT NULL,
    CONSTRAINT split_warning_orders_pkey PRIMARY KEY (warning_id, order_id)
);
CREATE INDEX split_warning_orders_order_idx ON split_warning_orders (order_id);

-- DOMAIN.md §O7: the unit's rating of the supplier after acceptance, once per order.
CREATE TABLE order_ratings (
    order_id     uuid PRIMARY KEY CONSTRAINT order_ratings_order_fk REFERENCES orders (id),
    supplier_id  uuid NOT NULL CONSTRAINT order_ratings_supplier_fk REFERENCES organisations (id),
    delivery     smallint NOT NULL CONSTRAINT order_ratings_delivery_check CHECK (delivery BETWEEN 1 AND 5),
    quality      smallint NOT NULL CONSTRAINT order_ratings_quality_check CHECK (quality BETWEEN 1 AND 5),
    service      smallint NOT NULL CONSTRAINT order_ratings_service_check CHECK (service BETWEEN 1 AND 5),
    comment      text,
    rated_by     uuid NOT NULL CONSTRAINT order_ratings_rated_by_fk REFERENCES users (id),
    rated_at     timestamptz NOT NULL
);
CREATE INDEX order_ratings_supplier_idx ON order_ratings (supplier_id);
CREATE INDEX order_ratings_rated_by_idx ON order_ratings (rated_by);

-- DOMAIN.md §S1: typed events behind a supplier's credit score; the score is computed from them.
CREATE TABLE credit_events (
    id           uuid PRIMARY KEY,
    supplier_id  uuid NOT NULL CONSTRAINT credit_events_supplier_fk REFERENCES organisations (id),
    kind         text NOT NULL CONSTRAINT credit_events_kind_check
                     CHECK (kind IN ('rating', 'price_violation', 'refused_award', 'late_delivery',
                                     'acceptance_failed', 'operator_deduction')),
    occurred_at  timestamptz NOT NULL,
    reference    text,
    order_id     uuid CONSTRAINT credit_events_order_fk REFERENCES orders (id),
    listing_id   uuid CONSTRAINT credit_events_listing_fk REFERENCES listings (id),
    delivery     smallint CONSTRAINT credit_events_delivery_check CHECK (delivery BETWEEN 1 AND 5),
    quality      smallint CONSTRAINT credit_events_quality_check CHECK (quality BETWEEN 1 AND 5),
    service      smallint CONSTRAINT credit_events_service_check CHECK (service BETWEEN 1 AND 5),
    days_late    integer,
    points       integer,
    reason       text,
    CONSTRAINT credit_events_rating_check
        CHECK ((kind = 'rating') = (delivery IS NOT NULL AND quality IS NOT NULL AND service IS NOT NULL)),
    CONSTRAINT credit_events_late_check CHECK ((kind = 'late_delivery') = (days_late IS NOT NULL)),
    CONSTRAINT credit_events_deduction_check
        CHECK ((kind = 'operator_deduction') = (points IS NOT NULL AND reason IS NOT NULL))
);
CREATE INDEX credit_events_supplier_idx ON credit_events (supplier_id, occurred_at);
CREATE INDEX credit_events_order_idx ON credit_events (order_id);
CREATE INDEX credit_events_listing_idx ON credit_events (listing_id);
