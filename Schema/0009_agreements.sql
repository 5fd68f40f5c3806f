-- Framework agreements (DOMAIN.md §F, issue 5): agreements and their lots, stage-1 responses and published
-- results, admitted suppliers with agreed prices (members), price changes, product replacements,
-- supplementary calls and applications, rotation state, awards and skips, and the agreement columns of
-- stage-2 orders. Conventions (STYLE.md §2.2): money in bigint fen, rates in basis points, states as text
-- with a CHECK, named constraints, an index on every foreign key.

CREATE SEQUENCE agreement_no_seq;

-- DOMAIN.md §F1: the agreement and its lifecycle (draft → soliciting → evaluating → active → expired |
-- terminated). The requirements are columns and lots; they are frozen once solicitation opens (§F4).
CREATE TABLE agreements (
    id                     uuid PRIMARY KEY,
    agreement_no           text NOT NULL CONSTRAINT agreements_agreement_no_key UNIQUE,
    title                  text NOT NULL CONSTRAINT agreements_title_check CHECK (length(title) BETWEEN 1 AND 200),
    subject                text NOT NULL CONSTRAINT agreements_subject_check CHECK (subject IN ('goods', 'services')),
    kind                   text NOT NULL CONSTRAINT agreements_kind_check CHECK (kind IN ('closed', 'open')),
    state                  text NOT NULL CONSTRAINT agreements_state_check
                               CHECK (state IN ('draft', 'soliciting', 'evaluating', 'active', 'expired', 'terminated')),
    term_start             date NOT NULL,
    term_end               date NOT NULL,
    term_reason            text,
    evaluation             text NOT NULL CONSTRAINT agreements_evaluation_check
                               CHECK (evaluation IN ('price_priority', 'quality_priority')),
    elimination_rate_bp    integer NOT NULL CONSTRAINT agreements_elimination_check
                               CHECK (elimination_rate_bp BETWEEN 0 AND 9999),
    stage_two_method       text NOT NULL CONSTRAINT agreements_stage_two_check
                               CHECK (stage_two_method IN ('direct_selection', 'second_bidding', 'rotation')),
    stage_two_threshold_fen bigint CONSTRAINT agreements_threshold_check CHECK (stage_two_threshold_fen > 0),
    stage_two_above_method text CONSTRAINT agreements_above_method_check
                               CHECK (stage_two_above_method IN ('direct_selection', 'second_bidding', 'rotation')),
    -- Regions served (6-digit codes) and their code prefixes (province 2, prefecture 4, county 6 digits), so
    -- that "does it serve this unit" is a LIKE on the unit's code; empty = every region.
    regions                text[] NOT NULL DEFAULT '{}',
    region_prefixes        text[] NOT NULL DEFAULT '{}',
    -- The operator's region: audit rows and sharding (DESIGN.md §5).
    region_code            char(6) NOT NULL,
    evaluated_at           timestamptz,
    activated_at           timestamptz,
    terminated_reason      text,
    created_by             uuid NOT NULL CONSTRAINT agreements_created_by_fk REFERENCES users (id),
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    version                integer NOT NULL DEFAULT 1,
    CONSTRAINT agreements_term_check CHECK (term_end >= term_start),
    CONSTRAINT agreements_rule_check CHECK ((stage_two_threshold_fen IS NULL) = (stage_two_above_method IS NULL))
);
CREATE INDEX agreements_created_idx ON agreements (created_at DESC, id DESC);
CREATE INDEX agreements_state_idx ON agreements (state, created_at DESC, id DESC);
CREATE INDEX agreements_created_by_idx ON agreements (created_by);

-- DOMAIN.md §F1: lots (leaf category, specs, max unit price, volume-discount tiers, estimated quantity).
CREATE TABLE agreement_lots (
    agreement_id        uuid NOT NULL CONSTRAINT agreement_lots_agreement_fk REFERENCES agreements (id) ON DELETE CASCADE,
    lot_no              integer NOT NULL CONSTRAINT agreement_lots_lot_no_check CHECK (lot_no >= 1),
    name                text NOT NULL,
    category_code       text NOT NULL CONSTRAINT agreement_lots_category_fk REFERENCES categories (code),
    specs               jsonb NOT NULL DEFAULT '{}',
    max_unit_price_fen  bigint NOT NULL CONSTRAINT agreement_lots_max_price_check CHECK (max_unit_price_fen > 0),
    volume_tiers        jsonb NOT NULL DEFAULT '[]',
    estimated_quantity  bigint NOT NULL CONSTRAINT agreement_lots_quantity_check CHECK (estimated_quantity >= 1),
    CONSTRAINT agreement_lots_pkey PRIMARY KEY (agreement_id, lot_no)
);
CREATE INDEX agreement_lots_category_idx ON agreement_lots (category_code);

-- DOMAIN.md §F10: a supplementary call of a closed agreement, the only way new suppliers join one.
CREATE TABLE agreement_calls (
    id            uuid PRIMARY KEY,
    agreement_id  uuid NOT NULL CONSTRAINT agreement_calls_agreement_fk REFERENCES agreements (id),
    lot_no        integer NOT NULL,
    state         text NOT NULL CONSTRAINT agreement_calls_state_check CHECK (state IN ('open', 'closed')),
    description   text NOT NULL,
    opened_by     uuid NOT NULL CONSTRAINT agreement_calls_opened_by_fk REFERENCES users (id),
    opened_at     timestamptz NOT NULL,
    closed_at     timestamptz,
    CONSTRAINT agreement_calls_lot_fk FOREIGN KEY (agreement_id, lot_no) REFERENCES agreement_lots (agreement_id, lot_no)
);
CREATE INDEX agreement_calls_agreement_idx ON agreement_calls (agreement_id, lot_no);
CREATE INDEX agreement_calls_opened_by_idx ON agreement_calls (opened_by);

-- DOMAIN.md §F2: a supplier's stage-1 response for a lot (one per supplier and lot; a resubmission
-- replaces it while soliciting).
CREATE TABLE agreement_responses (
    id                 uuid PRIMARY KEY,
    agreement_id       uuid NOT NULL CONSTRAINT agreement_responses_agreement_fk REFERENCES agreements (id),
    lot_no             integer NOT NULL,
    supplier_id        uuid NOT NULL CONSTRAINT agreement_responses_supplier_fk REFERENCES organisations (id),
    listing_id         uuid NOT NULL CONSTRAINT agreement_responses_listing_fk REFERENCES listings (id),
    unit_price_fen     bigint NOT NULL CONSTRAINT agreement_responses_price_check CHECK (unit_price_fen > 0),
    supplier_size      text CONSTRAINT agreement_responses_size_check
                           CHECK (supplier_size IN ('large', 'medium', 'small', 'micro')),
    manufacturer_size  text CONSTRAINT agreement_responses_manufacturer_check
                           CHECK (manufacturer_size IN ('large', 'medium', 'small', 'micro')),
    score              integer CONSTRAINT agreement_responses_score_check CHECK (score BETWEEN 0 AND 100),
    submitted_by       uuid NOT NULL CONSTRAINT agreement_responses_submitted_by_fk REFERENCES users (id),
    submitted_at       timestamptz NOT NULL,
    CONSTRAINT agreement_responses_lot_fk FOREIGN KEY (agreement_id, lot_no)
        REFERENCES agreement_lots (agreement_id, lot_no),
    CONSTRAINT agreement_responses_supplier_key UNIQUE (agreement_id, lot_no, supplier_id)
);
CREATE INDEX agreement_responses_supplier_idx ON agreement_responses (supplier_id);
CREATE INDEX agreement_responses_listing_idx ON agreement_responses (listing_id);
CREATE INDEX agreement_responses_submitted_by_idx ON agreement_responses (submitted_by);

-- DOMAIN.md §F2, §F3: the evaluated ranking of each lot, published when the agreement becomes active.
CREATE TABLE agreement_results (
    agreement_id       uuid NOT NULL CONSTRAINT agreement_results_agreement_fk REFERENCES agreements (id),
    lot_no             integer NOT NULL,
    rank               integer NOT NULL CONSTRAINT agreement_results_rank_check CHECK (rank >= 1),
    response_id        uuid NOT NULL CONSTRAINT agreement_results_response_fk REFERENCES agreement_responses (id),
    supplier_id        uuid NOT NULL CONSTRAINT agreement_results_supplier_fk REFERENCES organisations (id),
    unit_price_fen     bigint NOT NULL,
    evaluated_fen      bigint NOT NULL,
    deduction_applied  boolean NOT NULL,
    score              integer,
    admitted           boolean NOT NULL,
    CONSTRAINT agreement_results_pkey PRIMARY KEY (agreement_id, lot_no, rank)
);
CREATE INDEX agreement_results_response_idx ON agreement_results (response_id);
CREATE INDEX agreement_results_supplier_idx ON agreement_results (supplier_id);

-- DOMAIN.md §F5, §F10: an admitted supplier on a lot with its product and agreed price (入围供应商 / 协议价格).
-- `rotation_position` orders the rotation list (§F8): stage-1 rank, later joiners appended.
CREATE TABLE agreement_members (
    id                  uuid PRIMARY KEY,
    agreement_id        uuid NOT NULL CONSTRAINT agreement_members_agreement_fk REFERENCES agreements (id),
    lot_no              integer NOT NULL,
    supplier_id         uuid NOT NULL CONSTRAINT agreement_members_supplier_fk REFERENCES organisations (id),
    listing_id          uuid NOT NULL CONSTRAINT agreement_members_listing_fk REFERENCES listings (id),
    agreed_price_fen    bigint NOT NULL CONSTRAINT agreement_members_price_check CHECK (agreed_price_fen > 0),
    admitted_price_fen  bigint NOT NULL,
    status              text NOT NULL CONSTRAINT agreement_members_status_check
                            CHECK (status IN ('active', 'withdrawal_requested', 'withdrawn', 'removed')),
    admitted_via        text NOT NULL CONSTRAINT agreement_members_via_check
                            CHECK (admitted_via IN ('stage_one', 'supplementary_call', 'application')),
    rotation_position   integer NOT NULL,
    status_reason       text,
    removal_cause       text CONSTRAINT agreement_members_cause_check
                            CHECK (removal_cause IN ('collusion', 'no_longer_qualified', 'refusing_awards', 'other')),
    admitted_at         timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             integer NOT NULL DEFAULT 1,
    CONSTRAINT agreement_members_lot_fk FOREIGN KEY (agreement_id, lot_no) REFERENCES agreement_lots (agreement_id, lot_no),
    CONSTRAINT agreement_members_supplier_key UNIQUE (agreement_id, lot_no, supplier_id),
    CONSTRAINT agreement_members_agreed_check CHECK (agreed_price_fen <= admitted_price_fen)
);
CREATE INDEX agreement_members_supplier_idx ON agreement_members (supplier_id);
CREATE INDEX agreement_members_listing_idx ON agreement_members (listing_id);

-- DOMAIN.md §P4, §C6: every change of an agreed price (only decreases are possible).
CREATE TABLE agreement_price_changes (
    id            uuid PRIMARY KEY,
    member_id     uuid NOT NULL CONSTRAINT agreement_price_changes_member_fk REFERENCES agreement_members (id),
    old_price_fen bigint NOT NULL,
    new_price_fen bigint NOT NULL,
    reason        text NOT NULL DEFAULT '',
    changed_by    uuid NOT NULL CONSTRAINT agreement_price_changes_by_fk REFERENCES users (id),
    changed_at    timestamptz NOT NULL,
    CONSTRAINT agreement_price_changes_lower_check CHECK (new_price_fen <= old_price_fen)
);
CREATE INDEX agreement_price_changes_member_idx ON agreement_price_changes (member_id, changed_at);
CREATE INDEX agreement_price_changes_by_idx ON agreement_price_changes (changed_by);

-- DOMAIN.md §F11: product replacement requests, approved or refused by an operator.
CREATE TABLE agreement_replacements (
    id              uuid PRIMARY KEY,
    member_id       uuid NOT NULL CONSTRAINT agreement_replacements_member_fk REFERENCES agreement_members (id),
    agreement_id    uuid NOT NULL CONSTRAINT agreement_replacements_agreement_fk REFERENCES agreements (id),
    old_listing_id  uuid NOT NULL CONSTRAINT agreement_replacements_old_fk REFERENCES listings (id),
    new_listing_id  uuid NOT NULL CONSTRAINT agreement_replacements_new_fk REFERENCES listings (id),
    old_price_fen   bigint NOT NULL,
    new_price_fen   bigint NOT NULL,
    reason          text NOT NULL,
    status          text NOT NULL CONSTRAINT agreement_replacements_status_check
                        CHECK (status IN ('pending', 'approved', 'refused')),
    requested_by    uuid NOT NULL CONSTRAINT agreement_replacements_requested_by_fk REFERENCES users (id),
    requested_at    timestamptz NOT NULL,
    decided_by      uuid CONSTRAINT agreement_replacements_decided_by_fk REFERENCES users (id),
    decided_at      timestamptz,
    decision_reason text,
    CONSTRAINT agreement_replacements_price_check CHECK (new_price_fen <= old_price_fen)
);
CREATE INDEX agreement_replacements_member_idx ON agreement_replacements (member_id);
CREATE INDEX agreement_replacements_agreement_idx ON agreement_replacements (agreement_id, requested_at DESC, id DESC);
CREATE INDEX agreement_replacements_old_idx ON agreement_replacements (old_listing_id);
CREATE INDEX agreement_replacements_new_idx ON agreement_replacements (new_listing_id);
CREATE INDEX agreement_replacements_requested_by_idx ON agreement_replacements (requested_by);
CREATE INDEX agreement_replacements_decided_by_idx ON agreement_replacements (decided_by);

-- DOMAIN.md §F10: applications to join during the term (open agreements at any time; closed ones only
-- through a supplementary call).
CREATE TABLE agreement_applications (
    id              uuid PRIMARY KEY,
    agreement_id    uuid NOT NULL CONSTRAINT agreement_applications_agreement_fk REFERENCES agreements (id),
    lot_no          integer NOT NULL,
    call_id         uuid CONSTRAINT agreement_applications_call_fk REFERENCES agreement_calls (id),
    supplier_id     uuid NOT NULL CONSTRAINT agreement_applications_supplier_fk REFERENCES organisations (id),
    listing_id      uuid NOT NULL CONSTRAINT agreement_applications_listing_fk REFERENCES listings (id),
    unit_price_fen  bigint NOT NULL CONSTRAINT agreement_applications_price_check CHECK (unit_price_fen > 0),
    status          text NOT NULL CONSTRAINT agreement_applications_status_check
                        CHECK (status IN ('pending', 'accepted', 'refused')),
    submitted_by    uuid NOT NULL CONSTRAINT agreement_applications_submitted_by_fk REFERENCES users (id),
    submitted_at    timestamptz NOT NULL,
    decided_by      uuid CONSTRAINT agreement_applications_decided_by_fk REFERENCES users (id),
    decided_at      timestamptz,
    decision_reason text,
    CONSTRAINT agreement_applications_lot_fk FOREIGN KEY (agreement_id, lot_no)
        REFERENCES agreement_lots (agreement_id, lot_no)
);
CREATE INDEX agreement_applications_agreement_idx ON agreement_applications (agreement_id, submitted_at DESC, id DESC);
CREATE INDEX agreement_applications_call_idx ON agreement_applications (call_id);
CREATE INDEX agreement_applications_supplier_idx ON agreement_applications (supplier_id);
CREATE INDEX agreement_applications_listing_idx ON agreement_applications (listing_id);
CREATE INDEX agreement_applications_submitted_by_idx ON agreement_applications (submitted_by);
CREATE INDEX agreement_applications_decided_by_idx ON agreement_applications (decided_by);

-- DOMAIN.md §F8: the rotation state of a lot (cycle and who had an award in it). Stage-2 rotation orders
-- lock this row (SELECT … FOR UPDATE), so concurrent orders never take the same slot.
CREATE TABLE agreement_rotations (
    agreement_id  uuid NOT NULL CONSTRAINT agreement_rotations_agreement_fk REFERENCES agreements (id),
    lot_no        integer NOT NULL,
    cycle         integer NOT NULL DEFAULT 1 CONSTRAINT agreement_rotations_cycle_check CHECK (cycle >= 1),
    awarded       uuid[] NOT NULL DEFAULT '{}',
    updated_at    timestamptz NOT NULL,
    CONSTRAINT agreement_rotations_pkey PRIMARY KEY (agreement_id, lot_no),
    CONSTRAINT agreement_rotations_lot_fk FOREIGN KEY (agreement_id, lot_no) REFERENCES agreement_lots (agreement_id, lot_no)
);

-- The agreement columns of stage-2 orders (DOMAIN.md §F5, §F6, §F9; X2 relatedProcesses "framework").
ALTER TABLE orders
    ADD COLUMN agreement_id uuid CONSTRAINT orders_agreement_fk REFERENCES agreements (id),
    ADD COLUMN agreement_lot_no integer,
    ADD COLUMN stage_two_method text CONSTRAINT orders_stage_two_method_check
        CHECK (stage_two_method IN ('direct_selection', 'second_bidding', 'rotation')),
    ADD COLUMN selection_reason text CONSTRAINT orders_selection_reason_check
        CHECK (selection_reason IN ('price', 'quality', 'convenience', 'rating')),
    ADD COLUMN selection_note text,
    -- An order under an agreement is a framework-agreement order. The converse is not required: a second-bidding
    -- award (a competition, §F7) is placed as a framework-agreement order by the competitions code, and linking
    -- it to its agreement and lot (OrderStore.link) is that code's to do.
    ADD CONSTRAINT orders_agreement_check CHECK (agreement_id IS NULL OR method = 'framework_agreement');
CREATE INDEX orders_agreement_idx ON orders (agreement_id, placed_at DESC, id DESC) WHERE agreement_id IS NOT NULL;

-- DOMAIN.md §F8: each rotation award; the unique keys make a slot impossible to assign twice.
CREATE TABLE rotation_awards (
    order_id      uuid PRIMARY KEY CONSTRAINT rotation_awards_order_fk REFERENCES orders (id),
    agreement_id  uuid NOT NULL CONSTRAINT rotation_awards_agreement_fk REFERENCES agreements (id),
    lot_no        integer NOT NULL,
    supplier_id   uuid NOT NULL CONSTRAINT rotation_awards_supplier_fk REFERENCES organisations (id),
    cycle         integer NOT NULL,
    position      integer NOT NULL,
    awarded_at    timestamptz NOT NULL,
    CONSTRAINT rotation_awards_slot_key UNIQUE (agreement_id, lot_no, cycle, position),
    CONSTRAINT rotation_awards_supplier_key UNIQUE (agreement_id, lot_no, cycle, supplier_id)
);
CREATE INDEX rotation_awards_supplier_idx ON rotation_awards (supplier_id);

-- DOMAIN.md §F8: every skip with its reason, the unit and its region (the regulators' warnings feed).
CREATE TABLE rotation_skips (
    id            uuid PRIMARY KEY,
    agreement_id  uuid NOT NULL CONSTRAINT rotation_skips_agreement_fk REFERENCES agreements (id),
    lot_no        integer NOT NULL,
    order_id      uuid NOT NULL CONSTRAINT rotation_skips_order_fk REFERENCES orders (id),
    supplier_id   uuid NOT NULL CONSTRAINT rotation_skips_supplier_fk REFERENCES organisations (id),
    cycle         integer NOT NULL,
    reason        text NOT NULL CONSTRAINT rotation_skips_reason_check CHECK (length(btrim(reason)) > 0),
    unit_id       uuid NOT NULL CONSTRAINT rotation_skips_unit_fk REFERENCES organisations (id),
    region_code   char(6) NOT NULL,
    skipped_by    uuid NOT NULL CONSTRAINT rotation_skips_skipped_by_fk REFERENCES users (id),
    skipped_at    timestamptz NOT NULL
);
CREATE INDEX rotation_skips_agreement_idx ON rotation_skips (agreement_id);
CREATE INDEX rotation_skips_order_idx ON rotation_skips (order_id);
CREATE INDEX rotation_skips_supplier_idx ON rotation_skips (supplier_id);
CREATE INDEX rotation_skips_unit_idx ON rotation_skips (unit_id);
CREATE INDEX rotation_skips_skipped_by_idx ON rotation_skips (skipped_by);
CREATE INDEX rotation_skips_region_idx ON rotation_skips (region_code, skipped_at DESC, id DESC);
