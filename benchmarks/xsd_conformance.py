"""XSD 1.0 conformance: kommune's XSD stage against the W3C XML Schema Test Suite, next to lxml
(libxml2) and xmlschema run in the same process on the same instance tests.

The suite (``../shared/corpus/w3c-xsdtests.tar.xz``, or an unpacked copy with ``--suite``)
holds the test sets ``ms``, ``nist``, ``boeing``, ``ibm``, ``saxon`` and ``common``. Which
tests apply to an XSD 1.0 processor follows from the ``version`` attributes (any token on
testSet/testGroup/test, all tokens on ``expected``). NIST's test-set file is missing
upstream: a NIST instance ``NISTXML-SV-IV-…-N.xml`` is valid, ``NISTXML-SV-II-…`` invalid,
against ``NISTSchema-SV-{IV,II}-….xsd`` beside it. The ``common`` set imports
``http://www.w3.org/XML/2008/06/xlink.xsd``; offline it gets the small local copy below.

Only instance tests are run (a schema test's verdict is a compile result, not validation).
Each engine compiles a test group's schema once:

  lxml       etree.XMLSchema on the group's first schema document (what lxml loads)
  xmlschema  xmlschema.XMLSchema10 on every schema document of the group
  kommune    kommune_core's CompiledSchema.check (libxml2 + the gap checks), all documents

Printed: agreement, false-valid (accepted, should be rejected), false-invalid and errors (the
schema does not compile, a crash, a time-out) per test set and per category, for each engine;
categories are the gap categories of :mod:`kommune_core.validation.xsd.gaps` that the
group's schema uses (a test counts in each), ``xsi-type`` (the instance's root names its type)
and ``plain`` (none of them). The last line is one JSON object with the totals.

  python benchmarks/xsd_conformance.py                       # the whole suite (~25,000 tests)
  python benchmarks/xsd_conformance.py --sample 2000 --seed 1
  python benchmarks/xsd_conformance.py --sets ms,boeing --suite /tmp/xsdtests
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TS = "{http://www.w3.org/XML/2004/xml-schema-test-suite/}"
XLINK = "{http://www.w3.org/1999/xlink}href"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
ENGINES = ("lxml", "xmlschema", "kommune")
SUPPORTED = {"1.0"}
TIMEOUT = 20  # seconds per instance and engine; more is an error

#: http://www.w3.org/XML/2008/06/xlink.xsd, the attributes the suite's xsts.xsd uses
XLINK_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/1999/xlink" xmlns:xlink="http://www.w3.org/1999/xlink">
  <xs:attribute name="type">
    <xs:simpleType><xs:restriction base="xs:token">
      <xs:enumeration value="simple"/><xs:enumeration value="extended"/>
      <xs:enumeration value="title"/><xs:enumeration value="resource"/>
      <xs:enumeration value="locator"/><xs:enumeration value="arc"/>
      <xs:enumeration value="none"/>
    </xs:restriction></xs:simpleType>
  </xs:attribute>
  <xs:attribute name="href" type="xs:anyURI"/>
  <xs:attribute name="role" type="xs:anyURI"/>
  <xs:attribute name="arcrole" type="xs:anyURI"/>
  <xs:attribute name="title" type="xs:string"/>
  <xs:attribute name="show" type="xs:token"/>
  <xs:attribute name="actuate" type="xs:token"/>
  <xs:attribute name="label" type="xs:NCName"/>
  <xs:attribute name="from" type="xs:NCName"/>
  <xs:attribute name="to" type="xs:NCName"/>
</xs:schema>
"""


# -- the tests ------------------------------------------------------------------------------
def _applies(node: etree._Element) -> bool:
    tokens = (node.get("version") or "").split()
    if not tokens:
        return True
    versions = [t for t in tokens if re.fullmatch(r"\d\.\d", t)]
    return not versions or any(t in SUPPORTED for t in versions)


def _expected(test: etree._Element) -> bool | None:
    """True (valid), False (invalid) or None (no verdict prescribed for XSD 1.0)."""
    plain = None
    for exp in test.findall(TS + "expected"):
        tokens = (exp.get("version") or "").split()
        validity = exp.get("validity")
        if validity not in ("valid", "invalid"):
            continue
        if not tokens:
            plain = validity == "valid" if plain is None else plain
        elif all(t in SUPPORTED for t in tokens):
            return validity == "valid"
    return plain


def collect(suite: Path, sets: set[str] | None) -> list[dict[str, Any]]:
    """The applicable instance tests: set, group, schema documents, instance, expected."""
    tests: list[dict[str, Any]] = []
    suite_doc = etree.parse(str(suite / "suite.xml"))
    for ref in suite_doc.getroot().iter(TS + "testSetRef"):
        path = (suite / ref.get(XLINK, "")).resolve()
        name = ref.get(XLINK, "").split("/")[0].removesuffix("Meta")
        if (sets and name not in sets) or not path.is_file():
            continue
        root = etree.parse(str(path)).getroot()
        if not _applies(root):
            continue
        for group in root.iter(TS + "testGroup"):
            if not _applies(group):
                continue
            schema_test = group.find(TS + "schemaTest")
            if schema_test is None or _expected(schema_test) is not True:
                continue  # no schema, or one that must not compile: nothing to validate
            docs = tuple(
                str((path.parent / d.get(XLINK, "")).resolve())
                for d in schema_test.findall(TS + "schemaDocument")
            )
            for test in group.findall(TS + "instanceTest"):
                if not _applies(test):
                    continue
                exp = _expected(test)
                doc = test.find(TS + "instanceDocument")
                if exp is None or doc is None:
                    continue
                tests.append(
                    {
                        "set": name,
                        "testset": root.get("name"),
                        "group": group.get("name"),
                        "schemas": docs,
                        "instance": str((path.parent / doc.get(XLINK, "")).resolve()),
                        "valid": exp,
                    }
                )
    if sets is None or "nist" in sets:
        for inst in sorted((suite / "nistData").rglob("NISTXML-SV-*.xml")):
            m = re.fullmatch(r"NISTXML-SV-(IV|II)-(.+)-\d+\.xml", inst.name)
            if not m:
                continue
            schema = inst.parent / f"NISTSchema-SV-{m.group(1)}-{m.group(2)}.xsd"
            if schema.is_file():
                tests.append(
                    {
                        "set": "nist",
                        "testset": "NISTXMLSchemaDatatypes",
                        "group": schema.stem,
                        "schemas": (str(schema),),
                        "instance": str(inst),
                        "valid": m.group(1) == "IV",
                    }
                )
    return tests


# -- the engines (in a worker) ------------------------------------------------------------
class _Timeout(Exception):
    pass


def _alarm(_sig: int, _frame: Any) -> None:
    raise _Timeout()


_STATE: dict[str, Any] = {}


def _init(catalog_path: str, cache_dir: str) -> None:
    from kommune_core.validation.resources import LocalResolver, XmlCatalog

    catalog = XmlCatalog.from_file(catalog_path)
    _STATE.update(catalog=catalog, cache=cache_dir, resolver=LocalResolver(catalog))
    signal.signal(signal.SIGALRM, _alarm)
    import warnings

    warnings.simplefilter("ignore")  # xmlschema's notes on imports of the test schemas


def _guarded(fn: Any, *args: Any) -> Any:
    signal.alarm(TIMEOUT)
    try:
        return fn(*args)
    finally:
        signal.alarm(0)


def _compile(engine: str, docs: tuple[str, ...]) -> Any:
    import warnings

    from kommune_core.validation.resources import LocalResolver

    resolver = LocalResolver(_STATE["catalog"], folders=(Path(docs[0]).parent,))
    if engine == "lxml":
        return etree.XMLSchema(etree.parse(docs[0], resolver.lxml_parser()))
    if engine == "xmlschema":
        import xmlschema

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return xmlschema.XMLSchema10(
                list(docs) if len(docs) > 1 else docs[0],
                uri_mapper=resolver.map_uri,
                allow="local",
                defuse="always",
            )
    from kommune_core.validation.schemas import compile_schema

    return compile_schema(
        [Path(d) for d in docs], _STATE["catalog"], detail=False, cache_dir=_STATE["cache"]
    )


_PARSER = etree.XMLParser(no_network=True, resolve_entities=True, load_dtd=True, huge_tree=False)


def _verdict(engine: str, schema: Any, instance: str) -> bool:
    if engine == "xmlschema":
        for _err in schema.iter_errors(instance):
            return False
        return True
    tree = etree.parse(instance, _PARSER)
    if engine == "lxml":
        return bool(schema.validate(tree))
    return not [i for i in schema.check(tree) if i.severity == "error"]


def run_group(group: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One schema's tests through every engine: each result is 'valid', 'invalid' or
    'error'; the categories come from kommune's gap analysis."""
    docs = group[0]["schemas"]
    out = [dict(t, got={}, categories=[]) for t in group]
    for engine in ENGINES:
        try:
            schema = _guarded(_compile, engine, docs)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            schema = None
        if engine == "kommune" and schema is not None:
            cats = list(schema.gaps.categories)
            for t in out:
                t["categories"] = cats
        for t in out:
            if schema is None:
                t["got"][engine] = "error"
                continue
            try:
                ok = _guarded(_verdict, engine, schema, t["instance"])
                t["got"][engine] = "valid" if ok else "invalid"
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                t["got"][engine] = "error"
    for t in out:
        try:
            root = etree.parse(t["instance"], _PARSER).getroot()
            if root.get(XSI_TYPE) is not None:
                t["categories"] = [*t["categories"], "xsi-type"]
        except Exception:
            pass
        if not t["categories"]:
            t["categories"] = ["plain"]
    return out


# -- the report -----------------------------------------------------------------------------
def _blank() -> dict[str, int]:
    return {"n": 0, "agree": 0, "false_valid": 0, "false_invalid": 0, "error": 0}


def tally(results: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, dict[str, int]]]]:
    """{"set"|"category"|"total": {key: {engine: counts}}}"""
    out: dict[str, Any] = {
        "set": defaultdict(lambda: defaultdict(_blank)),
        "category": defaultdict(lambda: defaultdict(_blank)),
        "total": defaultdict(lambda: defaultdict(_blank)),
    }
    for r in results:
        want = "valid" if r["valid"] else "invalid"
        keys = [("set", r["set"]), ("total", "all")] + [("category", c) for c in r["categories"]]
        for engine, got in r["got"].items():
            for kind, key in keys:
                c = out[kind][key][engine]
                c["n"] += 1
                if got == want:
                    c["agree"] += 1
                elif got == "error":
                    c["error"] += 1
                elif got == "valid":
                    c["false_valid"] += 1
                else:
                    c["false_invalid"] += 1
    return out


def _pct(c: dict[str, int]) -> str:
    return f"{100 * c['agree'] / c['n']:.2f}" if c["n"] else "-"


def report(table: dict[str, Any]) -> None:
    head = f"{'':24} {'n':>6} " + " ".join(
        f"{e + ' %':>13} {'fv':>5} {'fi':>5} {'err':>4}" for e in ENGINES
    )
    for kind in ("set", "category", "total"):
        print(f"\nper {kind}")
        print(head)
        for key in sorted(table[kind]):
            row = table[kind][key]
            n = max(c["n"] for c in row.values())
            cells = " ".join(
                f"{_pct(row[e]):>13} {row[e]['false_valid']:>5} {row[e]['false_invalid']:>5} "
                f"{row[e]['error']:>4}"
                for e in ENGINES
            )
            print(f"{key:24} {n:>6} {cells}")


def _groups(tests: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    by: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for t in tests:
        by.setdefault(t["schemas"], []).append(t)
    return list(by.values())


def _suite_dir(arg: Path | None, keep: list[Any]) -> Path:
    src = arg or CORPUS / "w3c-xsdtests.tar.xz"
    if src.is_dir():
        return src
    if not src.is_file():
        raise SystemExit(f"no test suite at {src}")
    tmp = tempfile.TemporaryDirectory(prefix="xsdtests-")
    keep.append(tmp)
    with tarfile.open(src) as tar:
        tar.extractall(tmp.name, filter="data")
    inner = [p for p in Path(tmp.name).iterdir() if p.is_dir()]
    return inner[0] if len(inner) == 1 and (inner[0] / "suite.xml").is_file() else Path(tmp.name)


def run(
    suite: Path,
    *,
    sets: set[str] | None = None,
    sample: int | None = None,
    seed: int = 1,
    jobs: int = 1,
    progress: bool = False,
    groups: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Collects and runs the tests: a reproducible sample of ``sample`` tests if given, plus
    every test of the named test ``groups``."""
    tests = collect(suite, sets)
    if sample is not None and sample < len(tests):
        chosen = random.Random(seed).sample(tests, sample)
        picked = {id(t) for t in chosen}
        chosen += [t for t in tests if t["group"] in groups and id(t) not in picked]
        tests = sorted(chosen, key=lambda t: (t["set"], t["instance"]))
    work = tempfile.TemporaryDirectory(prefix="xsdconf-")
    xlink = Path(work.name) / "xlink.xsd"
    xlink.write_text(XLINK_XSD, encoding="utf-8")
    xml_xsd = CORPUS / "xoev-base" / "xml.xsd"
    catalog = Path(work.name) / "catalog.xml"
    entries = [
        f'<uri name="http://www.w3.org/XML/2008/06/xlink.xsd" uri="{xlink}"/>',
        f'<uri name="http://www.w3.org/1999/xlink.xsd" uri="{xlink}"/>',
    ]
    if xml_xsd.is_file():
        entries.append(f'<uri name="http://www.w3.org/2001/xml.xsd" uri="{xml_xsd.resolve()}"/>')
    catalog.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        + "".join(entries)
        + "</catalog>",
        encoding="utf-8",
    )
    cache = str(Path(work.name) / "cache")
    groups = _groups(tests)
    results: list[dict[str, Any]] = []
    started = time.perf_counter()
    try:
        if jobs <= 1:
            _init(str(catalog), cache)
            it: Iterator[list[dict[str, Any]]] = map(run_group, groups)
            for k, part in enumerate(it):
                results.extend(part)
                _progress(progress, k, len(groups), started)
        else:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(
                jobs, initializer=_init, initargs=(str(catalog), cache), maxtasksperchild=200
            ) as pool:
                for k, part in enumerate(pool.imap_unordered(run_group, groups, chunksize=4)):
                    results.extend(part)
                    _progress(progress, k, len(groups), started)
    finally:
        work.cleanup()
    return results


def _progress(on: bool, k: int, n: int, started: float) -> None:
    if on and (k % 200 == 0 or k + 1 == n):
        print(
            f"  {k + 1}/{n} schemas, {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--suite",
        type=Path,
        help="suite.xml's folder or the .tar.xz (default: ../shared/corpus/w3c-xsdtests.tar.xz)",
    )
    ap.add_argument("--sets", help="comma-separated: ms,nist,boeing,ibm,saxon,common")
    ap.add_argument("--sample", type=int, help="a random sample of this many tests")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--disagreements", type=Path, help="write every test an engine got wrong to this JSON file"
    )
    args = ap.parse_args()
    keep: list[Any] = []
    suite = _suite_dir(args.suite, keep)
    started = time.perf_counter()
    results = run(
        suite,
        sets=set(args.sets.split(",")) if args.sets else None,
        sample=args.sample,
        seed=args.seed,
        jobs=args.jobs,
        progress=True,
    )
    table = tally(results)
    report(table)
    if args.disagreements:
        want = {True: "valid", False: "invalid"}
        wrong = [r for r in results if any(g != want[r["valid"]] for g in r["got"].values())]
        args.disagreements.write_text(json.dumps(wrong, indent=1), encoding="utf-8")
    total = table["total"]["all"]
    print(
        json.dumps(
            {
                "tests": max(c["n"] for c in total.values()) if total else 0,
                "seconds": round(time.perf_counter() - started, 1),
                **{
                    e: {
                        "agreement": round(100 * total[e]["agree"] / total[e]["n"], 3)
                        if total[e]["n"]
                        else None,
                        "false_valid": total[e]["false_valid"],
                        "false_invalid": total[e]["false_invalid"],
                        "error": total[e]["error"],
                    }
                    for e in ENGINES
                },
                "sample": args.sample,
                "seed": args.seed if args.sample else None,
            }
        )
    )


if __name__ == "__main__":
    main()
