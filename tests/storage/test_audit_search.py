"""Searching the audit log (the web console's audit page): words in the action, reason, the
values before and after (Persian too, as JSON keeps it), the actor's name, ids."""

from __future__ import annotations

from bot.services.audit import AuditService
from storage.audit import AuditRepo
from storage.members import MembersRepo


async def _office(db, clock):
    async with db.write() as conn:
        zahra = await MembersRepo(conn).seen(
            platform="telegram",
            user_id=501,
            chat_id=501,
            first_name="زهرا",
            last_name="Karimi",
            username="zkarimi",
            language_code="fa",
            now=clock.now(),
        )
        repo = AuditRepo(conn)
        at = clock.now()
        await repo.add(
            at=at, actor_id=zahra.id, action="course.edit", subject="course", subject_id=42,
            before={"title_fa": "حسابداری"}, after={"title_fa": "حسابداری پیشرفته"},
        )
        await repo.add(
            at=at, actor_id=None, action="place", subject="registration", subject_id=7,
            reason="ظرفیت تعاونی پر است",
        )
        await repo.add(at=at, actor_id=None, action="backup", subject="database")
    return zahra


async def test_search_finds_words_values_names_and_ids(db, clock):
    zahra = await _office(db, clock)
    async with db.read() as conn:
        repo = AuditRepo(conn)

        async def actions(search: str) -> list[str]:
            return [e.action for e in await repo.page(search=search)]

        assert await actions("پیشرفته") == ["course.edit"]  # a Persian value after the change
        assert await actions("ظرفیت") == ["place"]  # the reason
        assert await actions("BACKUP") == ["backup"]  # any case
        assert await actions("karimi") == ["course.edit"]  # the actor's name
        assert await actions("42") == ["course.edit"]  # the subject's id
        assert await actions(str(zahra.id)) == ["course.edit"]  # the actor's id
        assert await actions("nothing-like-this") == []
        assert await actions("%") == []  # a wildcard is a character, not a pattern
        assert await repo.count(search="course") == 1
        assert await repo.count() == 3


async def test_service_normalises_typed_search(db, clock):
    await _office(db, clock)
    service = AuditService(db, clock)
    # Arabic yeh and kaf, Persian digits: found as the Persian text stored
    found = await service.page(search="حسابداري")
    assert [e.action for e in found.entries] == ["course.edit"]
    assert (await service.page(search="۴۲")).total == 1
    assert (await service.page(search="   ")).total == 3
