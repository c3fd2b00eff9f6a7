"""KoSIT validator configurations (``scenarios.xml``), used unchanged.

:func:`load_config` reads a configuration; :class:`KositValidator` validates files with it
(XPath 2.0 matches with elementpath, Schematron stylesheets and report stylesheets on
Saxon-HE, loaded only when used); :mod:`kommune_core.reports.validation.kosit` writes the
KoSIT-style report. See ``docs/validation.md`` ("KoSIT configurations").
"""

from .config import KositConfig, KositConfigError, KositResource, KositScenario, load_config
from .validator import ACCEPT, REJECT, UNDEFINED, KositOptions, KositValidator

__all__ = [
    "ACCEPT",
    "REJECT",
    "UNDEFINED",
    "KositConfig",
    "KositConfigError",
    "KositOptions",
    "KositResource",
    "KositScenario",
    "KositValidator",
    "load_config",
]
