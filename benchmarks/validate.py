"""Benchmark: `kommune validate` against its peers on the same generated messages.

Generates N Thüringen Antrag messages (~4 KB each; 10 % invalid, in equal parts an XSD error,
an unknown code and a Schematron violation), then times — as whole commands, start-up
included — over the same files:

  lxml        a bare Python loop: etree.parse + XMLSchema.validate, schema compiled once (floor)
  xmllint     xmllint --noout --schema (batches of 20,000 files per call)
  xmlschema   XMLSchema.iter_errors per file (measured on a sample; it is ~50x slower)
  kommune_xsd kommune validate --checks xsd --jobs 1      (the same checks as the two above)
  kommune_xsd_nodetail   the same with --xsd-detail never (libxml2's messages only)
  kommune_jobs1 / kommune_jobs2   the full pipeline (XSD, Schematron, code lists,
                                  Nachrichtentyp, plugin checks) with 1 and 2 workers

With ``--corpus DIR --schema X.xsd --catalog C`` the same tools run over a real corpus
instead: the ``*.xml`` files of DIR, replicated to ``--n`` files (default then 3,000) in a
temporary folder, validated against X.xsd with the XML catalog C (lxml and xmllint through
``XML_CATALOG_FILES``, xmlschema and kommune through the catalog file):

  python benchmarks/validate.py --corpus ../shared/corpus/xwasser/samples \
      --schema ../shared/corpus/xwasser/xsd/xwasser.xsd --catalog ../shared/corpus/catalog.xml

With ``--before CHECKOUT`` (e.g. ``git archive <commit> src plugins schemas | tar -x -C
/tmp/base``) the kommune runs of that checkout are timed too, interleaved, as
``before_kommune_*``: a before/after in one run under the same load.

Prints a table (messages/s, ratio to lxml, invalid count as a cross-check) and, as its last
line, one JSON object with messages/s per tool, ``n`` and ``peak_rss_mb`` (the largest
resident set of any kommune run, workers included) and the load average at start and end
(the machine is shared: say how busy it was). Not a test: run it by hand,
``python benchmarks/validate.py --n 50000``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "plugins/thueringen/src/kommune_thueringen/exchange/schemas/th-nachrichten.xsd"
CATALOG = ROOT / "schemas" / "catalog.xml"
BIN = Path(sys.executable).parent
KOMMUNE = [str(BIN / "kommune")] if (BIN / "kommune").exists() else [
    sys.executable, "-m", "kommune_core.cli"]

GEMEINDEN = [("16052000", "Gera"), ("16051000", "Erfurt"), ("16053000", "Jena"),
             ("16054000", "Suhl"), ("16055000", "Weimar")]
LEIKA = ["99050012104000", "99115005104000", "99102013104000", "99027002012000",
         "99107023037000"]

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<th:antrag.einreichen.1010 xmlns:th="urn:kommune-interop:th:nachrichten:1" produkt="ThAVEL" \
produkthersteller="FJD Information Technologies AG" produktversion="2026.1" \
standard="Kommune Interop Thüringen" version="1.0">
  <nachrichtenkopf>
    <identifikation.nachricht>
      <nachrichtenUUID>{uuid}</nachrichtenUUID>
      <nachrichtentyp listURI="urn:kommune-interop:th:codeliste:nachrichtentyp" \
listVersionID="1"><code>1010</code></nachrichtentyp>
      <erstellungszeitpunkt>2026-03-02T10:{mm:02d}:00.000+01:00</erstellungszeitpunkt>
    </identifikation.nachricht>
    <leser><verzeichnisdienst><code>DVDV</code></verzeichnisdienst><kennung>ags:{ags}</kennung>\
<name>Stadt {name}</name></leser>
    <autor><verzeichnisdienst><code>DVDV</code></verzeichnisdienst><kennung>thavel:16</kennung>\
<name>ThAVEL</name></autor>
  </nachrichtenkopf>
  <th:antrag>
    <th:antragsID>{antrag}</th:antragsID>
    <th:portal><code>{portal}</code></th:portal>
    <th:leistung><th:leikaSchluessel>{leika}</th:leikaSchluessel>\
<th:bezeichnung>Leistung {i}</th:bezeichnung></th:leistung>
    <th:kommune><th:ags>{ags}</th:ags><th:name>{name}</th:name>\
<th:land><code>{land}</code></th:land></th:kommune>
    <th:eingang>2026-03-02T10:{mm:02d}:00.000+01:00</th:eingang>
    <th:antragsteller>
      <th:name>Antragsteller {i}</th:name>
      <th:anschrift><th:strasse>Hauptstraße</th:strasse><th:hausnummer>{i}</th:hausnummer>\
<th:postleitzahl>07545</th:postleitzahl><th:ort>{name}</th:ort></th:anschrift>
      <th:email>person{i}@example.org</th:email>
    </th:antragsteller>
{anlagen}  </th:antrag>
</th:antrag.einreichen.1010>
"""
ANLAGE = ("    <th:anlage><th:dateiname>nachweis-{i}-{k}.pdf</th:dateiname>"
          "<th:mimeType>application/pdf</th:mimeType>"
          "<th:groesseBytes>{size}</th:groesseBytes></th:anlage>\n")


def generate(root: Path, n: int, seed: int = 7) -> dict[str, int]:
    """Writes n messages under root (1,000 per folder); returns the expected invalid counts."""
    rnd = random.Random(seed)
    kinds = {"xsd": 0, "code": 0, "schematron": 0}
    for i in range(n):
        ags, name = GEMEINDEN[i % len(GEMEINDEN)]
        fields = {"uuid": uuid.UUID(int=rnd.getrandbits(128), version=4),
                  "antrag": uuid.UUID(int=rnd.getrandbits(128), version=4),
                  "mm": i % 60, "ags": ags, "name": name, "portal": "thavel", "land": "16",
                  "leika": LEIKA[i % len(LEIKA)], "i": i + 1}
        if i % 10 == 9:  # 10 % invalid, one kind each in turn
            kind = ("xsd", "code", "schematron")[(i // 10) % 3]
            kinds[kind] += 1
            if kind == "xsd":
                fields["leika"] = "12" + fields["leika"][2:]
            elif kind == "code":
                fields["portal"] = "papier"
            else:
                fields["land"] = "14"
        fields["anlagen"] = "".join(ANLAGE.format(i=i, k=k, size=1000 + 37 * k)
                                    for k in range(14))
        folder = root / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:07d}.xml").write_text(TEMPLATE.format(**fields), encoding="utf-8")
    return kinds


LXML_LOOP = r"""
import os, sys
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
invalid = 0
for root, dirs, names in os.walk(sys.argv[2]):
    dirs.sort()
    for name in sorted(names):
        if not schema.validate(etree.parse(os.path.join(root, name))):
            invalid += 1
print(invalid)
"""

XMLSCHEMA_LOOP = r"""
import os, sys, xmlschema
from pathlib import Path
core = sys.argv[3]
mapping = {"urn:kommune-interop:xoev:code:1": core + "/kommune-code.xsd",
           "urn:kommune-interop:xoev:nachrichtenkopf:1": core + "/kommune-nachrichtenkopf.xsd"}
from urllib.parse import unquote
schema = xmlschema.XMLSchema(sys.argv[1], uri_mapper=lambda u: mapping.get(unquote(u), u))
files = sorted(str(p) for p in Path(sys.argv[2]).rglob("*.xml"))[: int(sys.argv[4])]
invalid = 0
for f in files:
    if next(schema.iter_errors(f), None) is not None:
        invalid += 1
print(invalid)
"""


XMLSCHEMA_CORPUS_LOOP = r"""
import sys, warnings, xmlschema
from pathlib import Path
from kommune_core.validation.resources import LocalResolver, XmlCatalog
schema_path, folder, catalog, count = sys.argv[1:5]
resolver = LocalResolver(XmlCatalog.from_file(catalog), folders=(Path(schema_path).parent,))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    schema = xmlschema.XMLSchema(schema_path, uri_mapper=resolver.map_uri, allow="local")
files = sorted(str(p) for p in Path(folder).rglob("*.xml"))[: int(count)]
invalid = 0
for f in files:
    if next(schema.iter_errors(f), None) is not None:
        invalid += 1
print(invalid)
"""


def replicate(corpus: Path, root: Path, n: int) -> int:
    """Copies the *.xml files of ``corpus`` into ``root`` (1,000 per folder) until there are
    at least ``n``; returns how many were written."""
    sources = sorted(p for p in corpus.rglob("*.xml") if p.is_file())
    if not sources:
        raise SystemExit(f"no *.xml files in {corpus}")
    data = [(p.stem, p.read_bytes()) for p in sources]
    total = max(n, len(data))
    for i in range(total):
        stem, body = data[i % len(data)]
        folder = root / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:07d}-{stem}.xml").write_bytes(body)
    return total


_WRAPPER = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE,"
    " text=True, cwd=sys.argv[1] or None)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stdout.write(p.stdout[-4000:] + p.stderr[-4000:])\n"
    "print(p.returncode, u.ru_maxrss, u.ru_utime + u.ru_stime,"
    " p.stderr.count(' fails to validate'))\n"
)


def run(cmd: list[str], env: dict[str, str], cwd: Path | None = None,
        ok: tuple[int, ...] = (0, 1)) -> tuple[float, float, float, str]:
    """Runs cmd through a small wrapper; returns wall seconds, CPU seconds (user + system, all
    descendants), peak RSS in MB (the largest descendant, workers included) and the output
    tail. Wall time is what the table reports; CPU time shows what other load on the machine
    does to it."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, str(cwd or ""), *cmd],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    *body, last = proc.stdout.rstrip("\n").split("\n")
    code, rss_kb, cpu, fails = last.split()
    if int(code) not in ok:
        raise SystemExit(f"{' '.join(cmd[:6])} … failed ({code}):\n" + "\n".join(body)
                         + proc.stderr[-2000:])
    run.fails = int(fails)  # type: ignore[attr-defined]  # xmllint: files reported invalid
    return wall, float(cpu), int(rss_kb) / 1024, "\n".join(body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=50_000, help="number of messages (default 50,000)")
    ap.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the generated messages")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per tool, interleaved; the best wall time counts (default 3)")
    ap.add_argument("--skip-peers", action="store_true",
                    help="only lxml (the floor) and kommune, e.g. for the memory check")
    ap.add_argument("--xmlschema-sample", type=int, default=2_000,
                    help="files timed for xmlschema (default 2,000; the rate is per message)")
    ap.add_argument("--corpus", type=Path, help="a folder of real messages (replicated to --n)")
    ap.add_argument("--schema", type=Path, help="with --corpus: the entry XSD")
    ap.add_argument("--catalog", type=Path, help="with --corpus: an XML catalog for imports")
    ap.add_argument("--before", type=Path, metavar="CHECKOUT",
                    help="also time the kommune runs of another checkout of this repository "
                         "(its src/ and plugins/*/src/ put first on PYTHONPATH), interleaved "
                         "with the others, as before_kommune_*: a before/after in one run")
    args = ap.parse_args()
    if args.corpus is not None and args.schema is None:
        ap.error("--corpus needs --schema")
    if args.corpus is not None and args.n == ap.get_default("n"):
        args.n = 3_000

    work = args.dir or Path(tempfile.mkdtemp(prefix="kommune-bench-"))
    msgs = work / "messages"
    if msgs.exists():
        shutil.rmtree(msgs)
    t0 = time.perf_counter()
    schema = SCHEMA if args.corpus is None else args.schema.resolve()
    catalog = CATALOG if args.corpus is None else (args.catalog.resolve() if args.catalog
                                                   else None)
    kinds: dict[str, int] | None
    if args.corpus is None:
        kinds = generate(msgs, args.n)
        what = f"generated {args.n} messages"
    else:
        args.n = replicate(args.corpus, msgs, args.n)
        kinds = None
        what = f"copied {args.corpus} to {args.n} messages"
    size = sum(f.stat().st_size for f in (msgs / "0000").iterdir()) / min(args.n, 1000)
    print(f"{what} (avg {size / 1024:.1f} KB; invalid: {kinds or 'see table'}) "
          f"in {time.perf_counter() - t0:.1f} s under {msgs}", file=sys.stderr)
    kommune_extra = [] if args.corpus is None else ["--schema", str(schema), *(
        ["--catalog", str(catalog)] if catalog else [])]
    # Same start for every tool: written back to disk and read once (in the page cache), so
    # the first tool timed does not pay for the writeback of the freshly generated files.
    os.sync()
    for p in msgs.rglob("*.xml"):
        p.read_bytes()

    env = dict(os.environ, KOMMUNE_XREPOSITORY_URL="")
    if catalog is not None:
        env["XML_CATALOG_FILES"] = str(catalog)
    for var in ("KOMMUNE_PLUGINS", "PYTHONDONTWRITEBYTECODE"):  # as installed: .pyc files used
        env.pop(var, None)
    n = args.n
    xmllint = shutil.which("xmllint")
    if not xmllint:
        print("xmllint not found; skipped", file=sys.stderr)
    files = sorted(str(p.relative_to(msgs)) for p in msgs.rglob("*.xml"))
    sample = min(args.xmlschema_sample, n)

    def lxml() -> tuple[float, float, float, str]:
        return run([sys.executable, "-c", LXML_LOOP, str(schema), str(msgs)], env)

    def xmllint_all() -> tuple[float, float, float, str]:
        wall = cpu = rss = 0.0
        invalid = 0
        for k in range(0, len(files), 20_000):
            w, c, r, _out = run(["xmllint", "--noout", "--nonet", "--schema", str(schema),
                                *files[k:k + 20_000]], env, cwd=msgs, ok=(0, 3))
            wall, cpu, rss = wall + w, cpu + c, max(rss, r)
            invalid += run.fails  # type: ignore[attr-defined]
        return wall, cpu, rss, str(invalid)

    env_before = None
    if args.before is not None:
        src = [args.before.resolve() / "src",
               *sorted(args.before.resolve().glob("plugins/*/src"))]
        env_before = dict(env, PYTHONPATH=os.pathsep.join(map(str, src)))

    def kommune(extra: list[str], use: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        def go() -> tuple[float, float, float, str]:
            cmd = [*KOMMUNE, "validate", "--no-progress", *kommune_extra, *extra, str(msgs)]
            try:
                wall, cpu, rss, out = run(cmd, use or env)
            except SystemExit as exc:  # e.g. the plugins being reinstalled at that moment
                print(f"retrying once: {exc}", file=sys.stderr)
                time.sleep(5)
                wall, cpu, rss, out = run(cmd, use or env)
            summary = out.strip().splitlines()[-1]  # "N files: V valid, I invalid …"
            return wall, cpu, rss, summary.split(", ")[1].split()[0]
        return go

    def xmlschema_run() -> tuple[float, float, float, str]:
        if args.corpus is None:
            cmd = [sys.executable, "-c", XMLSCHEMA_LOOP, str(SCHEMA), str(msgs),
                   str(ROOT / "schemas"), str(sample)]
        else:
            cmd = [sys.executable, "-c", XMLSCHEMA_CORPUS_LOOP, str(schema), str(msgs),
                   str(catalog or CATALOG), str(sample)]
        wall, cpu, rss, out = run(cmd, env)
        return wall, cpu, rss, out.strip().splitlines()[-1] + f" of {sample}"

    tools = {"lxml": (lxml, n)}
    if xmllint and not args.skip_peers:
        tools["xmllint"] = (xmllint_all, n)
    if not args.skip_peers:
        tools["xmlschema"] = (xmlschema_run, sample)
    tools["kommune_xsd"] = (kommune(["--checks", "xsd", "--jobs", "1"]), n)
    # what the xmlschema detail pass on failing messages costs (validation/xsd/detail.py)
    tools["kommune_xsd_nodetail"] = (kommune(["--checks", "xsd", "--jobs", "1",
                                              "--xsd-detail", "never"]), n)
    tools["kommune_jobs1"] = (kommune(["--jobs", "1"]), n)
    tools["kommune_jobs2"] = (kommune(["--jobs", "2"]), n)
    if env_before is not None:
        for name in [k for k in tools if k.startswith("kommune")]:
            extra = {"kommune_xsd": ["--checks", "xsd", "--jobs", "1"],
                     "kommune_xsd_nodetail": ["--checks", "xsd", "--jobs", "1",
                                              "--xsd-detail", "never"],
                     "kommune_jobs1": ["--jobs", "1"], "kommune_jobs2": ["--jobs", "2"]}[name]
            tools[f"before_{name}"] = (kommune(extra, env_before), n)

    rows: dict[str, tuple[float, float, int, str]] = {}
    peak = 0.0
    load_start = [round(x, 2) for x in os.getloadavg()]  # 2 shared cores: say how busy
    for rep in range(args.repeat):  # interleaved, best of R: other load on the machine hurts
        for name, (fn, count) in tools.items():
            if name == "xmlschema" and rep > 0:
                continue
            wall, cpu, rss, invalid = fn()
            if name.startswith("kommune"):
                peak = max(peak, rss)
            best = rows.get(name)
            if best is None or wall < best[0]:
                rows[name] = (wall, cpu, count, invalid)
            print(f"  run {rep + 1}: {name:<14} {wall:7.2f} s wall {cpu:7.2f} s CPU",
                  file=sys.stderr)

    rates = {k: count / wall for k, (wall, _cpu, count, _) in rows.items()}
    floor = rates["lxml"]
    print(f"\n{'tool':<29}{'messages':>10}{'wall s':>9}{'CPU s':>8}{'msg/s':>10}{'× lxml':>8}"
          f"{'invalid':>14}")
    for name, (wall, cpu, count, invalid) in rows.items():
        print(f"{name:<29}{count:>10,}{wall:>9.2f}{cpu:>8.2f}{rates[name]:>10,.0f}"
              f"{rates[name] / floor:>8.2f}{invalid:>14}")
    if kinds is not None:
        xsd_expected, all_expected = kinds["xsd"], sum(kinds.values())
        print(f"\nexpected invalid: {xsd_expected} for XSD-only tools, {all_expected} for the "
              f"full pipeline; peak RSS of kommune runs: {peak:.0f} MB")
    else:
        print(f"\nkommune checks more than libxml2 (e.g. IDREFs without an ID), so its invalid "
              f"count can be higher; peak RSS of kommune runs: {peak:.0f} MB")
    target = 0.85 if args.corpus is None else 0.9
    checks = [(f"kommune_xsd >= {target} x lxml", rates["kommune_xsd"] >= target * floor)]
    if "xmllint" in rates:
        checks.append(("kommune_xsd >= 1.0 x xmllint", rates["kommune_xsd"] >= rates["xmllint"]))
    checks += [("kommune_jobs1 >= 0.6 x lxml", rates["kommune_jobs1"] >= 0.6 * floor),
               ("kommune_jobs2 >= 1.6 x kommune_jobs1",
                rates["kommune_jobs2"] >= 1.6 * rates["kommune_jobs1"])]
    for label, ok in checks:
        print(f"  {'met ' if ok else 'MISS'}  {label}")
    if not args.keep and args.dir is None:
        shutil.rmtree(work, ignore_errors=True)
    result = {"n": n, **({"corpus": str(args.corpus)} if args.corpus else {}),
              **{k: round(rates.get(k, 0.0), 1) for k in
                         ("lxml", "xmllint", "xmlschema", "kommune_xsd",
                          "kommune_xsd_nodetail", "kommune_jobs1",
                          "kommune_jobs2")},
              **{k: round(v, 1) for k, v in rates.items() if k.startswith("before_")},
              "peak_rss_mb": round(peak, 1)}
    if args.before is not None:
        result["before"] = str(args.before)
    result["loadavg_start"] = load_start
    result["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
