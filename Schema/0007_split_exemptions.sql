-- Exemptions from the §T1 splitting detector (issue 4 point 5).
-- Conventions (STYLE.md §2.2): states as text with a CHECK, named constraints, an index on every foreign key.
--
-- DOMAIN.md §T1 (实施条例 Art 28): crossing the tender or procurement threshold with non-tender purchases
-- raises `split_suspected` "unless an exemption (budget adjusted, approved) is attached". A unit files the
-- exemption for one group (unit, fiscal year, second-level category, budget project) with the number of the
-- budget adjustment's approval; a regulator of the unit's region approves or rejects it. Only an approved
-- exemption silences the detector, and only for orders placed after the approval.

CREATE TABLE split_exemptions (
    id              uuid PRIMARY KEY,
    unit_id         uuid NOT NULL CONSTRAINT split_exemptions_unit_fk REFERENCES organisations (id),
    region_code     char(6) NOT NULL,
    fiscal_year     integer NOT NULL CONSTRAINT split_exemptions_year_check CHECK (fiscal_year BETWEEN 2000 AND 2100),
    -- The second-level parent of the category, as a full code (SplitGroup.secondLevelParent).
    category_group  text NOT NULL CONSTRAINT split_exemptions_group_fk REFERENCES categories (code),
    budget_project  text NOT NULL CONSTRAINT split_exemptions_project_check
                        CHECK (length(budget_project) BETWEEN 1 AND 200),
    reason          text NOT NULL CONSTRAINT split_exemptions_reason_check CHECK (reason IN ('budget_adjusted')),
    -- The number of the document that approved the budget adjustment (预算调整批复文号).
    document_no     text NOT NULL CONSTRAINT split_exemptions_document_check CHECK (length(document_no) BETWEEN 1 AND 200),
    notes           text,
    state           text NOT NULL CONSTRAINT split_exemptions_state_check
                        CHECK (state IN ('pending', 'approved', 'rejected')),
    requested_by    uuid NOT NULL CONSTRAINT split_exemptions_requested_by_fk REFERENCES users (id),
    requested_at    timestamptz NOT NULL,
    decided_by      uuid CONSTRAINT split_exemptions_decided_by_fk REFERENCES users (id),
    decided_at      timestamptz,
    decision_note   text,
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT split_exemptions_decision_check
        CHECK ((state = 'pending') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL))
);

-- One live (pending or approved) exemption per group.
CREATE UNIQUE INDEX split_exemptions_live_idx ON split_exemptions (unit_id, fiscal_year, category_group, budget_project)
    WHERE state <> 'rejected';
CREATE INDEX split_exemptions_region_idx ON split_exemptions (region_code, requested_at DESC, id DESC);
CREATE INDEX split_exemptions_unit_idx ON split_exemptions (unit_id, requested_at DESC, id DESC);
CREATE INDEX split_exemptions_group_idx ON split_exemptions (category_group);
CREATE INDEX split_exemptions_requested_by_idx ON split_exemptions (requested_by);
CREATE INDEX split_exemptions_decided_by_idx ON split_exemptions (decided_by);
