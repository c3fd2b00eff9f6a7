"""The domain: frozen attrs values for Länder, Kommunen, providers, law and findings."""

from .exchange import CodeListSpec, MessageCheck, Scenario, SchemaSpec
from .facts import Answer, Fact, FactContext, Reading
from .findings import Change, Finding, Role, Verdict
from .geography import Authority, Kommune, KommuneKind, Land
from .keys import KeyFormatError, KeyKind, ags_of_ars, check_key, classify_key
from .law import Norm, NormVersion
from .providers import (
    Application,
    Approval,
    Bindung,
    BindungsArt,
    MemberList,
    OtherMember,
    Provider,
    QuorumClaim,
    Rechtsform,
    Satzung,
    SatzungTerm,
)
from .reports import ReportFormat
from .rules import Case, CaseView, LookupView, Rule, RuleCheck, Scope, Setup
from .services import Antragsportal, ServiceArea, check_leika
from .sources import Confidence, Source

__all__ = [
    "Answer",
    "Antragsportal",
    "Application",
    "Approval",
    "Authority",
    "Bindung",
    "BindungsArt",
    "Case",
    "CaseView",
    "Change",
    "CodeListSpec",
    "Confidence",
    "Fact",
    "FactContext",
    "Finding",
    "KeyFormatError",
    "KeyKind",
    "Kommune",
    "KommuneKind",
    "Land",
    "LookupView",
    "MemberList",
    "MessageCheck",
    "Norm",
    "NormVersion",
    "OtherMember",
    "Provider",
    "QuorumClaim",
    "Reading",
    "Rechtsform",
    "ReportFormat",
    "Role",
    "Rule",
    "RuleCheck",
    "Satzung",
    "SatzungTerm",
    "Scenario",
    "SchemaSpec",
    "Scope",
    "ServiceArea",
    "Setup",
    "Source",
    "Verdict",
    "ags_of_ars",
    "check_key",
    "check_leika",
    "classify_key",
]
