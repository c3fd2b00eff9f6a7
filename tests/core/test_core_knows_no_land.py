"""The core knows no Land: no Land-specific fact in src/kommune_core (docs and tests may).
Federal reference data (``data/``: Destatis' list of all sixteen Länder) names every Land
alike and is no Land's fact."""

from __future__ import annotations

import re
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "kommune_core"
FORBIDDEN = re.compile(
    r"Thüringen|Thueringen|Thuringia|Sachsen|Saxony|Sächs|Thür|Gera\b|Saale-Orla|"
    r"\bKISA\b|\bKIV\b|Amt24|ThAVEL|Leipzig|Erfurt|Dresden",
    re.IGNORECASE,
)


def test_core_source_has_no_land_fact() -> None:
    hits = []
    for path in sorted(CORE.rglob("*")):
        if path.is_relative_to(CORE / "data"):
            continue
        if path.is_file() and path.suffix in {
            ".py",
            ".xsd",
            ".xml",
            ".toml",
            ".json",
            ".html",
            ".j2",
            ".jinja",
            ".txt",
            ".sch",
            ".css",
        }:
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN.search(line):
                    hits.append(f"{path.relative_to(CORE)}:{no}: {line.strip()}")
    assert not hits, "Land-specific facts in the core:\n" + "\n".join(hits)


def test_the_check_itself_would_catch_one(tmp_path: Path) -> None:
    assert FORBIDDEN.search('LAND = "Thüringen"') and FORBIDDEN.search("# Stadt Gera")
