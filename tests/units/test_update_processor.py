import asyncio
import random

from telegram import Bot, Update

from bot.messenger.updates import ChatOrderedUpdateProcessor, start_beside


def message_update(update_id: int, chat_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "x"},
                "text": str(update_id),
            },
        },
        Bot("1:x"),
    )


async def test_order_within_a_chat_and_concurrency_across_chats():
    processor = ChatOrderedUpdateProcessor(max_concurrent_updates=64)
    rng = random.Random(1)
    seen: dict[int, list[int]] = {}
    running = 0
    peak = 0

    async def handle(update: Update) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(rng.random() / 200)
        seen.setdefault(update.effective_chat.id, []).append(update.update_id)
        running -= 1

    updates = [message_update(i, chat_id=i % 10) for i in range(200)]
    tasks = [asyncio.create_task(processor.process_update(u, handle(u))) for u in updates]
    await asyncio.gather(*tasks)
    for chat_id, ids in seen.items():
        assert ids == sorted(ids), chat_id
    assert sum(len(v) for v in seen.values()) == 200
    assert peak > 1, "different chats should run concurrently"
    assert peak <= 10, "one chat never runs two updates at once"
    assert processor.active_keys == 0, "idle chat keys are released"


async def test_global_cap():
    processor = ChatOrderedUpdateProcessor(max_concurrent_updates=3)
    running = 0
    peak = 0

    async def handle() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.005)
        running -= 1

    updates = [message_update(i, chat_id=i) for i in range(20)]
    await asyncio.gather(*(processor.process_update(u, handle()) for u in updates))
    assert peak == 3


async def test_a_call_started_beside_runs_with_the_handler_and_ends_the_update():
    """start_beside: the call is in flight while the handler goes on, and the chat's next update
    starts only after both have finished."""
    processor = ChatOrderedUpdateProcessor(max_concurrent_updates=8)
    log: list[str] = []
    release = asyncio.Event()

    async def answer_press() -> None:
        log.append("answer sent")
        await release.wait()
        log.append("answer done")

    async def first() -> None:
        assert start_beside(answer_press())
        await asyncio.sleep(0)
        log.append("edit sent")  # while the answer is still in flight
        release.set()

    async def second() -> None:
        log.append("next update")

    one = asyncio.create_task(processor.process_update(message_update(1, 5), first()))
    two = asyncio.create_task(processor.process_update(message_update(2, 5), second()))
    await asyncio.gather(one, two)
    assert log == ["answer sent", "edit sent", "answer done", "next update"]


async def test_outside_the_processor_nothing_is_started_beside():
    async def call() -> None:  # pragma: no cover - never started
        raise AssertionError

    coroutine = call()
    assert start_beside(coroutine) is False
    coroutine.close()


async def test_a_failing_call_beside_is_logged_and_the_update_still_ends(caplog):
    processor = ChatOrderedUpdateProcessor(max_concurrent_updates=8)

    async def fails() -> None:
        raise RuntimeError("the messenger went away")

    async def handler() -> None:
        start_beside(fails())

    await processor.process_update(message_update(1, 5), handler())
    assert "the messenger went away" in caplog.text
    assert processor.active_keys == 0


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_flood_in_one_chat_is_cut_at_the_queue_limit_told_once_and_others_do_not_wait():
    clock = FakeMonotonic()
    told: list[tuple[int, bool]] = []

    async def on_dropped(update: Update, tell: bool) -> None:
        told.append((update.update_id, tell))

    # a global cap of 2: the flooding chat's backlog must not eat the other slot
    processor = ChatOrderedUpdateProcessor(
        2, queue_limit=5, on_dropped=on_dropped, notice_every=60, monotonic=clock
    )
    release = asyncio.Event()
    handled: list[int] = []

    async def slow(update: Update) -> None:  # the flooding chat's replies are paced: slow
        await release.wait()
        handled.append(update.update_id)

    async def quick(update: Update) -> None:
        handled.append(update.update_id)

    flood = [message_update(i, chat_id=1) for i in range(300)]
    tasks = [asyncio.create_task(processor.process_update(u, slow(u))) for u in flood]
    await asyncio.sleep(0)
    other = message_update(1000, chat_id=2)
    await asyncio.wait_for(processor.process_update(other, quick(other)), 1)
    assert handled == [1000], "another person is handled while the flood waits"
    await asyncio.sleep(0)
    assert told == [(i, i == 5) for i in range(5, 300)], "dropped beyond 5 pending, told once"
    assert processor.dropped_total == 295
    release.set()
    await asyncio.gather(*tasks)
    assert handled == [1000, 0, 1, 2, 3, 4], "the first five are handled, in order"
    assert processor.active_keys == 0

    # the chat caught up; a new flood within the minute is cut again but not told again
    release.clear()
    tasks = [
        asyncio.create_task(processor.process_update(u, slow(u)))
        for u in (message_update(i, chat_id=1) for i in range(400, 410))
    ]
    await asyncio.sleep(0)
    assert [tell for _, tell in told[295:]] == [False] * 5
    clock.now += 61  # after a minute it is told again
    late = message_update(500, chat_id=1)
    await processor.process_update(late, slow(late))
    assert told[-1] == (500, True)
    release.set()
    await asyncio.gather(*tasks)


async def test_without_a_queue_limit_nothing_is_dropped():
    processor = ChatOrderedUpdateProcessor(8)
    handled: list[int] = []

    async def handle(update: Update) -> None:
        await asyncio.sleep(0)
        handled.append(update.update_id)

    updates = [message_update(i, chat_id=1) for i in range(100)]
    await asyncio.gather(*(processor.process_update(u, handle(u)) for u in updates))
    assert handled == list(range(100))
