"""MembersRepo.visit_many: many people's visits in a few statements, on both engines."""

from datetime import timedelta

from storage.members import MembersRepo, Visit, Visitor


def visit(user_id, now, *, platform="telegram", name="مریم", maybe_new=True):
    return Visit(Visitor(platform, user_id, user_id, name, None, None, "fa"), now, maybe_new)


async def test_new_and_known_people_at_once(db, clock):
    now = clock.now()
    async with db.write() as conn:
        repo = MembersRepo(conn)
        first = await repo.visit_many(
            [visit(1, now), visit(2, now), visit(2, now, platform="bale")]
        )
        assert [created for _, created in first] == [True, True, True]
        assert len({m.id for m, _ in first}) == 3
        await repo.set_role(first[0][0].id, "staff")
        await repo.set_locale(first[0][0].id, "en")
        await repo.mark_blocked(first[1][0].id, now)

    later = now + timedelta(minutes=10)
    async with db.write() as conn:
        again = await MembersRepo(conn).visit_many(
            [
                visit(1, later, name="مریم‌السادات"),  # known, tried as new: not created
                visit(2, later, maybe_new=False),  # known and said so
                visit(3, later),  # new
                visit(3, later, name="زهرا"),  # the same person twice: the last counts
            ]
        )
    (one, c1), (two, c2), (three, c3), (three_again, c4) = again
    assert (c1, c2, c3, c4) == (False, False, True, True)
    assert one.id == first[0][0].id and one.first_name == "مریم‌السادات"
    assert (one.role, one.locale, one.first_seen, one.last_seen) == ("staff", "en", now, later)
    assert two.id == first[1][0].id and not two.is_blocked and two.blocked_at is None
    assert three == three_again and three.first_name == "زهرا"
    async with db.read() as conn:
        assert await MembersRepo(conn).count() == 4


async def test_a_large_batch_is_written_in_chunks(db, clock):
    now = clock.now()
    people = [visit(1000 + i, now) for i in range(1203)]
    async with db.write() as conn:
        result = await MembersRepo(conn).visit_many(people)
    assert [m.user_id for m, _ in result] == [v.visitor.user_id for v in people]
    assert all(created for _, created in result)
    async with db.read() as conn:
        assert await MembersRepo(conn).count() == 1203
