"""The compatibility engine: asks every rule in force for findings on (Kommune, provider,
service area, setup, date) and folds them into one verdict per area.

>>> engine = Engine(catalog)                                     # doctest: +SKIP
>>> result = engine.check(catalog.kommune(key), catalog.provider(provider_id),
...                       on=date(2026, 1, 1))                    # doctest: +SKIP
>>> result.verdicts[ServiceArea.ONLINE_DIENSTE]                   # doctest: +SKIP
<Verdict.CANNOT_SERVE: 'cannot_serve'>
"""

from .evaluate import NO_RULE, Engine
from .facts import active_binding, fraction_text, kommune_keys, land_name
from .lawdata import LawDataError, load_norms
from .results import AreaResult, CheckResult

__all__ = [
    "NO_RULE",
    "AreaResult",
    "CheckResult",
    "Engine",
    "LawDataError",
    "active_binding",
    "fraction_text",
    "kommune_keys",
    "land_name",
    "load_norms",
]
