-- Catalog (DOMAIN.md §C, issue 3): per-category settings, supplier listings with review, pending
-- revisions, price history, reference prices and price violations, idempotency keys, and the
-- columns and indexes of Chinese search.

-- Idempotency-Key records (DESIGN.md §4): a creating request stores its key in the same transaction as
-- the write it guards; a replay returns the stored response, a different body answers 422.
CREATE TABLE idempotency_keys (
    user_id        uuid NOT NULL CONSTRAINT idempotency_keys_user_fk REFERENCES users (id),
    key            text NOT NULL CONSTRAINT idempotency_keys_key_check CHECK (length(key) BETWEEN 1 AND 255),
    request_hash   text NOT NULL,
    status_code    integer NOT NULL,
    response_body  text NOT NULL,
    created_at     timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key)
);

-- Editable per-category settings (DOMAIN.md §C5: loaded from the green lists, never constants).
CREATE TABLE category_settings (
    category_code           text PRIMARY KEY CONSTRAINT category_settings_category_fk REFERENCES categories (code),
    energy_saving           text NOT NULL DEFAULT 'none'
                                CONSTRAINT category_settings_energy_check CHECK (energy_saving IN ('none', 'priority', 'mandatory')),
    eco_label_priority      boolean NOT NULL DEFAULT false,
    required_attributes     text[] NOT NULL DEFAULT '{}',
    unit_hints              text[] NOT NULL DEFAULT '{}',
    direct_purchase_allowed boolean NOT NULL DEFAULT true,
    green_source            text NOT NULL DEFAULT '',
    updated_at              timestamptz NOT NULL
);

-- A code and its ancestors, self first: A02021004 → {A02021004, A02021000, A02020000, A02000000, A}.
-- Settings are inherited from the nearest ancestor that has them (the green lists name 打印机 A02021000,
-- whose leaves are A02021001…).
CREATE FUNCTION category_lineage(code text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE WHEN length(code) = 9 THEN
        ARRAY[code, substr(code, 1, 7) || '00', substr(code, 1, 5) || '0000', substr(code, 1, 3) || '000000',
              substr(code, 1, 1)]
    ELSE ARRAY[code] END
$$;

-- Search normalisation: full-width forms folded to half-width (U+FF01..U+FF5E, U+3000), then lower case.
CREATE FUNCTION mall_normalize(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT lower(translate(t, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ '))
$$;

-- The grams a text is indexed by: every character (unigram) and every pair of adjacent characters
-- (bigram) of each whitespace-separated word of the normalised text. pg_trgm cannot serve 2-character
-- queries (DESIGN.md §6); a GIN index over these arrays can, and a LIKE on the normalised text then
-- checks adjacency.
CREATE FUNCTION mall_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
    FROM (
        SELECT substr(w, i, n) AS g
        FROM regexp_split_to_table(mall_normalize(t), '\s+') AS w,
             generate_series(1, 2) AS n,
             generate_series(1, greatest(length(w), 1)) AS i
        WHERE w <> '' AND i + n - 1 <= length(w)
    ) grams
$$;

CREATE TABLE listings (
    id                   uuid PRIMARY KEY,
    supplier_id          uuid NOT NULL CONSTRAINT listings_supplier_fk REFERENCES organisations (id),
    region_code          char(6) NOT NULL,
    category_code        text NOT NULL CONSTRAINT listings_category_fk REFERENCES categories (code),
    status               text NOT NULL CONSTRAINT listings_status_check
                             CHECK (status IN ('draft', 'pending', 'approved', 'rejected', 'delisted')),
    title                text NOT NULL CONSTRAINT listings_title_check CHECK (length(title) BETWEEN 1 AND 200),
    brand                text NOT NULL CONSTRAINT listings_brand_check CHECK (length(brand) BETWEEN 1 AND 100),
    model                text NOT NULL CONSTRAINT listings_model_check CHECK (length(model) BETWEEN 1 AND 100),
    specs                jsonb NOT NULL DEFAULT '{}' CONSTRAINT listings_specs_check CHECK (jsonb_typeof(specs) = 'object'),
    unit                 text NOT NULL,
    price_fen            bigint NOT NULL CONSTRAINT listings_price_check CHECK (price_fen > 0),
    tiers                jsonb NOT NULL DEFAULT '[]',
    fees                 jsonb NOT NULL DEFAULT '[]',
    stock                bigint NOT NULL DEFAULT 0 CONSTRAINT listings_stock_check CHECK (stock >= 0),
    lead_time_days       integer NOT NULL DEFAULT 0 CONSTRAINT listings_lead_time_check CHECK (lead_time_days BETWEEN 0 AND 365),
    delivery_regions     text[] NOT NULL DEFAULT '{}',
    image_urls           text[] NOT NULL DEFAULT '{}',
    green_certificates   jsonb NOT NULL DEFAULT '[]',
    -- Denormalised at write time for search filters: a valid green certificate, a supplier in an 832 county.
    green                boolean NOT NULL DEFAULT false,
    -- The last day any certificate is valid: the sweep turns `green` off after it without a table scan.
    green_until          date,
    poverty_county       boolean NOT NULL DEFAULT false,
    government_only      boolean NOT NULL DEFAULT false,
    -- brand + model + specs, normalised: duplicate detection within a supplier (DOMAIN.md §C2).
    duplicate_key        text NOT NULL,
    version              integer NOT NULL DEFAULT 1,
    reject_reason        text,
    delist_reason        text,
    -- DOMAIN.md §C3: set when a fresh reference price undercuts the listed price; new orders are blocked.
    price_flagged_at     timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    approved_at          timestamptz,
    search_text          text GENERATED ALWAYS AS (mall_normalize(title || ' ' || brand || ' ' || model)) STORED,
    search_grams         text[] GENERATED ALWAYS AS (mall_grams(title || ' ' || brand || ' ' || model)) STORED
);
CREATE INDEX listings_supplier_idx ON listings (supplier_id, created_at DESC, id DESC);
CREATE INDEX listings_category_idx ON listings (category_code);
CREATE INDEX listings_status_idx ON listings (status, created_at DESC, id DESC);
CREATE INDEX listings_duplicate_idx ON listings (supplier_id, duplicate_key);
CREATE INDEX listings_flagged_idx ON listings (price_flagged_at) WHERE price_flagged_at IS NOT NULL;
CREATE INDEX listings_green_until_idx ON listings (green_until) WHERE green;
-- Search: grams of approved listings, category subtrees by prefix, price order, region delivery.
CREATE INDEX listings_search_grams_idx ON listings USING gin (search_grams) WHERE status = 'approved';
CREATE INDEX listings_search_category_idx ON listings (category_code text_pattern_ops, price_fen, id) WHERE status = 'approved';
CREATE INDEX listings_search_price_idx ON listings (price_fen, id) WHERE status = 'approved';
CREATE INDEX listings_search_newest_idx ON listings (approved_at DESC, id DESC) WHERE status = 'approved';
CREATE INDEX listings_delivery_idx ON listings USING gin (delivery_regions) WHERE status = 'approved';

-- A change to an approved listing that needs review (a price increase, a spec change): the approved
-- version stays on sale until an operator approves it (DOMAIN.md §C2, §P4).
CREATE TABLE listing_revisions (
    id            uuid PRIMARY KEY,
    listing_id    uuid NOT NULL CONSTRAINT listing_revisions_listing_fk REFERENCES listings (id),
    status        text NOT NULL CONSTRAINT listing_revisions_status_check
                      CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
    changes       jsonb NOT NULL,
    created_by    uuid NOT NULL CONSTRAINT listing_revisions_created_by_fk REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    reviewed_by   uuid CONSTRAINT listing_revisions_reviewed_by_fk REFERENCES users (id),
    reviewed_at   timestamptz,
    reason        text
);
CREATE INDEX listing_revisions_listing_idx ON listing_revisions (listing_id, created_at DESC);
CREATE INDEX listing_revisions_created_by_idx ON listing_revisions (created_by);
CREATE INDEX listing_revisions_reviewed_by_idx ON listing_revisions (reviewed_by);
CREATE UNIQUE INDEX listing_revisions_one_pending ON listing_revisions (listing_id) WHERE status = 'pending';

-- DOMAIN.md §C6: every price change, who, when, old, new, why.
CREATE TABLE listing_price_history (
    id            uuid PRIMARY KEY,
    listing_id    uuid NOT NULL CONSTRAINT listing_price_history_listing_fk REFERENCES listings (id),
    old_price_fen bigint,
    new_price_fen bigint NOT NULL,
    changed_by    uuid NOT NULL CONSTRAINT listing_price_history_changed_by_fk REFERENCES users (id),
    changed_at    timestamptz NOT NULL,
    reason        text NOT NULL
);
CREATE INDEX listing_price_history_listing_idx ON listing_price_history (listing_id, changed_at DESC, id DESC);
CREATE INDEX listing_price_history_changed_by_idx ON listing_price_history (changed_by);

-- DOMAIN.md §C3: the manufacturer's official price or the lowest self-operated e-commerce price.
CREATE TABLE reference_prices (
    id           uuid PRIMARY KEY,
    listing_id   uuid NOT NULL CONSTRAINT reference_prices_listing_fk REFERENCES listings (id),
    kind         text NOT NULL CONSTRAINT reference_prices_kind_check CHECK (kind IN ('manufacturer', 'ecommerce')),
    source       text NOT NULL CONSTRAINT reference_prices_source_check CHECK (length(source) BETWEEN 1 AND 200),
    url          text,
    price_fen    bigint NOT NULL CONSTRAINT reference_prices_price_check CHECK (price_fen > 0),
    captured_at  timestamptz NOT NULL,
    created_by   uuid NOT NULL CONSTRAINT reference_prices_created_by_fk REFERENCES users (id),
    created_at   timestamptz NOT NULL
);
CREATE INDEX reference_prices_listing_idx ON reference_prices (listing_id, captured_at DESC);
CREATE INDEX reference_prices_created_by_idx ON reference_prices (created_by);
