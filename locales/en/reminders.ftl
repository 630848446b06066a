# Reminders planned into the delivery ledger (bot/services/reminders.py) and /reminders.

reminders-session =
    Reminder: a session of the course “{ $title }”.
    When: { $start }
    Where: { $place }
    Please tell us with the buttons below whether you will attend.
reminders-attend-yes = I'll attend
reminders-attend-no = I can't come
reminders-course-start =
    The course “{ $title }” starts soon.
    First session: { $start }
    Where: { $place }
    { $bring }
reminders-bring-in-person = Please bring your national ID card and something to write with, and arrive a few minutes early.
reminders-bring-online = Please check your internet connection and your computer or phone before the session.
reminders-place-online = online
reminders-place-unknown = to be announced
reminders-deadline =
    Registration for the course “{ $title }” closes on { $deadline }.
    You are on its waitlist; if a seat frees up, it is offered to you. You can also look at other courses under “Training courses” in the main menu.
reminders-schedule-changed =
    The schedule of the course “{ $title }” has changed.
    Next session: { $start }
    Where: { $place }
    Your next reminders follow the new schedule.
reminders-assessment-nudge =
    Your training needs assessment is not finished yet.
    This month's list for TVTO closes on { $cutoff }; please finish the assessment before then from the main menu (/start).
reminders-monthly-staff =
    The monthly list of nominees for { $month } is due to be sent to TVTO: { $cutoff }.
    Please review and send it, then mark it as sent; if it is not marked by { $escalate }, the administrators are told.
reminders-monthly-escalation =
    The nominee list for { $month }, due { $cutoff }, is still not marked as sent.
    Please follow it up.
reminders-staff-withdrawn = { $name } said they cannot take part in “{ $title }”; their registration was cancelled and the seat is offered to the next person on the waitlist.
reminders-staff-absent = { $name } said they cannot come to the first session of “{ $title }”; it was too late to cancel the registration. Please follow it up.

# /reminders
cmd-reminders = Reminder settings
reminders-settings =
    The reminders the bot sends you:
    each button shows a reminder's current state; press it to change it.
reminders-kind-session = course sessions
reminders-kind-course = course start
reminders-kind-assessment = finishing the needs assessment
reminders-kind-staff = staff notices (monthly list, withdrawals)
reminders-state-on = ✅ Reminders of { $kind }: on — press to turn off
reminders-state-off = 🔕 Reminders of { $kind }: off — press to turn on
reminders-back = Back to the main menu
reminders-saved = Reminder settings saved.

# the attendance buttons
reminders-attend-thanks = Thank you; your attendance at the session on { $start } is noted.
reminders-attend-noted = Noted; you will get no more reminders for the session on { $start }.
reminders-withdraw-confirm =
    This is the first session of “{ $title }”.
    If you cannot take part in the course, your registration is cancelled and your seat goes to the next person on the waitlist. Cancel your registration?
reminders-withdraw-yes = Yes, cancel my registration
reminders-withdraw-keep = No, keep my registration
reminders-withdrawn = Your registration for “{ $title }” was cancelled and the office was told. We hope to see you in a later course.
reminders-withdraw-too-late = The course has started and the registration can no longer be cancelled; your absence is noted and the office was told.
reminders-kept = Your registration stays and your absence from this session is noted; you will get the reminders of the next sessions.
reminders-invalid = This reminder is no longer valid; the registration or the course schedule may have changed.
reminders-past = This session is over.
reminders-unavailable = This is not possible right now; please try again in a little while.
