#!/usr/bin/env python3
"""Render trafilatura's annotated pages to plain text and label every line, for the clean stage.

    render_trafilatura.py DATA_DIR OUT_FILE [--renders R,R,...] [--jobs N] [--limit N] [--show N]

DATA_DIR is the trafilatura evaluation set (evaldata.json + html/<file>.gz, see its README.md).
OUT_FILE gets one JSON object per rendered document (JSONL):
    {"id": "<file>#<render>", "site", "url", "source": "trafilatura", "render", "split", "lang",
     "text", "labels": [one per line of text.split("\\n")], "title", "authors", "published"}

Renders (each as "<base>-blank", runs of blank lines collapsed to one, and "<base>-tight", no blank
lines at all):
- innerText:  document.body.innerText in headless Chromium (/usr/bin/chromium, driven over the
              DevTools protocol on a pipe), JavaScript off, every request but the page's own blocked
              (so no external CSS, images or frames: what "select all, copy" gives on an unstyled page);
- textmode:   `w3m -dump` at 1000 columns (paragraphs are not hard-wrapped);
- textmode80: `w3m -dump` at the default 80 columns (hard-wrapped, as many users' dumps are).

Labels: "blank", "text", "furniture", "headline", "byline", "date", or null (unknown); see
README.md in this folder for the rules and their limits. Deterministic: the same inputs give the same
file. Pages that fail to render are skipped and named on stderr. Needs requirements.txt installed.
"""
import argparse
import concurrent.futures
import difflib
import fcntl
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

BASES = ["innerText", "textmode", "textmode80"]
ALL_RENDERS = [f"{b}-{v}" for b in BASES for v in ("blank", "tight")]
CHROMIUM = "/usr/bin/chromium"
W3M = "w3m"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--remote-debugging-pipe"]
PAGE_TIMEOUT = 20.0


# ---------------------------------------------------------------------------------------- decoding

META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


def decode_html(raw):
    """Bytes -> str: BOM, else the first meta charset, else UTF-8 if it decodes, else windows-1252."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, errors="replace")
    m = META_CHARSET.search(raw[:8192])
    if m:
        enc = m.group(1).decode("ascii").lower()
        if enc in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
            enc = "windows-1252"  # as browsers do
        try:
            text = raw.decode(enc)
            return text
        except (LookupError, UnicodeDecodeError):
            if enc not in ("utf-8", "utf8"):
                try:
                    return raw.decode(enc, errors="replace")
                except LookupError:
                    pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("windows-1252", errors="replace")


def utf8_page(raw):
    """The page as UTF-8 bytes that declare UTF-8 first (so both renderers read the same characters)."""
    return b'<meta charset="utf-8">' + decode_html(raw).encode("utf-8")


# ---------------------------------------------------------------------------------------- renders

def render_w3m(page_bytes, cols):
    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(page_bytes)
        f.flush()
        out = subprocess.run([W3M, "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", str(cols),
                              "-o", "display_link_number=0", f.name],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, check=True,
                             env={**os.environ, "HOME": tempfile.gettempdir(), "LANG": "C.UTF-8"})
    return out.stdout.decode("utf-8", errors="replace")


class Chromium:
    """Headless Chromium over --remote-debugging-pipe (NUL-separated JSON on fds 3/4)."""

    def __init__(self):
        self.user_data = tempfile.mkdtemp(prefix="render-chromium-")
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        hi_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        hi_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def child():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={self.user_data}", "about:blank"],
            preexec_fn=child, close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(hi_r)
        os.close(hi_w)
        for fd in (to_chrome_w, from_chrome_r):
            fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC)
        self.out = os.fdopen(to_chrome_w, "wb", buffering=0)
        self.inp = os.fdopen(from_chrome_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.pending = []

    def _read(self, deadline=None):
        import select
        while b"\0" not in self.buf:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.inp], [], [], left)[0]:
                    raise TimeoutError("no answer from Chromium")
            chunk = self.inp.read(1 << 16)
            if not chunk:
                raise EOFError("Chromium closed its pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.out.write(json.dumps(msg).encode() + b"\0")
        return self.next_id

    def call(self, method, params=None, session=None, timeout=30.0):
        i = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._read(deadline)
            if msg.get("id") == i:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self._event(msg)

    def _event(self, msg):
        # Requests are paused by Fetch: the page itself goes on, everything else is failed.
        if msg["method"] == "Fetch.requestPaused":
            p = msg["params"]
            if p["request"]["url"] == self.page_url and p.get("resourceType") == "Document" and not self.loaded_main:
                self.loaded_main = True
                self.send("Fetch.continueRequest", {"requestId": p["requestId"]}, msg.get("sessionId"))
            else:
                self.send("Fetch.failRequest", {"requestId": p["requestId"], "errorReason": "BlockedByClient"},
                          msg.get("sessionId"))
        elif msg["method"] == "Page.loadEventFired":
            self.load_fired = True

    def inner_text(self, path):
        self.page_url = Path(path).resolve().as_uri()
        self.loaded_main = False
        self.load_fired = False
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            s = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Emulation.setScriptExecutionDisabled", {"value": True}, s)
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}, s)
            self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, s)
            self.call("Page.enable", {}, s)
            self.call("Page.navigate", {"url": self.page_url}, s)
            deadline = time.monotonic() + PAGE_TIMEOUT
            while not self.load_fired:
                try:
                    msg = self._read(deadline)
                except TimeoutError:
                    self.call("Page.stopLoading", {}, s)
                    break
                if "method" in msg:
                    self._event(msg)
            r = self.call("Runtime.evaluate", {
                "expression": "[document.URL, document.body ? document.body.innerText : null]",
                "returnByValue": True}, s)
            url, text = r["result"]["value"]
            if url != self.page_url:
                raise RuntimeError(f"navigated away to {url[:100]}")
            if text is None:
                raise RuntimeError("no body")
            return text
        finally:
            try:
                self.call("Target.closeTarget", {"targetId": target}, timeout=10)
            except Exception:
                pass

    def close(self):
        try:
            self.proc.kill()
            self.proc.wait(10)
        except Exception:
            pass
        shutil.rmtree(self.user_data, ignore_errors=True)


def tidy(text, variant):
    """Line ends to \\n, trailing spaces off, leading/trailing blank lines off; blank runs -> 1 or 0."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = []
    for ln in lines:
        if not ln.strip():
            if variant == "blank" and out and out[-1] != "":
                out.append("")
            continue
        out.append(ln)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


# ---------------------------------------------------------------------------------------- labels

QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"}
                       | {c: "-" for c in "‐‑‒–—―−"} | {c: None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"})
WS = re.compile(r"\s+")


def norm(s):
    """Matching form: NFKC, quotes/dashes unified, soft hyphens gone, casefolded, no whitespace."""
    return WS.sub("", unicodedata.normalize("NFKC", s).translate(QUOTES).casefold())


def norm_spaced(s):
    return WS.sub(" ", unicodedata.normalize("NFKC", s).translate(QUOTES).casefold()).strip()


def snippet_hits(snippet, joined, starts):
    """Occurrences of a normalised snippet in the joined lines: [(first_line, last_line, {line: chars covered})]."""
    import bisect
    hits = []
    pos = joined.find(snippet)
    while pos >= 0:
        end = pos + len(snippet)
        first = bisect.bisect_right(starts, pos) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        cover = {}
        for i in range(first, last + 1):
            a = max(pos, starts[i])
            b = min(end, starts[i + 1])
            if b > a:
                cover[i] = b - a
        hits.append((first, last, cover))
        pos = joined.find(snippet, pos + 1)
    return hits


MONTHS = {}
for _num, _names in enumerate([
    "january jan januar jänner janvier enero ene gennaio genn",
    "february feb feber februar février fevrier febrero febbraio",
    "march mar märz maerz mrz mars marzo",
    "april apr avril abril aprile",
    "may mai mayo maggio mag",
    "june jun juni juin junio giugno giu",
    "july jul juli juillet julio luglio lug",
    "august aug août aout agosto ago",
    "september sep sept septembre septiembre settembre set",
    "october oct okt oktober octobre octubre ottobre ott",
    "november nov novembre noviembre",
    "december dec dez dezember décembre decembre diciembre dic dicembre"], 1):
    for _n in _names.split():
        MONTHS[_n] = _num
MONTH_RE = "(" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
DAY_RE = r"(\d{1,2})(?:st|nd|rd|th|er|\.)?"
YEAR_RE = r"(\d{4})"
DATE_PATTERNS = [
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\d.]\d)"), "dmy_or_mdy"),
    (re.compile(r"(?<![\w])" + DAY_RE + r"\s*(?:de\s+)?" + MONTH_RE + r"\s*(?:de\s+)?,?\s*" + YEAR_RE, re.I), "d_name_y"),
    (re.compile(r"(?<![\w])" + MONTH_RE + r"\s*" + DAY_RE + r",?\s*" + YEAR_RE, re.I), "name_d_y"),
]


def dates_in(line):
    """Set of (y, m, d) that date expressions in the line may denote."""
    found = set()
    low = line.casefold()
    for rx, kind in DATE_PATTERNS:
        for m in rx.finditer(low):
            g = m.groups()
            cands = []
            if kind == "ymd":
                cands = [(int(g[0]), int(g[1]), int(g[2]))]
            elif kind == "dmy_or_mdy":
                y = int(g[2]) + (2000 if len(g[2]) == 2 and int(g[2]) < 70 else 1900 if len(g[2]) == 2 else 0)
                cands = [(y, int(g[1]), int(g[0])), (y, int(g[0]), int(g[1]))]
            elif kind == "d_name_y":
                cands = [(int(g[2]), MONTHS[g[1].rstrip(".")], int(g[0]))]
            elif kind == "name_d_y":
                cands = [(int(g[2]), MONTHS[g[0].rstrip(".")], int(g[1]))]
            found.update(c for c in cands if 1 <= c[1] <= 12 and 1 <= c[2] <= 31)
    return found


SHORT_WORDS = 15


def label_lines(lines, ann):
    """One label per line; see README.md."""
    n = len(lines)
    labels = [None] * n
    normed = [norm(ln) for ln in lines]
    starts = [0]
    for s in normed:
        starts.append(starts[-1] + len(s))
    joined = "".join(normed)
    words = [len(ln.split()) for ln in lines]

    text_hit, furn_hit = set(), set()
    # `with` snippets: every line the snippet touches is text. A snippet found more than once
    # (menus, teasers, repeated leads) labels one occurrence only: the one nearest to the lines of
    # the snippets found once, else the one in the longest line.
    ambiguous = []
    for snip in ann.get("with") or []:
        s = norm(snip)
        if len(s) < 4:
            continue
        hits = snippet_hits(s, joined, starts)
        if len(hits) == 1:
            text_hit.update(hits[0][2])
        elif hits:
            ambiguous.append(hits)
    anchors = sorted(text_hit)
    for hits in ambiguous:
        def rank(h):
            dist = min((abs(a - h[0]) for a in anchors), default=0)
            return (dist, -sum(len(normed[i]) for i in h[2]), h[0])
        text_hit.update(min(hits, key=rank)[2])
    # `without` snippets (and comment snippets): furniture where the snippet is a fair part of the
    # line (a short snippet such as "Twitter" inside a long sentence says nothing about it).
    for snip in (ann.get("without") or []) + (ann.get("comments") or []):
        s = norm(snip)
        if len(s) < 3:
            continue
        for _, _, cover in snippet_hits(s, joined, starts):
            for i, c in cover.items():
                if c >= 0.3 * len(normed[i]) or words[i] <= 8 or c >= 40:
                    furn_hit.add(i)

    for i in range(n):
        if not lines[i].strip():
            labels[i] = "blank"
        elif i in text_hit and i in furn_hit:
            labels[i] = None
        elif i in text_hit:
            labels[i] = "text"
        elif i in furn_hit:
            labels[i] = "furniture"

    text_lines = [i for i in range(n) if labels[i] == "text"]
    first_text = text_lines[0] if text_lines else None
    # Bylines and dates are looked for above the end of the article (a few lines of slack for an
    # author box) and above the first comment: comment authors and comment dates are not the article's.
    meta_end = n
    if text_lines:
        meta_end = text_lines[-1] + 6
    for snip in ann.get("comments") or []:
        s = norm(snip)
        if len(s) >= 8:
            for first, _, _ in snippet_hits(s, joined, starts):
                meta_end = min(meta_end, first)

    # Headline: the line matching the title closest above the first text line (breadcrumbs and
    # menus that repeat the title come earlier); without text lines, the first match in the top 60%.
    title = (ann.get("title") or "").strip()
    headline = None
    title_lines = set()
    if title:
        t = norm_spaced(title)
        tn = norm(title)
        matches, repeats = [], []
        for i in range(n):
            if labels[i] == "blank" or not normed[i]:
                continue
            ln = norm_spaced(lines[i])
            if normed[i] == tn:
                matches.append(i)
            elif len(tn) >= 12 and (normed[i].endswith(tn) or normed[i].startswith(tn)) and words[i] <= 30 \
                    and len(tn) >= 0.5 * len(normed[i]):
                matches.append(i)  # "Kicker: Title", "Title | Site"
            elif len(tn) >= 20 and tn in normed[i] and words[i] <= 30:
                repeats.append(i)  # "Text: Title @site", "Title 21.11.2022" in a list of articles
            elif len(normed[i]) >= 12 and tn.startswith(normed[i]) and len(normed[i]) >= 0.6 * len(tn):
                matches.append(i)  # the title field carries a site name or a subtitle
            elif 0.6 < len(ln) / max(1, len(t)) < 1.6 and difflib.SequenceMatcher(None, ln, t, autojunk=False).ratio() >= 0.85:
                matches.append(i)
        if matches:
            if first_text is not None:
                above = [i for i in matches if i <= first_text]
                headline = above[-1] if above else None
            else:
                top = [i for i in matches if i < 0.6 * n]
                headline = top[0] if top else None
            for i in matches + repeats:
                if i == headline:
                    labels[i] = "headline"
                elif labels[i] is None:
                    labels[i] = "furniture"
        title_lines = set(matches) | set(repeats)

    # Byline / date: short lines, not article text, not the headline.
    names = [a.strip() for a in re.split(r"[;|]", authors_of(ann) or "") if len(a.strip()) >= 3]
    want_date = published_of(ann)
    want_date = tuple(int(x) for x in want_date.split("-")) if want_date else None
    meta_start = max(0, headline - 5) if headline is not None else 0
    for i in range(meta_start, min(n, meta_end)):
        if labels[i] in ("blank", "text", "headline") or words[i] > SHORT_WORDS or i in title_lines:
            continue
        is_by = False
        for name in names:
            nn = norm(name)
            if nn and nn in normed[i] and (len(nn) >= 0.3 * len(normed[i]) or words[i] <= 8
                                           or re.match(r"\s*(by|von|par|por|di|from|author|autor|written)\b",
                                                       lines[i], re.I)):
                is_by = True
        is_date = want_date is not None and want_date in dates_in(lines[i])
        if is_by:
            labels[i] = "byline"
        elif is_date:
            labels[i] = "date"
    return labels


def transfer_labels(lines, labels, wide_lines, wide_labels):
    """Labels of a hard-wrapped render from the same text unwrapped: each wrapped line takes the
    label of the wide line its words come from (when they all come from lines of one label and
    nearly all are aligned); else it keeps its own label. Words are aligned with difflib."""
    a_tok, a_line = [], []
    for i, ln in enumerate(lines):
        for w in ln.split():
            a_tok.append(w)
            a_line.append(i)
    b_tok, b_line = [], []
    for i, ln in enumerate(wide_lines):
        for w in ln.split():
            b_tok.append(w)
            b_line.append(i)
    to_wide = [None] * len(a_tok)
    sm = difflib.SequenceMatcher(None, a_tok, b_tok, autojunk=False)
    for blk in sm.get_matching_blocks():
        for k in range(blk.size):
            to_wide[blk.a + k] = b_line[blk.b + k]
    per_line = {}
    for k, i in enumerate(a_line):
        per_line.setdefault(i, []).append(to_wide[k])
    out = list(labels)
    for i, targets in per_line.items():
        aligned = [t for t in targets if t is not None]
        if len(aligned) < 0.8 * len(targets):
            continue
        labs = {wide_labels[t] for t in aligned}
        if len(labs) == 1:
            lab = labs.pop()
            if lab is not None and lab != "blank":
                out[i] = lab
    return out


# ---------------------------------------------------------------------------------------- page facts

def authors_of(ann):
    """The annotation's author(s) as "A; B" (the field is a string, a list or null)."""
    a = ann.get("author")
    if isinstance(a, list):
        a = "; ".join(x.strip() for x in a if isinstance(x, str) and x.strip())
    return (a or "").strip() or None


def published_of(ann):
    """The annotation's date as YYYY-MM-DD, or None ("2022-11-1" and "2022-01.26" are read too)."""
    m = re.fullmatch(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", (ann.get("date") or "").strip())
    if not m or not (1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31):
        return None
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


_TLD = None


def _registrable(host):
    global _TLD
    if _TLD is None:
        import tldextract
        _TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled list, no network
    return _TLD(host).top_domain_under_public_suffix


def site_of(url, file):
    """Registrable domain of the page's URL (of the archived URL for web.archive.org); for the few keys that are no URL ("hard::<file>"),
    of the longest "domain.suffix" that starts the file name ("laestrella.com.pa-laboral.html")."""
    url = re.sub(r"^https?://web\.archive\.org/web/[^/]*/", "", url)  # an archived page is its original site's
    m = re.match(r"x?(https?://[^\s]+)", url)
    if m:
        site = _registrable(m.group(1))
        if site:
            return site
    stem = re.sub(r"\.html?$", "", file)
    best = None
    for cut in [m.start() for m in re.finditer(r"[.\-]", stem)] + [len(stem)]:
        prefix = stem[:cut]
        if _registrable("http://" + prefix + "/") == prefix.lower():
            best = prefix.lower()
    return best or stem


def split_of(site):
    return "test" if int(hashlib.sha256(site.encode()).hexdigest()[:8], 16) % 10 < 4 else "train"


def detect_lang(text):
    from langdetect import DetectorFactory, detect
    DetectorFactory.seed = 0
    try:
        return detect(text) if text.strip() else None
    except Exception:
        return None


# ---------------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir")
    ap.add_argument("out_file")
    ap.add_argument("--renders", default=",".join(ALL_RENDERS), help="comma-separated, from: " + ", ".join(ALL_RENDERS))
    ap.add_argument("--jobs", type=int, default=2, help="w3m processes at once (1 or 2)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (by file name)")
    ap.add_argument("--only", default="", help="only pages whose file name contains this")
    ap.add_argument("--show", type=int, default=0, help="print N labelled documents to stdout")
    ap.add_argument("--raw-cache", default="", help="JSON file of raw renders: read if it exists, else written "
                    "(to relabel without rendering again; it holds page text, keep it out of the repo)")
    args = ap.parse_args()
    renders = [r for r in args.renders.split(",") if r]
    bad = [r for r in renders if r not in ALL_RENDERS]
    if bad:
        sys.exit(f"unknown render(s): {bad}")
    bases = [b for b in BASES if any(r.startswith(b + "-") for r in renders)
             or (b == "textmode" and any(r.startswith("textmode80-") for r in renders))]
    jobs = max(1, min(2, args.jobs))

    data = Path(args.data_dir)
    ann = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    pages = sorted(((v["file"], url, v) for url, v in ann.items()), key=lambda t: t[0])
    if args.only:
        pages = [p for p in pages if args.only in p[0]]
    if args.limit:
        pages = pages[:args.limit]

    raw = {}  # (file, base) -> text
    if args.raw_cache and Path(args.raw_cache).exists():
        cached = json.loads(Path(args.raw_cache).read_text(encoding="utf-8"))
        raw = {(f, b): t for f, b, t in cached}
        bases = []
    tmp = Path(tempfile.mkdtemp(prefix="render-traf-"))
    try:
        files = {}
        for f, url, _ in (pages if bases else []):
            src = data / "html" / (f + ".gz")
            try:
                page = utf8_page(gzip.decompress(src.read_bytes()))
            except Exception as e:
                print(f"skip {f}: cannot read: {e}", file=sys.stderr)
                continue
            path = tmp / (hashlib.sha1(f.encode()).hexdigest() + ".html")
            path.write_bytes(page)
            files[f] = path

        t0 = time.time()
        w3m_cols = {"textmode": 1000, "textmode80": 80}
        tasks = [(f, b) for f in files for b in bases if b in w3m_cols]
        if tasks:
            with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
                futs = {pool.submit(render_w3m, files[f].read_bytes(), w3m_cols[b]): (f, b) for f, b in tasks}
                for fut in concurrent.futures.as_completed(futs):
                    f, b = futs[fut]
                    try:
                        raw[(f, b)] = fut.result()
                    except Exception as e:
                        print(f"skip {f} [{b}]: w3m failed: {str(e)[:200]}", file=sys.stderr)
            print(f"w3m: {len(tasks)} dumps in {time.time() - t0:.0f}s", file=sys.stderr)

        if "innerText" in bases:
            t0 = time.time()
            chrome = Chromium()
            try:
                for k, f in enumerate(files):
                    for attempt in (1, 2):
                        try:
                            raw[(f, "innerText")] = chrome.inner_text(files[f])
                            break
                        except Exception as e:
                            if chrome.proc.poll() is not None or isinstance(e, (EOFError, TimeoutError, BrokenPipeError)):
                                chrome.close()
                                chrome = Chromium()
                                if attempt == 1:
                                    continue
                            print(f"skip {f} [innerText]: {str(e)[:200]}", file=sys.stderr)
                            break
                    if (k + 1) % 100 == 0:
                        print(f"chromium: {k + 1}/{len(files)} pages, {time.time() - t0:.0f}s", file=sys.stderr)
            finally:
                chrome.close()
            print(f"chromium: {len(files)} pages in {time.time() - t0:.0f}s", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.raw_cache and not Path(args.raw_cache).exists():
        Path(args.raw_cache).write_text(json.dumps(sorted([f, b, t] for (f, b), t in raw.items()), ensure_ascii=False),
                                        encoding="utf-8")

    counts = {}
    shown = 0
    out_path = Path(args.out_file)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as out:
        for f, url, a in pages:
            site = site_of(url, f)
            split = split_of(site)
            lang = None
            for r in renders:
                base, variant = r.rsplit("-", 1)
                if (f, base) not in raw:
                    continue
                text = tidy(raw[(f, base)], variant)
                if not text.strip():
                    if variant == renders[0].rsplit("-", 1)[1] or r == renders[0]:
                        print(f"skip {f} [{r}]: empty text", file=sys.stderr)
                    continue
                lines = text.split("\n")
                labels = label_lines(lines, a)
                if base == "textmode80" and (f, "textmode") in raw:
                    wide = tidy(raw[(f, "textmode")], variant).split("\n")
                    labels = transfer_labels(lines, labels, wide, label_lines(wide, a))
                if lang is None:
                    body = "\n".join(ln for ln, lab in zip(lines, labels) if lab in ("text", "headline"))
                    lang = detect_lang(body if len(body) >= 200 else text) or "unknown"
                authors = authors_of(a)
                published = published_of(a)
                rec = {"id": f"{f}#{r}", "site": site, "url": url, "source": "trafilatura", "render": r,
                       "split": split, "lang": lang, "text": text, "labels": labels,
                       "title": (a.get("title") or "").strip() or None, "authors": authors, "published": published}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                c = counts.setdefault((r, split), {})
                c["docs"] = c.get("docs", 0) + 1
                for lab in labels:
                    c[str(lab)] = c.get(str(lab), 0) + 1
                if shown < args.show and r == renders[0]:
                    shown += 1
                    print(f"==== {rec['id']} {url} title={rec['title']!r} authors={authors!r} date={published}")
                    for ln, lab in zip(lines, labels):
                        print(f"{str(lab)[:9]:>9} | {ln[:160]}")

    keys = ["docs", "text", "furniture", "headline", "byline", "date", "None", "blank"]
    print("render          split   " + " ".join(f"{k:>9}" for k in keys), file=sys.stderr)
    for (r, split), c in sorted(counts.items()):
        print(f"{r:<15} {split:<6} " + " ".join(f"{c.get(k, 0):>9}" for k in keys), file=sys.stderr)


if __name__ == "__main__":
    main()
