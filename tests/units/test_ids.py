"""Unit tests for bot.persian.ids."""

import pytest

from bot.persian.ids import (
    coop_national_id,
    mask_mobile,
    mask_national_id,
    mobile,
    national_id,
    national_id_checksum_ok,
)


def _with_check_digit(nine: str) -> str:
    """Build a valid national ID from nine digits (reference implementation for the tests)."""
    r = sum(int(c) * (10 - i) for i, c in enumerate(nine)) % 11
    return nine + str(r if r < 2 else 11 - r)


# --- national ID ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0076229645", "0076229645"),
        ("۰۰۷۶۲۲۹۶۴۵", "0076229645"),
        ("٠٠٧٦٢٢٩٦٤٥", "0076229645"),
        ("007-622964-5", "0076229645"),
        ("007 622 964 5", "0076229645"),
        ("\u200f۰۰۷۶۲۲۹۶۴۵\u200e", "0076229645"),
        ("076229645", "0076229645"),  # 9 digits, zero-padded
        ("76229645", "0076229645"),  # 8 digits, zero-padded
        ("۷۶۲۲۹۶۴۵", "0076229645"),
        (76229645, "0076229645"),  # an int from a spreadsheet lost its zeros
        ("1234567891", "1234567891"),  # r = 10 → check digit 1
        ("0499370899", "0499370899"),
    ],
)
def test_national_id_valid(raw: str | int, expected: str) -> None:
    assert national_id(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "1234567890",  # wrong check digit
        "0076229646",
        "1111111111",  # all same digits
        "0000000000",  # all same, passes the checksum
        "00000000",
        "2222222222",
        "7622964",  # 7 digits: too short
        "00076229645",  # 11 digits: too long
        "",
        "   ",
        "abcdefghij",
        "00762296a5",
        "۰۰۷۶۲۲۹۶۴۵۱",
        "0076229645 0076229645",
        None,
        True,
    ],
)
def test_national_id_invalid(raw: object) -> None:
    assert national_id(raw) is None  # type: ignore[arg-type]


def test_all_same_digit_ids_are_rejected_even_when_checksum_passes() -> None:
    for d in "0123456789":
        assert national_id(d * 10) is None
    # at least some of them do pass the bare checksum, which is why the rule exists
    assert any(national_id_checksum_ok(d * 10) for d in "0123456789")


@pytest.mark.parametrize(
    "nine", ["007622964", "123456789", "000000001", "999999998", "530012345", "100000000"]
)
def test_national_id_checksum_against_reference(nine: str) -> None:
    valid = _with_check_digit(nine)
    assert national_id(valid) == valid
    for wrong in "0123456789":
        if wrong != valid[-1]:
            assert national_id(nine + wrong) is None


# --- mobile ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "09121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸۹۱۲۱۲۳۴۵۶۷",
        "۹۱۲۱۲۳۴۵۶۷",
        "0912 123 4567",
        "0912-123-4567",
        "+98 912 123 4567",
        "+98 (912) 123-4567",
        "0098 912 123 45 67",
        "+98 0912 123 4567",  # trunk zero kept after the country code
        "\u200f+98 912 123 4567\u200e",
        " 09121234567 ",
        9121234567,
    ],
)
def test_mobile_valid(raw: str | int) -> None:
    assert mobile(raw) == "09121234567"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09351234567", "09351234567"),
        ("+989901234567", "09901234567"),
        ("989011234567", "09011234567"),
    ],
)
def test_mobile_other_operators(raw: str, expected: str) -> None:
    assert mobile(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "0912123456",  # 10 digits starting 0
        "091212345678",  # 12 digits
        "02112345678",  # landline
        "+442071234567",
        "+98 21 1234 5678",  # Tehran landline with country code
        "912123456",
        "abc",
        "0912abc4567",
        "09121234567 ext 2",
        "+",
        "++989121234567",
        "98912123456",  # 11 digits starting 98: neither form
        None,
    ],
)
def test_mobile_invalid(raw: str | None) -> None:
    assert mobile(raw) is None


# --- cooperative national ID --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10380284790", ("10380284790", True)),
        ("۱۰۳۸۰۲۸۴۷۹۰", ("10380284790", True)),
        ("103-8028-4790", ("10380284790", True)),
        ("10380284792", ("10380284792", False)),  # checksum fails: kept, warned
        ("10380285692", ("10380285692", False)),
        ("11111111111", ("11111111111", False)),
        ("09748208301", ("09748208301", False)),
        ("00000000000", ("00000000000", False)),
        ("1038028479", (None, False)),  # 10 digits
        ("103802847901", (None, False)),  # 12 digits
        ("123000000", (None, False)),
        ("1038028479a", (None, False)),
        ("", (None, False)),
        (None, (None, False)),
    ],
)
def test_coop_national_id(raw: str | None, expected: tuple[str | None, bool]) -> None:
    assert coop_national_id(raw) == expected


def test_coop_national_id_r10_maps_to_zero() -> None:
    # find an ID whose raw remainder is 10: its check digit must be 0
    coef = (29, 27, 23, 19, 17) * 2
    for n in range(10**9, 10**9 + 2000):
        ten = str(n).zfill(10)
        k = int(ten[9]) + 2
        if sum((int(c) + k) * w for c, w in zip(ten, coef, strict=True)) % 11 == 10:
            break
    else:  # pragma: no cover
        pytest.fail("no r == 10 case found")
    assert coop_national_id(ten + "0") == (ten + "0", True)
    assert coop_national_id(ten + "1")[1] is False


# --- masking ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0076229645", "******9645"),
        ("۰۰۷۶۲۲۹۶۴۵", "******9645"),
        ("76229645", "******9645"),  # padded before masking
        ("1234567890", "******7890"),  # invalid IDs are masked too
        ("12", "*2"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_national_id(raw: str | None, expected: str) -> None:
    assert mask_national_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09121234567", "0912***4567"),
        ("+989121234567", "0912***4567"),
        ("۹۱۲۱۲۳۴۵۶۷", "0912***4567"),
        ("02112345678", "0211***5678"),  # not a mobile: still masked
        ("1234", "**34"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_mobile(raw: str | None, expected: str) -> None:
    assert mask_mobile(raw) == expected
