"""Official keys: every invalid shape is rejected with a message naming the key and why."""

from __future__ import annotations

import pytest

from kommune_core.domain import (
    KeyFormatError,
    KeyKind,
    Kommune,
    KommuneKind,
    ags_of_ars,
    check_key,
    classify_key,
)


@pytest.mark.parametrize(
    ("value", "kind", "why"),
    [
        ("1605200", KeyKind.AGS, "exactly 8 digits"),
        ("160520000", KeyKind.AGS, "exactly 8 digits"),
        ("1605200a", KeyKind.AGS, "digits only"),
        ("16 52000", KeyKind.AGS, "digits only"),
        ("１６０５２０００", KeyKind.AGS, "digits only"),  # full-width digits are no key
        ("00052000", KeyKind.AGS, "Land key '00'"),
        ("16052000000", KeyKind.ARS, "exactly 12 digits"),
        ("1607", KeyKind.KREIS, "exactly 5 digits"),
        ("1", KeyKind.LAND, "exactly 2 digits"),
        ("", KeyKind.AGS, "exactly 8 digits"),
    ],
)
def test_malformed_keys_are_rejected_with_reason(value: str, kind: KeyKind, why: str) -> None:
    with pytest.raises(KeyFormatError) as exc:
        check_key(value, kind)
    assert why in str(exc.value)
    assert repr(value) in str(exc.value)


def test_integer_key_is_rejected_because_leading_zeros_matter() -> None:
    with pytest.raises(KeyFormatError, match="leading zeros matter"):
        check_key(16052000, KeyKind.AGS)


def test_classify_by_length() -> None:
    assert classify_key("16") is KeyKind.LAND
    assert classify_key("16075") is KeyKind.KREIS
    assert classify_key("16052000") is KeyKind.AGS
    assert classify_key("160520000000") is KeyKind.ARS
    with pytest.raises(KeyFormatError, match="expected 2 .*5 .*8 .*12"):
        classify_key("1605200")


def test_ags_of_ars_drops_the_gemeindeverband_part() -> None:
    assert ags_of_ars("160755011116") == "16075116"


def _gemeinde(**kw: object) -> Kommune:
    base = dict(
        name="Triptis, Stadt",
        kind=KommuneKind.GEMEINDE,
        land="16",
        kreis="16075",
        ags="16075116",
        ars="160755011116",
    )
    base.update(kw)
    return Kommune(**base)  # type: ignore[arg-type]


def test_a_well_formed_gemeinde() -> None:
    k = _gemeinde()
    assert k.key == "16075116"
    assert not k.is_kreisebene


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"land": "14"}, "starts with Land key '16', but the Kommune belongs to Land '14'"),
        ({"kreis": "16074"}, "does not lie in Kreis '16074'"),
        ({"ars": "160755011117"}, "does not contain ags '16075116'"),
        ({"ags": None}, "needs an ags"),
        ({"ags": "1607511"}, "exactly 8 digits"),
        ({"ars": "16075501111"}, "exactly 12 digits"),
    ],
)
def test_inconsistent_keys_name_the_key_and_why(changes: dict, message: str) -> None:
    with pytest.raises(KeyFormatError) as exc:
        _gemeinde(**changes)
    assert message in str(exc.value)


def test_landkreis_has_no_ags() -> None:
    with pytest.raises(KeyFormatError, match="Landkreis has a Kreisschlüssel"):
        Kommune(
            name="Saale-Orla-Kreis",
            kind=KommuneKind.LANDKREIS,
            land="16",
            kreis="16075",
            ags="16075000",
        )


def test_kreisfreie_stadt_ags_ends_in_000() -> None:
    with pytest.raises(KeyFormatError, match="ends in '000'"):
        Kommune(
            name="X", kind=KommuneKind.KREISFREIE_STADT, land="16", kreis="16052", ags="16052001"
        )


def test_enum_members_carry_items_after_their_label() -> None:
    # LabelledEnum: the value stays the string (data files, JSON), the items are attributes
    from kommune_core.domain import Verdict

    assert [(k.value, k.length) for k in KeyKind] == [
        ("land", 2),
        ("kreis", 5),
        ("ags", 8),
        ("ars", 12),
    ]
    assert KeyKind("ags") is KeyKind.AGS and KeyKind.AGS.label.startswith("AGS")
    assert sorted(Verdict, key=lambda v: -v.rank) == [
        Verdict.CANNOT_SERVE,
        Verdict.UNKNOWN,
        Verdict.SERVES_WITH_CONDITIONS,
        Verdict.SERVES,
    ]
    assert Verdict("unknown").value == "unknown" and Verdict.UNKNOWN.label == "offen"
