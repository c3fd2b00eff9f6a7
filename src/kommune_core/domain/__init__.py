"""The domain: frozen attrs values for Länder, Kommunen, providers, law and findings.

The names are imported from their modules on first use (:mod:`kommune_core._lazy`), so that
a module that needs one value (the validator: :mod:`.exchange`) does not import them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

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

if TYPE_CHECKING:
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
else:
    __getattr__, __dir__ = lazy_names(
        __name__,
        {
            ".exchange": "CodeListSpec MessageCheck Scenario SchemaSpec",
            ".facts": "Answer Fact FactContext Reading",
            ".findings": "Change Finding Role Verdict",
            ".geography": "Authority Kommune KommuneKind Land",
            ".keys": "KeyFormatError KeyKind ags_of_ars check_key classify_key",
            ".law": "Norm NormVersion",
            ".providers": "Application Approval Bindung BindungsArt MemberList OtherMember "
            "Provider QuorumClaim Rechtsform Satzung SatzungTerm",
            ".reports": "ReportFormat",
            ".rules": "Case CaseView LookupView Rule RuleCheck Scope Setup",
            ".services": "Antragsportal ServiceArea check_leika",
            ".sources": "Confidence Source",
        },
    )
