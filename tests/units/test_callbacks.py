import pytest

from bot.chat import callbacks


def test_round_trip():
    data = callbacks.encode("assess", "ans", 12, "yes")
    parsed = callbacks.parse(data)
    assert parsed == callbacks.Callback("assess", "ans", ("12", "yes"))
    assert parsed.int_arg(0) == 12
    assert parsed.int_arg(1) is None
    assert parsed.arg(5, "d") == "d"


def test_limit_is_64_bytes():
    callbacks.encode("f", "a", "x" * 38)
    with pytest.raises(callbacks.CallbackTooLong):
        callbacks.encode("feature", "action", "x" * 40, "y" * 20)


@pytest.mark.parametrize(
    "raw",
    [None, "", "nocolon", "a:b:" + "x" * 80, "a:b c", "a::b", "a:ب", ":a", "a:b:\x00"],
)
def test_garbage_never_raises(raw):
    assert callbacks.parse(raw) is None


def test_int_arg_rejects_other_scripts():
    assert callbacks.Callback("a", "b", ("١٢",)).int_arg(0) is None


@pytest.mark.parametrize(
    "raw", ["9" * 30, "-1", "-0", str(2**31), str(2**63), str(2**64), "1e3", "0x10", "+5", ""]
)
def test_int_arg_is_none_outside_what_a_button_can_carry(raw):
    assert callbacks.Callback("a", "b", (raw,)).int_arg(0) is None


def test_int_arg_range_edges():
    assert callbacks.Callback("a", "b", ("0",)).int_arg(0) == 0
    assert callbacks.Callback("a", "b", ("007",)).int_arg(0) == 7
    assert callbacks.Callback("a", "b", (str(callbacks.MAX_INT),)).int_arg(0) == 2**31 - 1
