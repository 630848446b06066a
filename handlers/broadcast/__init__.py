"""Staff broadcasts: /broadcast (write an announcement, choose who gets it, preview it, send or
schedule it) and /broadcasts (past and scheduled ones with their reports; export, edit, cancel).

Staff and admins only: the command AND every button press re-check the presser's role on the
server (and the service checks it again); a member gets a polite refusal and nothing changes.

- `texts.py`: keys, callback data, and `Words` (the reader's language with the questionnaire's
  names);
- `views.py` (/broadcast), `list_views.py` (/broadcasts): the screens, pure functions of `Words`
  and the models (snapshot-tested in both languages, tests/handlers/views/);
- `screens.py`: gathers what a screen needs through the broadcast service and shows it;
- `dialog.py`: the typed steps (compose, when, from/to) with the chat state (flow "broadcast");
- `actions.py`: the /broadcast buttons; `history.py`: /broadcasts.

Callback data `bc:<action>:<broadcast id>[:<arg>]`:
- `bc:new:0`, `bc:tpl:0:<template>`          compose; start from a prepared template
- `bc:quit:<id>`                              leave the dialog (a draft stays a draft)
- `bc:aud:<id>`, `bc:clr:<id>`                the audience screen; remove every filter
- `bc:plat:<id>`                              messenger: all → Telegram → Bale → all
- `bc:kinds:<id>`, `bc:kind:<id>:<kind>`      kinds of cooperative (toggles)
- `bc:prov:<id>`, `bc:pv:<id>:<province|->`, `bc:ct:<id>:<county|->`     province and county
- `bc:crs:<id>:<page>`, `bc:cs:<id>:<course|->`, `bc:grp:<id>:<group>`   course and its people
- `bc:tops:<id>`, `bc:tp:<id>:<topic>`        need topics (toggles)
- `bc:unf:<id>`                               unfinished assessment (toggle)
- `bc:rng:<id>`, `bc:rg:<id>:<7|30|type|clear>`  when people joined the bot
- `bc:prev:<id>`                              preview: the message copied back exactly
- `bc:next:<id>`, `bc:urg:<id>`               confirm screen; urgent on/off
- `bc:now:<id>`, `bc:sch:<id>`                send now (the screen becomes the live status
                                              message); schedule (asks for the time)
- `bc:stop:<id>`                              Stop: every pending message is cancelled
and `bcs:…` for /broadcasts (history.py).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import callbacks
from bot.chat.context import CoopContext
from bot.chat.menu import ROLES_STAFF, Command, MenuEntry, Registry
from handlers.authz import staff_now
from handlers.broadcast import actions, dialog, history
from handlers.broadcast.screens import refuse
from handlers.broadcast.texts import cb, list_cb
from handlers.features import Feature


async def command(update: Update, ctx: CoopContext) -> None:
    if not await staff_now(ctx):
        await refuse(update, ctx)
        return
    await dialog.begin(update, ctx)


def register(app: Application, registry: Registry) -> None:
    registry.add_command(Command("broadcast", "broadcast-cmd", ROLES_STAFF))
    registry.add_menu(MenuEntry("broadcast-menu", cb("new", 0), ROLES_STAFF))
    registry.add_flow(dialog.DIALOG.name, dialog.DIALOG.on_message)
    app.add_handler(CommandHandler("broadcast", command))
    app.add_handler(
        CallbackQueryHandler(actions.on_button, pattern=callbacks.pattern(Feature.BROADCAST))
    )

    registry.add_command(Command("broadcasts", "broadcast-list-cmd", ROLES_STAFF))
    registry.add_menu(MenuEntry("broadcast-list-menu", list_cb("list", 0), ROLES_STAFF))
    app.add_handler(CommandHandler("broadcasts", history.command))
    pattern = callbacks.pattern(Feature.BROADCAST_LIST)
    app.add_handler(CallbackQueryHandler(history.on_button, pattern=pattern))
