"""/nominations: the monthly list to TVTO, for staff and admins only.

- `views.py`   the screens (pure: reader and the service's models → text and buttons)
- `screens.py` read what the service holds now and show a view
- `dialog.py`  the two typed steps: a reason to move someone, TVTO's reason for a rejection
- `actions.py` the command and the routing of presses

Every command AND every button press checks the presser's role on the server; a member gets a
polite refusal and nothing changes. Callback data (`nom:...`):
- `nom:home`                       overview (freezes a month whose cut-off has passed)
- `nom:pv`                         the open month's list as it would be if it closed now
- `nom:m:<month>`                  one month: counts per course, the actions its status allows
- `nom:c:<month>:<course>`         review one course's allocation
- `nom:mv:<entry>:<1|0>`           move a person in (1) or out (0): asks for the reason; placing
                                   one more of a cooperative at the month's cap warns first
- `nom:mvc:<entry>`                place over the cooperative cap (after the warning)
- `nom:ap:<month>` / `nom:apok:<month>`    approve (with a confirmation step)
- `nom:x:<month>` / `nom:csv:<month>`      export XLSX / CSV
- `nom:snt:<month>` / `nom:sntok:<month>`  mark the list sent to TVTO
- `nom:cf:<month>`, `nom:cf1:<month>:<registration>`, `nom:cfa:<month>`   mark TVTO-confirmed
- `nom:rj:<month>:<registration>`   TVTO did not take this person: asks for TVTO's reason
"""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import callbacks
from bot.chat.menu import ROLES_STAFF, Command, MenuEntry, Registry
from handlers.nomination.actions import command, freeze_job, on_callback
from handlers.nomination.dialog import FLOW, on_reason
from handlers.nomination.views import FEATURE, cb


def register(app: Application, registry: Registry) -> None:
    registry.add_menu(MenuEntry("nomination-menu", cb("home"), ROLES_STAFF))
    registry.add_command(Command("nominations", "cmd-nominations", ROLES_STAFF))
    registry.add_flow(FLOW, on_reason)
    app.add_handler(CommandHandler("nominations", command))
    app.add_handler(CallbackQueryHandler(on_callback, pattern=callbacks.pattern(FEATURE)))
    if app.job_queue is not None:
        app.job_queue.run_repeating(freeze_job, interval=300, first=90, name="nominations")
