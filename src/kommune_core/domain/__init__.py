"""The domain: frozen attrs values for Länder, Kommunen, providers, law and findings."""

from .exchange import CodeListSpec, MessageCheck, Scenario, SchemaSpec
from .findings import Finding, Verdict
from .geography import Kommune, KommuneKind, Land
from .keys import KeyFormatError, KeyKind, ags_of_ars, check_key, classify_key
from .law import Norm
from .providers import Bindung, BindungsArt, Provider, QuorumClaim, Rechtsform, Satzung
from .reports import ReportFormat
from .rules import Case, Rule, RuleCheck, Setup
from .services import Antragsportal, ServiceArea, check_leika
from .sources import Confidence, Source

__all__ = [
    "Antragsportal",
    "Bindung",
    "BindungsArt",
    "Case",
    "CodeListSpec",
    "Confidence",
    "Finding",
    "KeyFormatError",
    "KeyKind",
    "Kommune",
    "KommuneKind",
    "Land",
    "MessageCheck",
    "Norm",
    "Provider",
    "QuorumClaim",
    "Rechtsform",
    "ReportFormat",
    "Rule",
    "RuleCheck",
    "Satzung",
    "Scenario",
    "SchemaSpec",
    "ServiceArea",
    "Setup",
    "Source",
    "Verdict",
    "ags_of_ars",
    "check_key",
    "check_leika",
    "classify_key",
]
