-- Framework-agreement second bidding (DOMAIN.md §F7, issue 5 point 4): a second-bidding competition is posted
-- under an agreement for one of its lots; the award links the order it places to that agreement and lot
-- (orders.agreement_id, agreement_lot_no, stage_two_method = 'second_bidding').
-- Conventions (STYLE.md §2.2): named constraints, an index on every foreign key.

-- The foreign key 0006 promised: a second bidding's agreement exists.
ALTER TABLE competitions
    ADD CONSTRAINT competitions_agreement_fk FOREIGN KEY (agreement_id) REFERENCES agreements (id),
    ADD COLUMN agreement_lot_no integer,
    -- A lot only under an agreement; a second bidding always names its agreement and lot, a mall competition neither.
    ADD CONSTRAINT competitions_agreement_lot_check
        CHECK ((agreement_lot_no IS NULL) = (agreement_id IS NULL)
               AND (method = 'second_bidding') = (agreement_id IS NOT NULL)),
    ADD CONSTRAINT competitions_agreement_lot_fk FOREIGN KEY (agreement_id, agreement_lot_no)
        REFERENCES agreement_lots (agreement_id, lot_no);
-- competitions_agreement_idx (0006) serves the agreement key; this one the lot key.
CREATE INDEX competitions_agreement_lot_idx ON competitions (agreement_id, agreement_lot_no)
    WHERE agreement_id IS NOT NULL;
