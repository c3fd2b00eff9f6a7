"""The compatibility engine: asks every rule in force for findings on (Kommune, provider,
service area, setup, date), weighs facts that are not recorded and decides one verdict per area.

>>> engine = Engine(catalog)                                     # doctest: +SKIP
>>> result = engine.check(catalog.kommune(key), catalog.provider(provider_id),
...                       on=date(2026, 1, 1))                    # doctest: +SKIP
>>> result.verdicts[ServiceArea.ONLINE_DIENSTE]                   # doctest: +SKIP
<Verdict.SERVES_WITH_CONDITIONS: 'serves_with_conditions'>

This package is the evaluator only: plugins write rules with the rule kit,
:mod:`kommune_core.rulekit` (facts, law as data, shared rule shapes), and import nothing else.
"""

from .decide import decide, fold
from .evaluate import NO_RULE, NOT_MODELLED, Engine
from .results import AreaResult, CheckResult

__all__ = [
    "NOT_MODELLED",
    "NO_RULE",
    "AreaResult",
    "CheckResult",
    "Engine",
    "decide",
    "fold",
]
