"""/nominations: the monthly list to TVTO, for staff and admins only.

- `views.py`   the screens (pure: reader and the service's models → text and buttons)
- `screens.py` read what the service holds now and show a view
- `dialog.py`  the two typed steps on the dialog kit: a reason to move someone, TVTO's reason
               for a rejection
- `actions.py` the command and the routing of presses

Every command, button press and typed step checks the presser's role on the server (the guard
put on at registration); a member gets a polite refusal and nothing changes.
Callback data (`nom:...`):
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

from handlers.features import Feature, Flow
from handlers.nomination.actions import command, on_callback
from handlers.nomination.dialog import DIALOG
from handlers.nomination.views import cb
from handlers.registration import Registrar


def register(r: Registrar) -> None:
    r.menu("nomination-menu", cb("home"), role="staff")
    r.command("nominations", command, "cmd-nominations", role="staff")
    r.buttons(Feature.NOMINATION, on_callback, role="staff")
    r.flow(Flow.NOMINATION, DIALOG.on_message, role="staff", place=DIALOG.place)
