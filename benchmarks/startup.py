"""Benchmark: the start-up of ``kommune`` commands (wall time of whole commands on one file).

Times, ``--repeat`` times each, interleaved, and prints median and minimum per command:

  python      ``python -c pass`` (the interpreter alone)
  lxml        a bare lxml loop on one file: compile the XSD, parse, validate (the floor)
  validate    kommune validate --schema X.xsd --checks xsd --offline ONE_FILE
  help        kommune --help
  check       kommune check --kommune 16052000 --provider kisa

With ``--before CHECKOUT`` (e.g. ``git archive <commit> src plugins schemas | tar -x -C
/tmp/base``) the kommune commands run on that checkout too (``PYTHONPATH``), alternating with
the current code, and their outputs (timings removed) must be the same. As installed: with
``.pyc`` files (``PYTHONDONTWRITEBYTECODE`` is dropped and every command runs once first to
write them). Last line: JSON with the medians in ms and the load average at start and end.
Not a test: run it by hand::

  python benchmarks/startup.py --corpus ../shared/corpus/xwasser --before /tmp/base --repeat 20
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

LXML_ONE = """
import sys
from lxml import etree
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
print(schema.validate(etree.parse(sys.argv[2])))
"""
#: what differs between two runs of the same command: the run's time and rate
TIMING = re.compile(rb"\d+[.,]\d+ s, [\d.,]+ files/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus",
        type=Path,
        default=Path("../shared/corpus/xwasser"),
        help="folder with xsd/xwasser.xsd and samples/*.xml (and ../catalog.xml)",
    )
    ap.add_argument(
        "--before",
        type=Path,
        metavar="CHECKOUT",
        help="time the kommune commands of this checkout too (src, plugins/*/src)",
    )
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    corpus = args.corpus.resolve()
    schema = corpus / "xsd" / "xwasser.xsd"
    message = sorted((corpus / "samples").glob("*.xml"))[0]
    catalog = corpus.parent / "catalog.xml"
    kommune = str(Path(sys.executable).with_name("kommune"))
    py = [sys.executable]
    env = dict(os.environ, KOMMUNE_XREPOSITORY_URL="", XML_CATALOG_FILES=str(catalog))
    for var in ("KOMMUNE_PLUGINS", "PYTHONDONTWRITEBYTECODE"):
        env.pop(var, None)
    cmds: dict[str, list[str]] = {
        "validate": [
            "validate",
            "--schema",
            str(schema),
            "--xml-catalog",
            str(catalog),
            "--checks",
            "xsd",
            "--offline",
            str(message),
        ],
        "help": ["--help"],
        "check": ["check", "--kommune", "16052000", "--provider", "kisa"],
    }
    runs: dict[str, tuple[list[str], dict[str, str]]] = {
        "python": ([*py, "-c", "pass"], env),
        "lxml": ([*py, "-c", LXML_ONE, str(schema), str(message)], env),
    }
    for name, argv in cmds.items():
        runs[name] = ([*py, kommune, *argv], env)
        if args.before is not None:
            base = args.before.resolve()
            path = [base / "src", *sorted(base.glob("plugins/*/src"))]
            runs[f"before_{name}"] = (
                [*py, kommune, *argv],
                dict(env, PYTHONPATH=os.pathsep.join(map(str, path))),
            )

    load_start = os.getloadavg()
    outputs = {name: _run(argv, e)[1] for name, (argv, e) in runs.items()}  # writes .pyc
    for name in cmds:
        if f"before_{name}" in outputs and outputs[name] != outputs[f"before_{name}"]:
            sys.exit(f"{name}: the output differs from the checkout's")
    times: dict[str, list[float]] = {name: [] for name in runs}
    order = list(runs)
    for i in range(args.repeat):
        for name in order if i % 2 == 0 else reversed(order):
            argv, e = runs[name]
            times[name].append(_run(argv, e)[0])
    load_end = os.getloadavg()

    print(f"{'command':18} {'median ms':>10} {'min ms':>8}")
    for name, ts in times.items():
        print(f"{name:18} {statistics.median(ts) * 1000:10.1f} {min(ts) * 1000:8.1f}")
    print(
        json.dumps(
            {
                "repeat": args.repeat,
                **{name: round(statistics.median(ts) * 1000, 1) for name, ts in times.items()},
                "before": str(args.before) if args.before else None,
                "loadavg_start": [round(x, 2) for x in load_start],
                "loadavg_end": [round(x, 2) for x in load_end],
            }
        )
    )


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, tuple[int, bytes, bytes]]:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    return wall, (done.returncode, TIMING.sub(b"", done.stdout), TIMING.sub(b"", done.stderr))


if __name__ == "__main__":
    main()
