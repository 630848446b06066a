# Staff broadcasts: /broadcast (compose, audience, preview, send or schedule, live progress, Stop)
# and /broadcasts (past and scheduled ones, reports, export, edit, cancel).

broadcast-cmd = Send a message to members (staff)
broadcast-list-cmd = Broadcasts and their reports (staff)
broadcast-menu = Message members
broadcast-list-menu = Broadcasts
broadcast-not-allowed = This is for the cooperative office's staff only. Thank you for being with us.

## Composing

broadcast-compose =
    Please send the message as members should see it: text, a photo, a document or a video with a caption.
    Or pick a prepared template. To give up, send /cancel.
broadcast-compose-unsupported = Please send text, a photo, a document or a video; this kind of message cannot be sent to members.
broadcast-template-courses-label = Template: new courses
broadcast-template-assessment-label = Template: finish the needs assessment
broadcast-template-deadline-label = Template: monthly list deadline
broadcast-template-courses =
    Dear cooperative member, new free training courses of the Technical and Vocational Training Organization have opened for cooperative members.
    To see them and register, press /start and choose "Courses" in the main menu.
broadcast-template-assessment =
    Dear cooperative member, so that courses are planned around your cooperative's needs, please complete the training needs assessment.
    To start or continue, press /start and choose "Needs assessment".
broadcast-template-deadline =
    Dear cooperative member, the monthly list of members introduced to the Technical and Vocational Training Organization closes on day { $day } of every month.
    If you want to take part in this month's courses, please register before then from the main menu (/start).
broadcast-quit = Cancel
broadcast-quit-done = The draft was discarded; it will not be sent to anyone.

## Audience

broadcast-audience-title = Choose who receives message no. { $id }. Different filters combine: a recipient must match all of them.
broadcast-audience-everyone = All members (no filter)
broadcast-audience-count = Recipients: { $count }
broadcast-audience-platform = Messenger: { $value }
broadcast-audience-kinds = Kind of cooperative: { $value }
broadcast-audience-place = Place of the cooperative: { $value }
broadcast-audience-course = Course "{ $title }": { $value }
broadcast-audience-topics = Training need: { $value }
broadcast-audience-unfinished = Only people with an unfinished needs assessment
broadcast-audience-range = Joined the bot: { $value }
broadcast-audience-since = since { $from }
broadcast-audience-until = until { $to }
broadcast-audience-between = from { $from } to { $to }
broadcast-audience-blocked-note = People who blocked the bot are never among the recipients.
broadcast-media-one-platform = { $count ->
        [one] One of these recipients is
       *[other] { $count } of these recipients are
    } on { $platform } and will not get this message: photos, documents and videos can only be copied within the messenger they were sent on.
broadcast-relay-note = Recipients on { $platform } ({ $count }) get the text without formatting.
broadcast-platform-all = all
broadcast-platform-telegram = Telegram
broadcast-platform-bale = Bale
broadcast-btn-platform = Messenger: { $value }
broadcast-btn-kinds = Kind of cooperative
broadcast-btn-place = Province and county
broadcast-btn-course = Course
broadcast-btn-topics = Training need
broadcast-btn-unfinished = Unfinished assessment
broadcast-btn-range = Date joined
broadcast-btn-clear = Remove all filters
broadcast-btn-preview = Preview
broadcast-btn-next = Continue
broadcast-btn-back = Back
broadcast-kinds-title = Choose the kinds of cooperative (one or more).
broadcast-place-title = Choose the province of the recipients' cooperatives (the number is how many members are recorded there).
broadcast-place-none = No member has recorded where their cooperative is yet.
broadcast-place-any = All provinces
broadcast-county-title = Choose a county, or keep every county of { $province }.
broadcast-county-any = All counties
broadcast-course-title = Choose the course.
broadcast-course-none = No open course was found.
broadcast-course-any = No course filter
broadcast-course-groups = Which people of "{ $title }"? (One or more; none chosen means the registrants.)
broadcast-group-registrants = Registrants
broadcast-group-waitlist = Waiting list
broadcast-group-nominees = Introduced to TVTO
broadcast-topics-title = Choose the training needs (one or more).
broadcast-range-title = People who joined the bot in this period:
broadcast-range-7 = Last 7 days
broadcast-range-30 = Last 30 days
broadcast-range-type = Other dates
broadcast-range-clear = Any date
broadcast-range-ask-from = Please type the first day (Jalali calendar), e.g. 1404/08/01
broadcast-range-ask-to = Please type the last day, e.g. 1404/08/30 (or "-" for up to today).
broadcast-range-bad = I could not read that date. Please type it like 1404/08/01.
broadcast-range-order = The last day must come after the first day. Please type it again.
broadcast-preview-note = Recipients see the preview above exactly like this.
broadcast-preview-template = The preview above is in your language; each recipient sees the template in their own language.

## Confirming and scheduling

broadcast-confirm = Message no. { $id } is ready to be sent to { $count ->
        [one] one person
       *[other] { $count } people
    }.
broadcast-confirm-urgent-on = Urgent: it is sent during quiet hours ({ $start }–{ $end }) too.
broadcast-confirm-urgent-off = Not urgent: nothing is sent during quiet hours ({ $start }–{ $end }); sending resumes after them.
broadcast-confirm-scheduled = It is now scheduled for { $when }.
broadcast-confirm-empty = No recipient matches these filters. Please change the recipients.
broadcast-btn-now = Send now
broadcast-btn-schedule = Schedule
broadcast-btn-urgent-on = Urgent: yes
broadcast-btn-urgent-off = Urgent: no
broadcast-schedule-ask = Please type the date (Jalali calendar) and time (Tehran) to send it, e.g. { $example }
broadcast-schedule-bad = I could not read that date and time. Please type it like { $example }.
broadcast-schedule-example = { $date } { $time }
broadcast-schedule-past = That time has passed. Please type a time in the future.
broadcast-scheduled = Message no. { $id } is scheduled for { $when } ({ $count ->
        [one] one person
       *[other] { $count } people
    }). Use /broadcasts to edit or cancel it.
broadcast-scheduled-quiet = That time is within quiet hours; sending starts at { $when }.
broadcast-gone = This message has changed state and can no longer be changed from here.

## Sending: the live status message and the report

broadcast-btn-stop = Stop sending
broadcast-stop-answer = Sending stopped; { $count ->
        [one] one unsent message was cancelled.
       *[other] { $count } unsent messages were cancelled.
    }
broadcast-stop-late = This broadcast has already finished or been stopped.
broadcast-progress-title = Sending message no. { $id }
broadcast-progress-bar = Progress: { $bar } { $percent }%
broadcast-progress-counts = Sent: { $sent } of { $total }; blocked: { $blocked }; failed: { $failed }
broadcast-progress-eta = Time left: about { $eta }
broadcast-progress-preparing = Preparing the list of recipients…
broadcast-progress-quiet = Quiet hours now; sending resumes at { $when }.
broadcast-progress-uncertain = Unknown: { $count ->
        [one] one message (the bot stopped in the middle of sending it; it may have arrived and is not sent again)
       *[other] { $count } messages (the bot stopped in the middle of sending them; they may have arrived and are not sent again)
    }
broadcast-eta-seconds = { $n } s
broadcast-eta-minutes = { $n } min
broadcast-eta-hours = { $n } h { $minutes } min
broadcast-done-title = Message no. { $id } has been sent.
broadcast-stopped-title = Sending message no. { $id } was stopped.
broadcast-report-counts = Delivered: { $sent } of { $total }; blocked: { $blocked }; failed: { $failed }; cancelled: { $cancelled }
broadcast-report-reasons =
    Why some failed:
    { $reasons }
broadcast-report-done =
    Report of broadcast no. { $id }: sending finished.
    Delivered: { $sent } of { $total }
    Blocked the bot (skipped from now on): { $blocked }
    Failed: { $failed }
    Unknown (the bot stopped in the middle of the send; not sent again): { $uncertain }
    Reasons: { $reasons }
broadcast-report-stopped =
    Report of broadcast no. { $id }: sending was stopped.
    Delivered: { $sent } of { $total }
    Blocked the bot: { $blocked }
    Failed: { $failed }
    Cancelled by the stop: { $cancelled }
    Unknown (the bot stopped in the middle of the send; not sent again): { $uncertain }
    Reasons: { $reasons }
broadcast-open = Details and export

## /broadcasts

broadcast-list-title = Recent broadcasts; choose one to see its report or edit it:
broadcast-list-empty = No broadcast has been scheduled or sent yet.
broadcast-list-item = No. { $id } — { $status } — { $what }
broadcast-list-more = Older broadcasts
broadcast-status-draft = draft
broadcast-status-scheduled = scheduled
broadcast-status-sending = sending
broadcast-status-stopped = stopped
broadcast-status-done = sent
broadcast-status-cancelled = cancelled
broadcast-kind-text = text
broadcast-kind-photo = photo
broadcast-kind-document = document
broadcast-kind-video = video
broadcast-kind-template = template
broadcast-detail-title = Broadcast no. { $id } ({ $what })
broadcast-detail-status = Status: { $status }
broadcast-detail-audience = Recipients: { $value }
broadcast-detail-scheduled = Send at: { $when }
broadcast-detail-started = Started: { $when }
broadcast-detail-finished = Finished: { $when }
broadcast-detail-urgent = Urgent (sent during quiet hours too)
broadcast-btn-export-xlsx = Export (Excel)
broadcast-btn-export-csv = Export (CSV)
broadcast-btn-edit-time = Change time
broadcast-btn-edit-audience = Change recipients
broadcast-btn-cancel = Cancel sending
broadcast-btn-cancel-yes = Yes, cancel it
broadcast-cancel-confirm = Cancel broadcast no. { $id }? It will not be sent to anyone.
broadcast-cancelled = Broadcast no. { $id } was cancelled.
broadcast-export-caption = Outcome of broadcast no. { $id } for each recipient
broadcast-export-empty = This broadcast has no recipients to export yet.
broadcast-col-row = Row
broadcast-col-member = Member id
broadcast-col-platform = Messenger
broadcast-col-user = User id
broadcast-col-name = Name
broadcast-col-username = Username
broadcast-col-status = Outcome
broadcast-col-reason = Reason
broadcast-col-attempts = Attempts
broadcast-col-time = Time
broadcast-outcome-pending = waiting
broadcast-outcome-claimed = being sent
broadcast-outcome-sent = delivered
broadcast-outcome-blocked = blocked the bot
broadcast-outcome-failed = failed
broadcast-outcome-cancelled = cancelled
broadcast-outcome-expired = expired
broadcast-outcome-uncertain = unknown (the bot stopped during the send)
