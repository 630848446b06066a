"""The feature and dialog names handlers use: `Feature` (callback prefixes) and `Flow`
(chat_states names). Defined in bot/chat/features.py, where services reach them too.

    from handlers.features import Feature, Flow

    callbacks.encode(Feature.COURSE_ADMIN, "list", 0)
"""

from bot.chat.features import Feature, Flow

__all__ = ["Feature", "Flow"]
