import asyncio
import random

from telegram import Bot, Update

from bot.updates import ChatOrderedUpdateProcessor


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
