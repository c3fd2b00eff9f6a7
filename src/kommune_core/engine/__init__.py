"""The compatibility engine: asks every rule in force for findings on (Kommune, provider,
service area, setup, date), weighs facts that are not recorded and decides one verdict per area.

>>> engine = Engine(catalog)                                     # doctest: +SKIP
>>> result = engine.check(catalog.kommune(key), catalog.provider(provider_id),
...                       on=date(2026, 1, 1))                    # doctest: +SKIP
>>> result.verdicts[ServiceArea.ONLINE_DIENSTE]                   # doctest: +SKIP
<Verdict.SERVES_WITH_CONDITIONS: 'serves_with_conditions'>

Rule helpers for plugins live in :mod:`kommune_core.rulekit`; the names re-exported here
(``active_binding``, ``load_norms`` …) stay for plugins written against earlier versions.
"""

from ..domain import Change, Fact
from ..rulekit import (
    LawDataError,
    active_binding,
    fraction_text,
    kommune_keys,
    land_name,
    load_norms,
)
from .decide import decide, fold
from .evaluate import NO_RULE, NOT_MODELLED, Engine
from .results import AreaResult, CheckResult

__all__ = [
    "NOT_MODELLED",
    "NO_RULE",
    "AreaResult",
    "Change",
    "CheckResult",
    "Engine",
    "Fact",
    "LawDataError",
    "active_binding",
    "decide",
    "fold",
    "fraction_text",
    "kommune_keys",
    "land_name",
    "load_norms",
]
