"""The monthly list in the web console: the table with its filters, moves with a reason (over
the cooperative cap only after a warning), approval, export, sent, TVTO's answers; each through
NominationService, audited, members told; bad input changes nothing."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from storage.schema.courses import nomination_entries, registrations
from tests.services.admin_support import audit_actions
from tests.services.courses_support import notices
from tests.web.conftest import page_problems
from tests.web.lists import closed_list


async def entries(db, month_id):
    e = nomination_entries.c
    async with db.read() as conn:
        rows = await conn.execute(
            select(e.id, e.placed, e.member_id).where(e.month_id == month_id).order_by(e.rank)
        )
        return [tuple(r) for r in rows.all()]


async def statuses(db):
    async with db.read() as conn:
        rows = await conn.execute(select(registrations.c.member_id, registrations.c.status))
        return dict(rows.all())


async def test_the_table_and_its_filters(desk_any, needs):
    desk = desk_any
    found = await closed_list(desk, needs, [(9, 1), (8, 1), (7, 1), (6, 2)])
    staff = await desk.person("staff")
    await desk.sign_in(staff)
    overview = await desk.client.get("/nominations")
    assert overview.status == 200
    html = await overview.text()
    assert "آبان ۱۴۰۴" in html and f'href="/nominations/{found.month.id}"' in html
    page = await desk.client.get(f"/nominations/{found.month.id}")
    html = await page.text()
    assert page.status == 200
    assert html.count('name="move"') == 4  # a move button per person while under review
    # language, sign out, approve, two exports and ONE form for all the moves: none per row
    assert html.count('name="csrf"') == 6
    assert "تعاونی فرش دماوند" in html and "دماوند" in html and "ورامین" in html
    assert not page_problems(html, "month page"), page_problems(html, "month page")
    assert not page_problems(await overview.text(), "overview")
    assert html.count(">جای گرفت<") == 3 and "جای نگرفت (سقف تعاونی)" in html
    assert "<td class=\"num\">۹</td>" in html  # need scores in Persian digits
    by_county = await desk.client.get(
        f"/nominations/{found.month.id}", params={"county": "tehran:varamin"}
    )
    assert (await by_county.text()).count('name="move"') == 1
    by_coop = await desk.client.get(f"/nominations/{found.month.id}", params={"coop": "۱"})
    assert (await by_coop.text()).count('name="move"') == 3
    unplaced = await desk.client.get(
        f"/nominations/{found.month.id}", params={"status": "unplaced", "course": found.course_id}
    )
    assert (await unplaced.text()).count('name="move"') == 1  # cooperative 1 over its cap of 2
    nonsense = await desk.client.get(
        f"/nominations/{found.month.id}",
        params={"status": "x'); drop", "coop": "abc", "page": "-3"},
    )
    assert nonsense.status == 200 and (await nonsense.text()).count('name="move"') == 4
    assert (await desk.client.get("/nominations/999999")).status == 404
    assert (await desk.client.get("/nominations/abc")).status == 404


async def test_move_with_a_reason_and_the_cap_warning(desk, needs):
    found = await closed_list(desk, needs, [(9, 1), (8, 1), (7, 1), (6, 2)], capacity=4)
    staff = await desk.person("staff")
    csrf = await desk.sign_in(staff)
    month = found.month.id
    rows = await entries(desk.db, month)
    third = rows[2]
    assert third[1] is False  # cooperative 1's third person: over the cap of 2
    url = f"/nominations/{month}/move"
    own = f"reason-{third[0]}"  # the row's own reason field in the table's one form
    form = {"csrf": csrf, "move": f"{third[0]}:1", "back": "coop=1", "reason-1": "another row's"}
    short = await desk.client.post(url, data={**form, own: " x "}, allow_redirects=False)
    assert short.status == 303 and "note=reason" in short.headers["Location"]
    assert "coop=1" in short.headers["Location"]
    warned = await desk.client.post(url, data={**form, own: "هیئت مدیره"}, allow_redirects=False)
    location = warned.headers["Location"]
    assert "note=over_cap" in location and f"over={third[0]}" in location
    assert await entries(desk.db, month) == rows  # nothing changed yet
    page = await desk.client.get(warned.headers["Location"])
    assert f'name="over_cap" value="{third[0]}"' in await page.text()
    other_row = await desk.client.post(  # a confirmation for another row does not count
        url, data={**form, own: "هیئت مدیره", "over_cap": str(rows[3][0])}, allow_redirects=False
    )
    assert "note=over_cap" in other_row.headers["Location"]
    moved = await desk.client.post(
        url, data={**form, own: "هیئت مدیره", "over_cap": str(third[0])}, allow_redirects=False
    )
    assert "note=moved" in moved.headers["Location"]
    assert (await entries(desk.db, month))[2][1] is True
    trail = await desk.services.nomination.audit_trail("entry", third[0])
    assert [(t.action, t.actor_id, t.reason) for t in trail] == [("place", staff.id, "هیئت مدیره")]
    note = await desk.client.get(moved.headers["Location"])
    assert "دلیل" in await note.text()
    for move in ("abc:1", f"{third[0]}:2", "", f"{third[0]}"):
        bad = await desk.client.post(
            url, data={**form, "move": move, own: "درست"}, allow_redirects=False
        )
        assert "note=bad_input" in bad.headers["Location"], move
    single = await desk.client.post(  # a form of its own: entry, placed and reason fields
        url,
        data={"csrf": csrf, "entry": str(third[0]), "placed": "0", "reason": "بازبینی"},
        allow_redirects=False,
    )
    assert "note=moved" in single.headers["Location"]
    assert (await entries(desk.db, month))[2][1] is False


async def test_approve_export_sent_confirm_and_reject(desk_any, needs):
    desk = desk_any
    found = await closed_list(desk, needs, [(9, 1), (8, 2), (7, 2)])
    staff = await desk.person("staff")
    csrf = await desk.sign_in(staff)
    month = found.month.id
    base = f"/nominations/{month}"
    approved = await desk.client.post(
        f"{base}/approve", data={"csrf": csrf}, allow_redirects=False
    )
    assert "note=done" in approved.headers["Location"]
    assert set((await statuses(desk.db)).values()) == {"nominated"}
    again = await desk.client.post(f"{base}/approve", data={"csrf": csrf}, allow_redirects=False)
    assert "note=wrong_status" in again.headers["Location"]
    exported = await desk.client.post(f"{base}/export", data={"csrf": csrf, "format": "csv"})
    assert exported.status == 200
    assert exported.headers["Content-Disposition"].endswith('nominees-1404-08.csv"')
    rows = list(csv.reader(io.StringIO((await exported.read()).decode("utf-8-sig"))))
    assert len(rows) == 4  # the header and three people, as the chat's file
    xlsx = await desk.client.post(f"{base}/export", data={"csrf": csrf, "format": "xlsx"})
    assert (await xlsx.read())[:2] == b"PK"
    sent = await desk.client.post(f"{base}/sent", data={"csrf": csrf}, allow_redirects=False)
    assert "note=done" in sent.headers["Location"]
    page = await (await desk.client.get(base)).text()
    registration_ids = re.findall(r'name="registration" value="(\d+)"', page)
    first, second = sorted(set(registration_ids))[:2]
    one = await desk.client.post(
        f"{base}/confirm", data={"csrf": csrf, "registration": first}, allow_redirects=False
    )
    assert "note=confirmed" in one.headers["Location"] and "n=1" in one.headers["Location"]
    rejected = await desk.client.post(
        f"{base}/reject",
        data={"csrf": csrf, "registration": second, f"reason-{second}": "مدرک تحصیلی ناقص"},
        allow_redirects=False,
    )
    assert "note=rejection_done" in rejected.headers["Location"]
    twice = await desk.client.post(
        f"{base}/reject",
        data={"csrf": csrf, "registration": second, "reason": "دوباره"},
        allow_redirects=False,
    )
    assert "note=not_waiting" in twice.headers["Location"]
    final = await desk.client.post(
        f"{base}/confirm", data={"csrf": csrf, "all": "1"}, allow_redirects=False
    )
    assert "n=1" in final.headers["Location"]
    assert sorted((await statuses(desk.db)).values()) == ["confirmed", "confirmed", "rejected"]
    actions = [a for a, actor, *_ in await audit_actions(desk.db) if actor == staff.id]
    assert actions == [
        "web.sign_in",
        "approve",
        "export.month",
        "export.month",
        "mark_sent",
        "confirm",
        "tvto_reject",
        "confirm",
    ]
    told = {n["key"] for n in await notices(desk.db)}
    assert {
        "courses-notice-nominated",
        "courses-notice-confirmed",
        "courses-notice-rejected",
    } <= told
    english = await desk.client.post(
        "/language", data={"csrf": csrf, "locale": "en", "back": base}, allow_redirects=False
    )
    html = await (await desk.client.get(english.headers["Location"])).text()
    assert "Aban 1404" in html and 'dir="ltr"' in html and "not accepted by TVTO" in html
    assert not page_problems(html, "month page, en")
    persian = await desk.client.post(
        "/language", data={"csrf": csrf, "locale": "fa", "back": base}, allow_redirects=False
    )
    html = await (await desk.client.get(persian.headers["Location"])).text()
    assert "تأیید" in html or "پذیرفته" in html
    assert not page_problems(html, "month page after TVTO's answers"), page_problems(html, "x")
