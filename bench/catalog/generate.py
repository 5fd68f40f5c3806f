#!/usr/bin/env python3
"""Generate N realistic approved catalog listings directly in PostgreSQL (issue 3, point 7).

    DATABASE_URL=postgres://… python3 bench/catalog/generate.py [--listings 1000000]

Needs a migrated and seeded database (`govmall migrate`, `govmall seed`: regions, the 832 list and the
category tree). Writes:

* about 2 000 supplier organisations (kind 'supplier', an enterprise size, a county; about 10 % of
  listings come from suppliers in 832 poverty counties), inserted with ON CONFLICT DO NOTHING;
* N approved listings over 234 leaf categories of the real catalogue (tailored vocabulary for
  printers, computers, network gear, office equipment, appliances, lighting, furniture and office
  supplies in bench/catalog/vocab.py, plus 140 further leaf categories titled from their own
  names), about 300 brands, model numbers (well-known ones such as 惠普 M454dn are listed by many
  suppliers), log-uniform prices per category in fen, stock, lead time, ~30 % green, delivery regions;
* the SQL function bench_listing_id(n) → uuid, which gives the id of listing n (1 … N) so pgbench can
  pick a random existing id without a second lookup (bench/catalog/*.sql);
* a file with a random sample of listing ids for wrk (bench/catalog/listing.lua).

Listing n is a pure function of (seed, N, n): ids are UUIDv7-shaped (created_at milliseconds, then a
multiplicative hash of n and n itself), created_at grows with n over two years, so re-running with the
same seed and N gives the same rows. The load streams COPY text into `jobs` parallel psql sessions; unless --keep-indexes, the
secondary indexes of listings are dropped first and rebuilt afterwards (much faster than maintaining
the GIN index row by row), and unless --check-fks the session skips FK triggers
(session_replication_role = replica) and the references are verified with one anti-join afterwards.
The generated columns (search_text, search_grams) are always computed by PostgreSQL.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import multiprocessing
import os
import random
import subprocess
import sys
import time
import zlib
from datetime import datetime, timezone

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vocab  # noqa: E402

T0 = datetime(2024, 11, 1, tzinfo=timezone.utc)
SPAN_MS = 730 * 86400 * 1000
BLOCK = 10_000

LISTING_COLUMNS = (
    "id, supplier_id, region_code, category_code, status, title, brand, model, specs, unit, price_fen, "
    "stock, lead_time_days, delivery_regions, image_urls, green, green_until, green_certificates, poverty_county, "
    "duplicate_key, tiers, fees, created_at, updated_at, approved_at"
)


def say(msg: str) -> None:
    print(f"[generate] {msg}", file=sys.stderr, flush=True)


# ---- psql helpers ------------------------------------------------------------------------------

PSQL = os.environ.get("PSQL", "psql")


def psql(url: str, *commands: str, stdin: bytes | None = None) -> str:
    args = [PSQL, "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url]
    for c in commands:
        args += ["-c", c]
    res = subprocess.run(args, input=stdin, capture_output=True)
    if res.returncode != 0:
        raise SystemExit(f"psql failed ({res.returncode}): {res.stderr.decode(errors='replace').strip()}\n"
                         f"commands: {commands}")
    return res.stdout.decode()


def rows(url: str, sql: str) -> list[list[str]]:
    out = psql(url, sql)
    return [line.split("\t") for line in out.splitlines() if line]


# ---- ids ---------------------------------------------------------------------------------------

class Ids:
    """Listing n (1 … N) → UUIDv7-shaped id and created_at; mirrored by the SQL bench_listing_id(n).

    The id is 48 bits of created_at milliseconds, version 7, then a multiplicative hash of n and n
    itself: unique, time-ordered like the server's ids, and cheap to compute in SQL (to_hex/lpad only),
    so pgbench picks a random existing id for about a microsecond instead of a second index lookup.
    """

    def __init__(self, seed: int, n_total: int):
        self.t0_ms = int(T0.timestamp() * 1000) + seed % 1000
        self.step_ms = max(1, SPAN_MS // max(1, n_total))

    def created_ms(self, n: int) -> int:
        return self.t0_ms + (n - 1) * self.step_ms

    def listing_id(self, n: int) -> str:
        a = (n * 2654435761) % 4294967296
        x = f"{self.created_ms(n):012x}7{a >> 20:03x}a{a:08x}{n:07x}"
        return f"{x[0:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:32]}"

    def sql_function(self) -> str:
        # Inlinable (one expression, no FROM): a prepared statement pays only for a few to_hex/lpad calls.
        return f"""
CREATE OR REPLACE FUNCTION bench_listing_id(n bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT (lpad(to_hex({self.t0_ms}::bigint + (n - 1) * {self.step_ms}::bigint), 12, '0')
            || '7' || lpad(to_hex(((n * 2654435761) % 4294967296) >> 20), 3, '0')
            || 'a' || lpad(to_hex((n * 2654435761) % 4294967296), 8, '0')
            || lpad(to_hex(n), 7, '0'))::uuid
$$;
COMMENT ON FUNCTION bench_listing_id(bigint) IS 'bench/catalog/generate.py: id of generated listing n (1..N)';
"""


def uuid_from_rng(rng: random.Random, ms: int) -> str:
    r = rng.getrandbits(80)
    x = f"{ms:012x}7{(r >> 68) & 0xFFF:03x}{8 + ((r >> 66) & 3):x}{r & ((1 << 60) - 1):015x}"
    return f"{x[0:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:32]}"


# ---- world: categories, brands, suppliers ------------------------------------------------------

def fmt_ts(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat(sep=" ")


def cumulative(weights):
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def pick(rng: random.Random, items, cum):
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


class World:
    def __init__(self, url: str, seed: int, n_suppliers: int):
        rng = random.Random(seed)
        self.seed = seed
        # Certificates stay valid 6 months to 3 years after today (the only part that depends on the date).
        today = datetime.now(timezone.utc).date().toordinal()
        self.valid_until = sorted({datetime.fromordinal(today + d).strftime("%Y-%m-%d") for d in range(180, 1100, 7)})
        self.cert_energy = ("energy_saving", "中国质量认证中心", "CQC")
        self.cert_eco = ("eco_label", "中环联合（北京）认证中心", "CEC")
        leaf = dict(rows(url, "SELECT code, name FROM categories WHERE is_leaf AND code LIKE 'A%' ORDER BY code"))
        if not leaf:
            raise SystemExit("no leaf categories: run `govmall seed` (reference data) first")

        # Families with tailored vocabulary, then a generic family over other leaf categories.
        self.families = []
        used = set()
        for fam in vocab.FAMILIES:
            cats = [c for c in fam["categories"] if c[0] in leaf]
            missing = [c[0] for c in fam["categories"] if c[0] not in leaf]
            if missing:
                say(f"family {fam['name']}: categories not in the tree, skipped: {', '.join(missing)}")
            if cats:
                f = dict(fam, brands=list(fam["brands"]), categories=cats)
                self.families.append(f)
                used.update(c[0] for c in cats)
        g = vocab.GENERIC
        candidates = [c for c, name in leaf.items()
                      if c not in used and not name.startswith("其他")
                      and any(c.startswith(p) for grp in g["groups"] for p in grp["prefixes"])]
        chosen = sorted(rng.sample(candidates, min(g["category_count"], len(candidates))))
        for grp in g["groups"]:
            cats = [(c, [leaf[c].replace("，", "").replace(",", "")], rng.choice(grp.get("price_tiers", g["price_tiers"])), {})
                    for c in chosen if any(c.startswith(p) for p in grp["prefixes"])]
            if cats:
                self.families.append({
                    "name": "generic-" + grp["name"], "weight": grp["weight"], "green": grp["green"],
                    "units": grp["units"], "adjectives": grp["adjectives"], "categories": cats,
                    "brands": list(grp["brands"]), "specs": grp["specs"],
                    "model": {"prefix_len": (2, 3), "digits": (3, 4), "suffixes": ["", "A", "B", "-II", "S"], "dash": True}})

        # Invented brands: about 300 distinct brands overall.
        invented = sorted({r + e for r in vocab.INVENTED_ROOTS for e in vocab.INVENTED_ENDINGS})
        rng.shuffle(invented)
        real = {b for f in self.families for b in f["brands"]}
        invented = [b for b in invented if b not in real][: max(0, 300 - len(real))]
        for i, b in enumerate(invented):
            for f in rng.sample(self.families, 1 if i % 3 else 2):
                f["brands"].append(b)
        self.brand_count = len({b for f in self.families for b in f["brands"]})

        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        for f in self.families:
            f["adjectives"] = f["adjectives"] + vocab.COMMON_ADJECTIVES
            f["energy"] = f["name"] in ("printer", "computer", "office", "appliance", "lighting")
            f["fees"] = f["name"] in ("furniture", "appliance", "generic-equipment")
            # Brand popularity: the first (real, well-known) brands sell more.
            f["brand_cum"] = cumulative([1.0 / (i + 1) ** 0.7 for i in range(len(f["brands"]))])
            f["prefixes"] = {}
            for b in f["brands"]:
                f["prefixes"][b] = ["".join(rng.choice(letters) for _ in range(rng.randint(*f["model"]["prefix_len"])))
                                    for _ in range(rng.randint(1, 3))]
            specs = dict(f["specs"])
            cats = []
            for code, nouns, (lo, hi), opts in f["categories"]:
                keys = opts.get("specs") or [k for k, _ in f["specs"]]
                famous = {b: m for b, m in opts.get("famous", {}).items()}
                for b in famous:
                    if b not in f["prefixes"]:
                        f["prefixes"][b] = ["X"]
                cats.append({
                    "code": code, "nouns": nouns,
                    "lo": math.log(max(100, lo * 100)), "hi": math.log(min(5_000_000, hi * 100)),
                    "specs": [(k, specs[k]) for k in keys],
                    "famous": famous, "famous_brands": sorted(famous),
                    "units": opts.get("units") or f["units"],
                })
            f["cats"] = cats
            f["cat_cum"] = cumulative([rng.uniform(0.3, 1.0) for _ in cats])

        # Regions.
        counties = rows(url, """
            SELECT c.code, c.name, coalesce(p.name, ''), coalesce(pp.code, p.code, c.code), coalesce(p.code, c.code)
            FROM regions c LEFT JOIN regions p ON p.code = c.parent_code LEFT JOIN regions pp ON pp.code = p.parent_code
            WHERE c.level = 'county' ORDER BY c.code""")
        version = rows(url, "SELECT value FROM policy_settings WHERE key = 'poverty_list_version'")
        if version:
            pov = {r[0] for r in rows(url, f"SELECT code FROM poverty_counties WHERE list_version = '{version[0][0]}'")}
        else:
            pov = {r[0] for r in rows(url, "SELECT code FROM poverty_counties")}
        self.provinces = [r[0] for r in rows(url, "SELECT code FROM regions WHERE level = 'province' ORDER BY code")]
        poor = [c for c in counties if c[0] in pov]
        rich = [c for c in counties if c[0] not in pov]
        rich_cum = cumulative([5.0 if c[1].endswith("区") else 1.0 for c in rich])
        if not poor or not rich:
            raise SystemExit("regions / poverty_counties are empty: run `govmall seed` first")

        # Suppliers.
        sizes = ["large", "medium", "small", "micro"]
        size_cum = cumulative([5, 20, 45, 30])
        fam_cum = cumulative([f["weight"] for f in self.families])
        self.suppliers = []  # (id, county, province, in a poverty county, family indexes, prefecture)
        org_lines = []
        created0 = int(T0.timestamp() * 1000) - 200 * 86400 * 1000
        for i in range(n_suppliers):
            poverty = i % 10 == 0
            county = rng.choice(poor) if poverty else pick(rng, rich, rich_cum)
            code, cname, pname, prov_code, pref_code = county
            sid = uuid_from_rng(rng, created0 + i * 3_600_000)
            place = (pname or cname).replace("市辖区", "").replace("市", "") or cname
            if poverty:
                place = cname.rstrip("县区市旗") or cname
            name = f"{place}{rng.choice(vocab.INVENTED_ROOTS)}{rng.choice(vocab.SUPPLIER_WORDS)}{rng.choice(vocab.SUPPLIER_FORMS)}"
            credit = f"91{code}BM{i:07d}{rng.choice('0123456789ABCDEFGHJKLMNPQRTUWXY')}"
            size = pick(rng, sizes, size_cum)
            org_lines.append("\t".join([sid, "supplier", name, code, credit, size, fmt_ts(created0 + i * 3_600_000)]))
            fams = set()
            for _ in range(rng.randint(1, 4)):
                fams.add(pick(rng, list(range(len(self.families))), fam_cum))
            self.suppliers.append((sid, code, prov_code, poverty, fams, pref_code))
        self.org_tsv = ("\n".join(org_lines) + "\n").encode()

        # Per family: suppliers (poverty / other) with Zipf-like weights, so a few sell a lot.
        for fi, f in enumerate(self.families):
            for key, want in (("poor", True), ("rich", False)):
                idx = [i for i, s in enumerate(self.suppliers) if fi in s[4] and s[3] == want]
                if not idx:  # every family needs both kinds
                    idx = [i for i, s in enumerate(self.suppliers) if s[3] == want][:5]
                rng.shuffle(idx)
                f[key] = idx
                f[key + "_cum"] = cumulative([1.0 / (r + 1) ** 0.8 for r in range(len(idx))])
        self.fam_cum = fam_cum
        self.category_count = sum(len(f["categories"]) for f in self.families)


# ---- one listing -------------------------------------------------------------------------------

def famous_price(brand: str, model: str, lo: float, hi: float) -> float:
    h = zlib.crc32(f"{brand}|{model}".encode()) / 0xFFFFFFFF
    # Well-known models sit in the lower-middle of the category's range.
    return math.exp(lo + (hi - lo) * (0.15 + 0.5 * h))


_DAYS: dict[int, str] = {}


def fmt_ms(ms: int) -> str:
    """'YYYY-MM-DD hh:mm:ss.mmm+00' without datetime per row (the day part is cached)."""
    day, rest = divmod(ms, 86_400_000)
    d = _DAYS.get(day)
    if d is None:
        d = _DAYS[day] = datetime.fromtimestamp(day * 86400, timezone.utc).strftime("%Y-%m-%d")
    s, milli = divmod(rest, 1000)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"{d} {h:02d}:{m:02d}:{s:02d}.{milli:03d}+00"


def listing_line(world: World, ids: Ids, n: int, rng: random.Random) -> str:
    r = rng.random

    def ch(seq):
        return seq[int(r() * len(seq))]

    f = world.families[bisect.bisect_right(world.fam_cum, r() * world.fam_cum[-1])]
    c = f["cats"][bisect.bisect_right(f["cat_cum"], r() * f["cat_cum"][-1])]
    lo, hi = c["lo"], c["hi"]
    noun = ch(c["nouns"])
    famous = c["famous"]
    if famous and r() < 0.4:
        brand = ch(c["famous_brands"])
    else:
        brand = f["brands"][bisect.bisect_right(f["brand_cum"], r() * f["brand_cum"][-1])]
    models = famous.get(brand)
    is_famous = models is not None and r() < 0.8
    if is_famous:
        model = ch(models)
    else:
        spec = f["model"]
        nd = spec["digits"][0] + int(r() * (spec["digits"][1] - spec["digits"][0] + 1))
        digits = str(10 ** (nd - 1) + int(r() * 9 * 10 ** (nd - 1)))
        prefix = ch(f["prefixes"][brand])
        suffix = ch(spec["suffixes"])
        model = f"{prefix}-{digits}{suffix}" if spec.get("dash") else f"{prefix}{digits}{suffix}"

    key = "poor" if r() < 0.10 else "rich"
    pool, cum = f[key], f[key + "_cum"]
    sid, region, prov, s_poverty, _, pref = world.suppliers[pool[bisect.bisect_right(cum, r() * cum[-1])]]

    # Specs: 2 to 4 of the category's attributes.
    attrs = c["specs"]
    k = min(len(attrs), 2 + int(r() * 3))
    spec_items = []
    for name, values in (rng.sample(attrs, k) if k < len(attrs) else attrs):
        if values is None:
            v = model if name == "规格型号" else "中国"
        else:
            v = ch(values)
        spec_items.append((name, v))
    specs = "{" + ", ".join(f'"{a}": "{v}"' for a, v in spec_items) + "}"

    # Title.
    adj = ch(f["adjectives"])
    latin = vocab.BRAND_LATIN.get(brand)
    brand_disp = f"{brand}（{latin}）" if latin and r() < 0.5 else brand
    title_model = model.translate(vocab.TITLE_FULLWIDTH) if r() < 0.03 else model
    words = [v for a, v in spec_items if a != "规格型号" and len(v) <= 16] + ["", ""]
    s1, s2 = words[0], words[1]
    t = r()
    if t < 0.35:
        title = f"{brand_disp} {title_model} {adj}{noun}"
    elif t < 0.60:
        title = f"{brand_disp} {noun} {title_model} {s1} {s2}"
    elif t < 0.80:
        title = f"{adj}{noun} {brand} {title_model}"
    else:
        title = f"{brand_disp}{adj}{noun} {s1}"
    title = " ".join(title.split())[:200]

    # Price in fen: log-uniform per category; a well-known model costs about the same everywhere.
    if is_famous:
        price = famous_price(brand, model, lo, hi) * (0.92 + 0.16 * r())
    else:
        price = math.exp(lo + (hi - lo) * r())
    if price >= 100_000:  # from 1 000 yuan: whole yuan, often ending in 9 (1 299.00)
        yuan = round(price / 100)
        price = (yuan - yuan % 10 + 9 if r() < 0.4 else yuan) * 100
    elif price >= 10_000:  # whole yuan, sometimes .50
        price = round(price / 100) * 100 + (50 if r() < 0.15 else 0)
    else:  # small items: to 10 fen
        price = round(price / 10) * 10
    price = int(min(5_000_000, max(100, price)))

    stock = 0 if r() < 0.05 else int(math.exp(r() * 8.5))  # 1 … ~5 000
    lead = ch((1, 1, 2, 2, 3, 3, 3, 5, 5, 7, 7, 10, 15, 30))
    d = r()
    if d < 0.7:  # nationwide
        delivery = "{}"
    elif d < 0.78:  # the supplier's own prefecture only
        delivery = "{" + pref + "}"
    else:  # its province and up to five others
        provs = {prov} | set(rng.sample(world.provinces, int(r() * 6)))
        delivery = "{" + ",".join(sorted(provs)) + "}"
    lid = ids.listing_id(n)
    images = "{" + ",".join(f"https://img.govmall.example/l/{lid}/{i}.jpg" for i in range(1, 2 + int(r() * 4))) + "}"
    # Green (DOMAIN.md §C5): a certificate valid for a while after the generation date, or the server's
    # price-control sweep would turn `green` off again (and rewrite 300 000 rows while we measure).
    green = r() < f["green"]
    if green:
        energy = f["energy"] and r() < 0.8
        cert = world.cert_energy if energy else world.cert_eco
        valid_until = ch(world.valid_until)
        certs = (f'[{{"kind": "{cert[0]}", "certifier": "{cert[1]}", "number": "{cert[2]}{int(r() * 1e9):09d}", '
                 f'"validUntil": "{valid_until}"}}]')
        green_until = valid_until
    else:
        certs = "[]"
        green_until = "\\N"
    # Quantity tiers on one listing in five, declared fees on some bulky goods.
    if r() < 0.2 and price >= 1000:
        tiers = (f'[{{"minQuantity": 10, "unitPriceFen": {price * 97 // 100}}}, '
                 f'{{"minQuantity": 50, "unitPriceFen": {price * 93 // 100}}}]')
    else:
        tiers = "[]"
    if f["fees"] and r() < 0.15:
        fees = (f'[{{"kind": "installation", "amountFen": {ch((5000, 10000, 20000))}, "perUnit": true, '
                f'"description": "上门安装"}}]')
    else:
        fees = "[]"

    created = ids.created_ms(n)
    approved = created + 1_800_000 + int(r() * 3 * 86_400_000)
    updated = approved if r() < 0.7 else approved + int(r() * 90 * 86_400_000)
    dup = f"{brand.lower()}|{model.lower()}|{zlib.crc32(specs.encode()):08x}"
    return "\t".join((
        lid, sid, region, c["code"], "approved", title, brand, model, specs, ch(c["units"]), str(price),
        str(stock), str(lead), delivery, images, "t" if green else "f", green_until, certs, "t" if s_poverty else "f", dup,
        tiers, fees, fmt_ms(created), fmt_ms(updated), fmt_ms(approved),
    ))


# ---- load --------------------------------------------------------------------------------------

def worker(url: str, world: World, ids: Ids, n_total: int, jobs: int, w: int, check_fks: bool) -> None:
    cmds = []
    if not check_fks:
        cmds.append("SET session_replication_role = replica")
    cmds.append(f"\\copy listings ({LISTING_COLUMNS}) FROM pstdin")
    args = [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
    for c in cmds:
        args += ["-c", c]
    proc = subprocess.Popen(args, stdin=subprocess.PIPE)
    n_blocks = (n_total + BLOCK - 1) // BLOCK
    done = 0
    start = time.monotonic()
    next_report = 200_000
    try:
        for b in range(w, n_blocks, jobs):
            rng = random.Random(world.seed * 1_000_003 + b)
            first = b * BLOCK + 1
            last = min(n_total, first + BLOCK - 1)
            lines = [listing_line(world, ids, n, rng) for n in range(first, last + 1)]
            proc.stdin.write(("\n".join(lines) + "\n").encode())
            done += len(lines)
            if done >= next_report:
                el = time.monotonic() - start
                say(f"worker {w}: {done} rows, {done / el:,.0f} rows/s")
                next_report += 200_000
        proc.stdin.close()
    except BrokenPipeError:
        pass
    rc = proc.wait()
    if rc != 0:
        raise SystemExit(f"worker {w}: psql \\copy failed with {rc}")


def table_stats(url: str) -> dict:
    st = rows(url, """
        SELECT count(*), count(*) FILTER (WHERE green), count(*) FILTER (WHERE poverty_county),
               count(*) FILTER (WHERE delivery_regions <> '{}'), count(DISTINCT category_code), count(DISTINCT brand),
               count(DISTINCT supplier_id), min(price_fen), percentile_disc(0.5) WITHIN GROUP (ORDER BY price_fen),
               max(price_fen), pg_size_pretty(pg_table_size('listings')), pg_size_pretty(pg_indexes_size('listings'))
        FROM listings""")[0]
    total = max(1, int(st[0]))
    return {
        "listings_total": int(st[0]), "suppliers": int(st[6]), "categories": int(st[4]), "brands": int(st[5]),
        "green_share": round(int(st[1]) / total, 3), "poverty_share": round(int(st[2]) / total, 3),
        "delivery_restricted_share": round(int(st[3]) / total, 3),
        "price_fen": {"min": int(st[7] or 0), "median": int(st[8] or 0), "max": int(st[9] or 0)},
        "table_size": st[10], "indexes_size": st[11],
    }


def write_ids(args, ids: Ids) -> None:
    """A random sample of listing ids for wrk (bench/catalog/listing.lua)."""
    srng = random.Random(args.seed + 1)
    sample = [ids.listing_id(srng.randint(1, args.listings)) for _ in range(min(args.ids_sample, args.listings))]
    os.makedirs(os.path.dirname(os.path.abspath(args.ids_file)), exist_ok=True)
    with open(args.ids_file, "w") as fh:
        fh.write("\n".join(sample) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    ap.add_argument("--listings", type=int, default=int(os.environ.get("BENCH_LISTINGS", "1000000")))
    ap.add_argument("--suppliers", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--jobs", type=int, default=2, help="parallel COPY sessions (default 2)")
    ap.add_argument("--keep-indexes", action="store_true", help="do not drop and rebuild the secondary indexes")
    ap.add_argument("--check-fks", action="store_true", help="let PostgreSQL check the foreign keys row by row")
    ap.add_argument("--replace", action="store_true", help="delete previously generated listings of the bench suppliers first")
    ap.add_argument("--ids-only", action="store_true",
                    help="load nothing: check that N listings of this seed are there, recreate bench_listing_id and "
                         "rewrite the ids file (to rerun the benchmarks on the same data)")
    out_default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out")
    ap.add_argument("--ids-file", default=os.path.join(out_default, "listing_ids.txt"))
    ap.add_argument("--ids-sample", type=int, default=100_000)
    ap.add_argument("--stats-json", help="write generation figures as JSON here")
    args = ap.parse_args()
    if not args.database_url:
        raise SystemExit("DATABASE_URL is not set (or pass --database-url)")
    if not 1 <= args.listings < 1 << 28:
        raise SystemExit("--listings must be between 1 and 268435455")
    url = args.database_url
    t_start = time.monotonic()

    ids = Ids(args.seed, args.listings)
    if args.ids_only:
        psql(url, ids.sql_function())
        write_ids(args, ids)
        found = rows(url, f"SELECT count(*) FROM listings WHERE id = ANY (ARRAY[bench_listing_id(1), "
                          f"bench_listing_id({args.listings})])")[0][0]
        if found != "2":
            raise SystemExit(f"listings 1 and {args.listings} of seed {args.seed} are not there: generate them first")
        say(f"ids of {args.listings} existing listings written to {args.ids_file}")
        if args.stats_json:
            with open(args.stats_json, "w") as fh:
                json.dump(dict(table_stats(url), reused=True, seed=args.seed), fh, indent=2, ensure_ascii=False)
        return
    world = World(url, args.seed, args.suppliers)
    say(f"{len(world.families)} families, {world.category_count} leaf categories, {world.brand_count} brands, "
        f"{len(world.suppliers)} suppliers")

    # Generated suppliers carry 'BM' after the region in their credit code (bench marker).
    bench_orgs = "SELECT id FROM organisations WHERE kind = 'supplier' AND credit_code LIKE '91______BM%'"
    existing = int(rows(url, f"SELECT count(*) FROM listings WHERE supplier_id IN ({bench_orgs})")[0][0])
    if existing:
        if not args.replace:
            raise SystemExit(f"{existing} generated listings are already there: pass --replace to delete them first")
        say(f"deleting {existing} previously generated listings")
        psql(url, f"DELETE FROM listings WHERE supplier_id IN ({bench_orgs})")
    # Generated suppliers without listings (an earlier seed or vocabulary) make way for this run's.
    psql(url, f"DELETE FROM organisations o WHERE o.id IN ({bench_orgs}) "
              "AND NOT EXISTS (SELECT FROM listings l WHERE l.supplier_id = o.id) "
              "AND NOT EXISTS (SELECT FROM users u WHERE u.organisation_id = o.id)")
    psql(url, "CREATE TEMP TABLE bench_orgs (id uuid, kind text, name text, region_code char(6), credit_code text, "
              "enterprise_size text, created_at timestamptz)",
         "\\copy bench_orgs FROM pstdin",
         "INSERT INTO organisations (id, kind, name, region_code, credit_code, enterprise_size, created_at) "
         "SELECT * FROM bench_orgs ON CONFLICT DO NOTHING",
         stdin=world.org_tsv)
    psql(url, ids.sql_function())

    # Drop secondary indexes (kept in a file in case we die before rebuilding them).
    index_defs = []
    if not args.keep_indexes:
        index_defs = rows(url, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                               "AND tablename = 'listings' AND indexname <> 'listings_pkey' ORDER BY indexname")
        os.makedirs(os.path.dirname(os.path.abspath(args.ids_file)), exist_ok=True)
        saved = os.path.join(os.path.dirname(os.path.abspath(args.ids_file)), "listings_indexes.sql")
        with open(saved, "w") as fh:
            fh.write("".join(f"{d};\n" for _, d in index_defs))
        say(f"dropping {len(index_defs)} secondary indexes of listings (definitions saved in {saved})")
        psql(url, "; ".join(f"DROP INDEX {name}" for name, _ in index_defs))

    before = int(rows(url, "SELECT count(*) FROM listings")[0][0])
    t_load = time.monotonic()
    say(f"loading {args.listings} listings with {args.jobs} parallel COPY sessions")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=worker, args=(url, world, ids, args.listings, args.jobs, w, args.check_fks))
             for w in range(args.jobs)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    failed = [p.exitcode for p in procs if p.exitcode != 0]
    load_s = time.monotonic() - t_load
    if failed:
        if index_defs:
            say("rebuilding the dropped indexes before giving up")
            psql(url, *[d for _, d in index_defs])
        raise SystemExit(f"{len(failed)} COPY worker(s) failed")
    say(f"COPY done: {args.listings} rows in {load_s:.1f} s ({args.listings / load_s:,.0f} rows/s)")

    # Rebuild indexes: the GIN index in one session, the rest in the others, in parallel.
    t_idx = time.monotonic()
    if index_defs:
        defs = sorted(index_defs, key=lambda d: (" gin " not in d[1].lower(), d[0]))
        groups = [[] for _ in range(max(1, min(args.jobs, len(defs))))]
        groups[0].append(defs[0][1])
        for i, (_, d) in enumerate(defs[1:]):
            groups[(i % (len(groups) - 1)) + 1 if len(groups) > 1 else 0].append(d)
        setup = ["SET maintenance_work_mem = '512MB'", "SET max_parallel_maintenance_workers = 0"]
        running = [subprocess.Popen([PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
                                    + sum((["-c", c] for c in setup + g), []))
                   for g in groups]
        if any(p.wait() != 0 for p in running):
            raise SystemExit("rebuilding the indexes failed (definitions in bench/out/listings_indexes.sql)")
    index_s = time.monotonic() - t_idx
    if index_defs:
        say(f"rebuilt {len(index_defs)} indexes in {index_s:.1f} s")

    # References, statistics, visibility map.
    t_vac = time.monotonic()
    if not args.check_fks:
        bad = rows(url, """
            SELECT (SELECT count(*) FROM listings l LEFT JOIN organisations o ON o.id = l.supplier_id WHERE o.id IS NULL),
                   (SELECT count(*) FROM listings l LEFT JOIN categories c ON c.code = l.category_code WHERE c.code IS NULL)""")[0]
        if bad != ["0", "0"]:
            raise SystemExit(f"dangling references: {bad[0]} suppliers, {bad[1]} categories")
    psql(url, "VACUUM (ANALYZE) listings", "ANALYZE organisations")
    vacuum_s = time.monotonic() - t_vac
    total_s = time.monotonic() - t_start

    stats = table_stats(url)
    # bench_listing_id(n) must name existing rows and agree with the ids written for wrk.
    step = max(1, args.listings // 1000)
    check = rows(url, f"SELECT count(*), count(l.id) FROM generate_series(1, {args.listings}, {step}) g "
                      f"LEFT JOIN listings l ON l.id = bench_listing_id(g)")[0]
    if check[0] != check[1] or rows(url, "SELECT bench_listing_id(1)")[0][0] != ids.listing_id(1):
        raise SystemExit(f"bench_listing_id(n) does not match the generated ids ({check[1]} of {check[0]} found)")

    write_ids(args, ids)

    stats.update({
        "listings_generated": args.listings, "listings_before": before,
        "copy_seconds": round(load_s, 1), "copy_rows_per_second": round(args.listings / load_s),
        "index_seconds": round(index_s, 1), "vacuum_analyze_seconds": round(vacuum_s, 1),
        "total_seconds": round(total_s, 1), "jobs": args.jobs, "seed": args.seed,
        "indexes_rebuilt": not args.keep_indexes, "fk_triggers": args.check_fks,
        "ids_file": os.path.abspath(args.ids_file),
    })
    if args.stats_json:
        with open(args.stats_json, "w") as fh:
            json.dump(stats, fh, indent=2, ensure_ascii=False)
    say(f"{stats['listings_total']} listings ({args.listings} generated) in {total_s:.1f} s overall: COPY {load_s:.1f} s "
        f"({args.listings / load_s:,.0f} rows/s), indexes {index_s:.1f} s, vacuum+analyze {vacuum_s:.1f} s; "
        f"{args.listings / total_s:,.0f} rows/s end to end")
    p = stats["price_fen"]
    say(f"green {stats['green_share']:.1%}, poverty county {stats['poverty_share']:.1%}, {stats['categories']} "
        f"categories, {stats['brands']} brands, {stats['suppliers']} suppliers, price fen min/median/max "
        f"{p['min']}/{p['median']}/{p['max']}, table {stats['table_size']}, indexes {stats['indexes_size']}")
    print(json.dumps(stats, ensure_ascii=False))


if __name__ == "__main__":
    main()
