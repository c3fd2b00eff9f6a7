"""The rule kit: everything a plugin needs to write rules, from one module.

Plugins import rule helpers from here only (documented in ``docs/plugin-guide.md``)::

    from kommune_core.rulekit import RuleBook, Verdict, membership, offer_check

* values: :class:`Case`, :class:`Finding`, :class:`Role`, :class:`Verdict`, :class:`Change`,
  :class:`Rule`, :class:`Scope`, :class:`Norm`, :class:`ServiceArea`, :class:`Rechtsform`,
  :class:`Confidence`, :class:`Source`, :class:`QuorumClaim`;
* law as data: :class:`RuleBook` (a plugin's ``norms.toml`` and rules citing it),
  :func:`load_norms`, :func:`rule_on_norms`;
* facts, read through the case so the engine records and weighs them: :func:`membership`
  (three-valued), :func:`offer`, :func:`private_capital`, :func:`exit_quorum`,
  :func:`umlage_keys`; :func:`kommune_keys` (the one place a Kommune's keys are computed);
* shapes both Länder use: :func:`offer_check`, :func:`portal_check`, :func:`joining_finding`,
  :func:`exit_finding`, :func:`leaving_check` (the leaving group's votes as one
  :class:`GroupVotes`); text helpers :func:`fraction_text`,
  :func:`land_name`, :func:`provider_name`.
"""

from __future__ import annotations

from ..domain import (
    Case,
    Change,
    Confidence,
    Finding,
    Norm,
    QuorumClaim,
    Rechtsform,
    Role,
    Rule,
    Scope,
    ServiceArea,
    Source,
    Verdict,
)
from ._facts import (
    Membership,
    active_binding,
    exit_quorum,
    fraction_text,
    kommune_keys,
    land_name,
    membership,
    membership_question,
    offer,
    private_capital,
    provider_name,
    umlage_keys,
)
from ._law import LawDataError, RuleBook, load_norms, rule_on_norms
from ._quorum import GroupVotes, assess_quorum, claims_text, reaches
from ._shapes import exit_finding, joining_finding, leaving_check, offer_check, portal_check

__all__ = [
    "Case",
    "Change",
    "Confidence",
    "Finding",
    "GroupVotes",
    "LawDataError",
    "Membership",
    "Norm",
    "QuorumClaim",
    "Rechtsform",
    "Role",
    "Rule",
    "RuleBook",
    "Scope",
    "ServiceArea",
    "Source",
    "Verdict",
    "active_binding",
    "assess_quorum",
    "claims_text",
    "exit_finding",
    "exit_quorum",
    "fraction_text",
    "joining_finding",
    "kommune_keys",
    "land_name",
    "leaving_check",
    "load_norms",
    "membership",
    "membership_question",
    "offer",
    "offer_check",
    "portal_check",
    "private_capital",
    "provider_name",
    "reaches",
    "rule_on_norms",
    "umlage_keys",
]
