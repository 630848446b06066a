"""A broadcast written in the web console: no message in a chat to copy, so every recipient,
on either messenger, gets the text as written (plain)."""

from __future__ import annotations

import pytest

from tests.services.test_broadcast import rows, service  # noqa: F401  (the fixture)
from tests.storage.test_audience import Seed


async def test_a_text_written_on_the_web_reaches_everyone_as_plain_text(db, service):  # noqa: F811
    seed = Seed(db)
    staff = await seed.member(role="staff")
    telegram = await seed.member()
    bale = await seed.member(platform="bale")
    b = await service.create(staff, platform="telegram", kind="text", body="کلاس فردا <b>نیست</b>")
    assert b.source_message_id is None
    await service.send_now(staff, b.id)
    assert await service.enqueue(b.id) == 3
    written = {r.member_id: r.payload for r in await rows(db, b.id)}
    relay = {"plain": "کلاس فردا <b>نیست</b>"}  # as typed, never a copy nor markup
    assert written == {staff: relay, telegram: relay, bale: relay}


async def test_a_web_text_needs_words(db, service):  # noqa: F811
    staff = await Seed(db).member(role="staff")
    for body in (None, "", "   \u200c "):
        with pytest.raises(ValueError):
            await service.create(staff, platform="telegram", kind="text", body=body)
    with pytest.raises(ValueError):  # a photo without its message stays refused
        await service.create(staff, platform="telegram", kind="photo", body="caption")
