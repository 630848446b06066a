"""Staff broadcasts: /broadcast (write an announcement, choose who gets it, preview it, send or
schedule it) and /broadcasts (past and scheduled ones with their reports; export, edit, cancel).

Staff and admins only, declared where it is registered (handlers/registration.py): every command,
button press and typed step re-checks the person's role on the server (and the service checks it
again); a member gets the broadcast's polite refusal and nothing changes.

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

from bot.chat.context import CoopContext
from handlers.broadcast import actions, dialog, history
from handlers.broadcast.texts import REFUSAL_KEY, cb, list_cb
from handlers.features import Feature, Flow
from handlers.registration import Registrar


async def command(update: Update, ctx: CoopContext) -> None:
    await dialog.begin(update, ctx)


def register(r: Registrar) -> None:
    """Staff only, with the broadcast's own refusal: /broadcast, its buttons and its dialog;
    /broadcasts and its buttons."""
    refusal = REFUSAL_KEY
    r.command("broadcast", command, "broadcast-cmd", role="staff", refusal=refusal)
    r.menu("broadcast-menu", cb("new", 0), role="staff")
    r.buttons(Feature.BROADCAST, actions.on_button, role="staff", refusal=refusal)
    r.flow(
        Flow.BROADCAST,
        dialog.DIALOG.on_message,
        role="staff",
        refusal=refusal,
        place=dialog.DIALOG.place,
    )
    r.command("broadcasts", history.command, "broadcast-list-cmd", role="staff", refusal=refusal)
    r.menu("broadcast-list-menu", list_cb("list", 0), role="staff")
    r.buttons(Feature.BROADCAST_LIST, history.on_button, role="staff", refusal=refusal)
