"""The broadcasts pages: a text written on the web with filters, the live count, preview,
schedule with a Jalali date, send now, progress, stop; wrong input changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.schema.broadcasts import broadcasts
from tests.services.admin_support import audit_actions


async def count_broadcasts(db) -> int:
    async with db.read() as conn:
        return int((await conn.execute(select(func.count()).select_from(broadcasts))).scalar_one())


async def test_compose_count_preview_and_send(console_any):
    console = console_any
    staff = await console.person("staff")
    for _ in range(3):
        await console.person("member")
    await console.person("member", platform="bale")
    csrf = await console.sign_in(staff)

    count = await console.client.get("/broadcasts/audience?platform=bale")
    assert await count.json() == {"count": 1, "text": "تعداد گیرندگان: ۱ نفر"}
    everyone = await (await console.client.get("/broadcasts/audience")).json()
    assert everyone["count"] == 5
    assert (await console.client.get("/broadcasts/audience?topic=nope")).status == 400
    assert (await console.client.get("/broadcasts/audience?course=77")).status == 400
    page = await console.client.get("/broadcasts/new?platform=telegram")
    assert "تعداد گیرندگان: ۴ نفر" in await page.text()  # the count without a script

    empty = await console.client.post("/broadcasts/new", data={"csrf": csrf, "body": "  "})
    assert empty.status == 400 and await count_broadcasts(console.db) == 0
    long = await console.client.post("/broadcasts/new", data={"csrf": csrf, "body": "ا" * 4001})
    assert long.status == 400 and await count_broadcasts(console.db) == 0

    made = await console.client.post(
        "/broadcasts/new",
        data={"csrf": csrf, "body": "کلاس <b>فردا</b> برگزار می‌شود", "platform": "telegram"},
        allow_redirects=False,
    )
    assert made.status == 303
    path = made.headers["Location"]
    preview = await (await console.client.get(path)).text()
    assert "کلاس &lt;b&gt;فردا&lt;/b&gt; برگزار می‌شود" in preview  # as written, escaped
    assert "۴ نفر" in preview
    b_id = int(path.rsplit("/", 1)[1])

    bad_when = await console.client.post(f"{path}/schedule", data={"csrf": csrf, "when": "فردا"})
    assert bad_when.status == 400
    past = await console.client.post(
        f"{path}/schedule", data={"csrf": csrf, "when": "1404/08/01 10:00"}
    )
    assert past.status == 400
    assert (await console.services.broadcast.get(b_id)).status == "draft"

    sent = await console.client.post(f"{path}/send", data={"csrf": csrf}, allow_redirects=False)
    assert sent.headers["Location"] == f"{path}?note=sending"
    assert await console.services.broadcast.enqueue(b_id) == 4
    progress = await (await console.client.get(f"{path}/progress")).json()
    assert progress["status"] == "sending" and progress["total"] == 4 and progress["sent"] == 0
    page = await (await console.client.get(path)).text()
    assert 'id="progress"' in page and "/stop" in page
    report = await console.client.get(f"{path}/report.csv")
    assert report.status == 200
    lines = (await report.read()).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ردیف,") and len(lines) == 5 and "در انتظار" in lines[1]
    assert (await console.client.get(f"{path}/report.xlsx")).status == 200
    assert (await console.client.get(f"{path}/report.pdf")).status == 404
    again = await console.client.post(f"{path}/send", data={"csrf": csrf}, allow_redirects=False)
    assert again.headers["Location"] == f"{path}?note=gone"  # a second press changes nothing
    await console.client.post(f"{path}/stop", data={"csrf": csrf})
    assert (await console.services.broadcast.get(b_id)).status == "stopped"
    actions = [a[0] for a in await audit_actions(console.db)]
    assert ["broadcast.create", "broadcast.start", "broadcast.stop"] == [
        a for a in actions if a.startswith("broadcast.")
    ]


async def test_schedule_with_a_jalali_date_and_cancel(console):
    staff = await console.person("staff")
    await console.person("member")
    csrf = await console.sign_in(staff)
    made = await console.client.post(
        "/broadcasts/new", data={"csrf": csrf, "body": "یادآوری"}, allow_redirects=False
    )
    path = made.headers["Location"]
    b_id = int(path.rsplit("/", 1)[1])
    done = await console.client.post(
        f"{path}/schedule", data={"csrf": csrf, "when": "۱۴۰۴/۰۸/۲۷ ۱۰:۳۰"}, allow_redirects=False
    )
    assert done.headers["Location"] == f"{path}?note=scheduled"
    b = await console.services.broadcast.get(b_id)
    assert b.status == "scheduled" and b.scheduled_at.isoformat() == "2025-11-18T07:00:00+00:00"
    await console.client.post(f"{path}/cancel", data={"csrf": csrf})
    assert (await console.services.broadcast.get(b_id)).status == "cancelled"
