## Staff and admin tools: /admin, refusals, staff and invitations, the audit log, courses in the
## chat, courses in bulk (XLSX).

admin-cmd = Tools for office staff and admins
admin-menu-button = Office tools
admin-menu-title-staff = Office staff tools. Please choose:
admin-menu-title-admin = Admin and office staff tools. Please choose:
admin-menu-courses = Manage courses
admin-menu-add-course = Add a new course
admin-menu-template = Get the course spreadsheet template
admin-menu-import = Upload a course spreadsheet
admin-menu-export = Get all courses (spreadsheet)
admin-menu-stats = Statistics
admin-menu-audit = Log of staff actions
admin-menu-staff = Staff and admins
admin-menu-main = Main menu
admin-back = Back to the office tools
admin-refused-staff = Sorry, this part is for the office staff only; nothing was changed.
admin-refused-admin = Sorry, this part is for admins only; nothing was changed.

## Staff, roles and invitations

staff-role-member = member
staff-role-staff = staff
staff-role-admin = admin
staff-title = Staff and admins ({ $count }):
staff-line = { $who } — { $role }
staff-invite-staff = Invite a staff member
staff-invite-admin = Invite an admin
staff-by-id = Add by user id
staff-invitations = Open invitations
staff-back = Back to the staff list
staff-invite-made =
    An invitation link for the role "{ $role }" was made. Please send it only to that colleague:
    { $link }
    or they can send this to the bot: { $command }
    The link works once and is valid until { $until }.
staff-invitations-title = Open invitations ({ $count }):
staff-invitation-line = role "{ $role }", valid until { $until }
staff-revoke = Revoke the invitation valid until { $until }
staff-revoked = The invitation was revoked.
staff-revoke-gone = This invitation was already used or revoked.
staff-ask-id = Please send the colleague's user id (for example 123456789 or bale:123456789). They must have started the bot once before.
staff-ask-id-again = That id is not right. Please send just the number (for example 123456789 or bale:123456789).
staff-unknown-id = Nobody with this id has started the bot yet. Please ask your colleague to send /start first, or make them an invitation link.
staff-person =
    { $who }
    Current role: { $role }
staff-make = Change the role to "{ $role }"
staff-changed = The role was changed to "{ $role }"; they will be told too.
staff-unchanged = That is the role already; nothing changed.
staff-not-found = This person was not found.
staff-configured-admin = This person's role comes from the bot's settings (ADMINS) and cannot be changed here.
staff-self = You cannot change your own role; please ask another admin.
staff-join-done = Welcome, colleague! Your role in the bot is now "{ $role }". The office tools are under /admin.
staff-join-already = Your role was already "{ $role }"; nothing changed.
staff-join-expired = Sorry, this invitation link has expired. Please ask an office admin for a new one.
staff-join-used = Sorry, this invitation link was already used. Please ask an office admin for a new one.
staff-join-invalid = Sorry, this invitation link is not valid.
staff-notice-now-staff = Dear colleague, your role in the cooperative training bot is now "staff". The office tools are under /admin.
staff-notice-now-admin = Dear colleague, your role in the cooperative training bot is now "admin". The office tools are under /admin.
staff-notice-now-member = Dear member, your access to the office tools in the bot was removed. Thank you for your work.

## The audit log

audit-cmd = Log of staff and admin actions
audit-title = Log of actions, page { $page } of { $pages } ({ $total ->
        [one] one entry
       *[other] { $total } entries
    }; newest first)
audit-entry = No. { $id }, { $when }, { $who }: { $what } ({ $subject })
audit-reason = Reason: { $reason }
audit-change = Before: { $before } → after: { $after }
audit-empty = Nothing has been recorded yet.
audit-yes = yes
audit-reason-row = row { $row } of the file
audit-no = no
audit-subject-course = course
audit-subject-registration = registration
audit-subject-member = member
audit-subject-invitation = invitation
audit-subject-broadcast = announcement
audit-subject-month = monthly list
audit-subject-entry = monthly list row
audit-subject-catalogue = course catalogue
audit-subject-database = database
audit-subject-audit = action log
audit-field-role = role
audit-field-status = status
audit-field-expires-at = valid until
audit-field-revoked = revoked
audit-field-seats-taken = seats taken
audit-field-offers = seat offers
audit-field-year = year
audit-field-month = month
audit-field-entries = rows
audit-field-placed = on the list
audit-field-coop-cap = cap per cooperative
audit-field-reason = reason
audit-field-format = format
audit-field-file = file
audit-field-bytes = size (bytes)
audit-field-registrations = registrations
audit-field-registrations-cancelled = registrations cancelled
audit-field-kind = message kind
audit-field-platform = messenger
audit-field-template = ready-made message
audit-field-audience = recipients
audit-field-audience-size = number of recipients
audit-field-urgent = urgent
audit-field-scheduled-at = send at
audit-field-cancelled = messages cancelled
audit-field-course-groups = course groups
audit-field-registration-id = registration no.
audit-field-month-id = monthly list no.
audit-field-entry-id = list row no.
audit-field-offered = free-seat offers
audit-field-over-cap = over the cooperative cap
audit-field-rows = rows
audit-status-registration-requested = requested (in the queue)
audit-status-registration-nominated = on the monthly list
audit-status-registration-sent = sent to TVTO
audit-status-registration-confirmed = accepted by TVTO
audit-status-registration-rejected = not accepted by TVTO
audit-status-registration-waitlisted = on the waiting list
audit-status-registration-offered = offered a free seat
audit-status-registration-cancelled = cancelled
audit-status-registration-attended = attended
audit-status-registration-completed = completed the course
audit-status-month-open = open
audit-status-month-frozen = frozen, awaiting approval
audit-status-month-superseded = replaced by a newer list
audit-status-month-approved = approved
audit-status-month-sent = sent to TVTO
audit-status-month-confirmed = TVTO's answer recorded
audit-status-course-open = registration open
audit-status-course-full = full
audit-status-course-closed = registration closed
audit-status-course-cancelled = cancelled
audit-status-broadcast-draft = draft
audit-status-broadcast-scheduled = scheduled
audit-status-broadcast-sending = sending
audit-status-broadcast-stopped = stopped
audit-status-broadcast-done = sent
audit-status-broadcast-cancelled = cancelled
audit-kind-text = text
audit-kind-photo = photo
audit-kind-document = document
audit-kind-video = video
audit-kind-template = ready-made message
audit-platform-telegram = Telegram
audit-platform-bale = Bale
audit-group-registrants = registrants
audit-group-waitlist = waiting list
audit-group-nominees = monthly-list nominees
audit-entry-reason-staff = staff's decision
audit-newer = Newer
audit-older = Older
audit-export = Get the whole log (spreadsheet)
audit-export-caption = The log of every staff and admin action
audit-system = the bot or the office PC
audit-action-role-invite = invitation link made
audit-action-role-join = joined with an invitation link
audit-action-role-change = role changed
audit-action-role-revoke = invitation revoked
audit-action-role-admins-setting = admin role ended: no longer in ADMINS
audit-action-course-add = course added
audit-action-course-edit = course edited
audit-action-course-capacity = course capacity changed
audit-action-course-close = course registration closed
audit-action-course-reopen = course registration reopened
audit-action-course-cancelled = course cancelled
audit-action-course-import = course loaded from a file
audit-action-course-export = course people list exported
audit-action-course-export-all = course catalogue exported
audit-action-privacy-erase = personal data erased at the member's request
audit-action-audit-export = log exported
audit-action-backup = database backed up
audit-action-export-month = monthly list exported
audit-action-freeze = monthly list frozen
audit-action-place = placed in the monthly list
audit-action-unplace = taken out of the monthly list
audit-action-approve = monthly list approved
audit-action-mark-sent = list marked sent to TVTO
audit-action-confirm = TVTO confirmation recorded
audit-action-return-to-list = request returned to the list
audit-action-tvto-reject = TVTO rejection recorded
audit-action-member-cancelled = member withdrew after nomination
audit-action-broadcast-create = broadcast drafted
audit-action-broadcast-schedule = broadcast scheduled
audit-action-broadcast-start = broadcast started
audit-action-broadcast-cancel = scheduled broadcast cancelled
audit-action-broadcast-stop = broadcast stopped

## Courses in the chat

course-admin-list-title = Courses ({ $count }; page { $page } of { $pages }). Please choose a course:
course-admin-list-empty = There are no courses yet. You can add one or upload the course spreadsheet.
course-admin-list-line = "{ $title }" — { $start } — { $status }
course-admin-previous = Previous page
course-admin-next = Next page
course-admin-show-all = Show finished courses too
course-admin-show-current = Current courses only
course-admin-back-list = Back to the courses
course-admin-back-course = Back to the course
course-admin-not-found = This course was not found.
course-admin-seats = Seats: { $taken } taken of { $capacity }; { $left } free
course-admin-counts =
    Registrations:
    { $counts }
course-admin-count = { $name }: { $count }
course-admin-edit = Edit
course-admin-capacity = Change capacity
course-admin-close = Close registration
course-admin-reopen = Reopen registration
course-admin-cancel = Cancel the course
course-admin-attendance = Attendance
course-admin-export = Get the people lists (spreadsheet)
course-admin-export-caption = Registrants, waitlist and nominees of this course (full national IDs and phones; please keep it safe)
course-admin-list-registrants = Registrants
course-admin-list-waitlist = Waitlist
course-admin-list-nominees = Nominees
course-admin-list-cancelled = Cancelled
course-admin-people-title = List "{ $list }" ({ $count ->
        [one] one person
       *[other] { $count } people
    }):
course-admin-person = { $n }. { $name } — national ID { $national_id } — phone { $mobile } — { $status } — need score { $score }
course-admin-person-position = , place { $position }
course-admin-people-more = and { $count } more; the full list is in the spreadsheet.
course-admin-attendance-title = Answers to the session reminders:
course-admin-attendance-line = Session { $when }: { $coming } coming, { $absent } cannot come ({ $names })
course-admin-attendance-none = No answers to the reminders yet.
course-admin-col-row = No.
course-admin-col-name = Full name
course-admin-col-national-id = National ID
course-admin-col-mobile = Mobile
course-admin-col-cooperative = Cooperative
course-admin-col-status = Status
course-admin-col-score = Need score
course-admin-col-date = Requested on
course-admin-edit-which = Which part of "{ $title }" would you like to edit?
course-admin-current = Current value: { $value }
course-admin-edit-changed = The change was saved.
course-admin-offers-sent = { $count ->
        [one] One person on the waitlist was offered a seat.
       *[other] { $count } people on the waitlist were offered a seat.
    }
course-admin-capacity-below-taken = The capacity cannot go below { $taken ->
        [one] the one seat already taken.
       *[other] the { $taken } seats already taken.
    }
course-admin-edit-unchanged = The new value is the same as the current one; nothing changed.
course-admin-edit-cancelled = This course is cancelled and cannot change.
course-admin-edit-invalid = The change was not saved:
course-admin-closed = Registration for this course is closed; existing registrations stay.
course-admin-reopened = Registration for this course is open again.
course-admin-reopened-deadline-passed = Registration was reopened, but the deadline has passed; please edit the "Registration deadline".
course-admin-cancel-ask = Cancel "{ $title }"? { $count ->
        [one] One active registration will be cancelled, the person will be told and their reminders removed.
       *[other] { $count } active registrations will be cancelled, everyone will be told and their reminders removed.
    } This cannot be undone.
course-admin-cancel-yes = Yes, cancel the course
course-admin-cancel-reason = Please write the reason in one sentence (it goes into the log):
course-admin-cancelled = The course was cancelled; { $count ->
        [one] one registration was cancelled and the person told.
       *[other] { $count } registrations were cancelled and the people told.
    }
course-admin-left = You left the editing dialog; nothing changed.

## The add-course dialog

course-admin-progress = Step { $step } of { $total }
course-admin-ask-title-fa = Please type the Persian title of the course (for example حسابداری مقدماتی):
course-admin-ask-title-en = Please type the English title of the course (for example Basic accounting):
course-admin-ask-standard-code = Please type the TVTO standard code (for example 0012345678):
course-admin-ask-topic = Please choose the topic:
course-admin-ask-provider-kind = Please choose the kind of provider:
course-admin-ask-provider-name = Please type the name of the centre or institute:
course-admin-ask-provider-address = Please type the provider's address (or press "Skip"):
course-admin-ask-provider-phone = Please type the provider's phone (or press "Skip"):
course-admin-ask-province = Please choose the province or type its name:
course-admin-ask-county = Please choose the county or type its name:
course-admin-ask-delivery-mode = Please choose how the course is held:
course-admin-ask-start = Please type the start date (Jalali, for example { $example }):
course-admin-ask-end = Please type the end date (Jalali, for example { $example }):
course-admin-ask-sessions = For each weekly session, press the weekday and then type the time. When all sessions are added, press "Sessions done".
course-admin-ask-session-time = Please type the start and end time of the { $weekday } session (for example 09:00-12:00):
course-admin-ask-total-hours = Please type the total length of the course in hours (for example 48):
course-admin-ask-capacity = Please type the capacity for this programme (seats, for example 25):
course-admin-ask-deadline = Please type the last day of registration (Jalali, for example { $example }; or with a time: { $example } 18:00):
course-admin-deadline-day = until the end of { $date }
course-admin-sessions-so-far = Sessions so far: { $sessions }
course-admin-session = { $weekday } { $start } to { $end }
course-admin-session-added = The session was added.
course-admin-sessions-done = Sessions done
course-admin-sessions-clear = Clear the sessions
course-admin-skip = Skip
course-admin-quit = Leave
course-admin-save = Save the course
course-admin-saved = The course was saved and is open for registration.
course-admin-review = Please review the course. To correct a part, press its button:
course-admin-error-letters = Please write "{ $field }" in words; digits, emoji or symbols alone are not accepted.
course-admin-type-county = Please type the name of the county:
course-admin-choice-tvto-centre = TVTO centre
course-admin-choice-private-institute = Private institute
course-admin-choice-in-person = In person
course-admin-choice-online = Online
course-admin-field-ref = Course key in the file
course-admin-field-standard-code = Standard code
course-admin-field-title-fa = Persian title
course-admin-field-title-en = English title
course-admin-field-topic = Topic
course-admin-field-provider-kind = Provider kind
course-admin-field-provider-name = Provider
course-admin-field-provider-address = Address
course-admin-field-provider-phone = Phone
course-admin-field-province = Province
course-admin-field-county = County
course-admin-field-delivery-mode = Delivery
course-admin-field-start = Start date
course-admin-field-end = End date
course-admin-field-sessions = Weekly sessions
course-admin-field-total-hours = Hours
course-admin-field-capacity = Capacity
course-admin-field-deadline = Registration deadline
course-admin-field-course = Course
course-admin-field-file = File
course-admin-hint-ref = The course key must be a short text.
course-admin-hint-standard-code = The standard code starts with a digit and has only digits, "/" or "-" (3 to 41 characters; for example 0012345678).
course-admin-hint-title = A title has 3 to 200 characters.
course-admin-hint-text = Please type a proper text for "{ $field }".
course-admin-hint-choice = The value of "{ $field }" is not one of the allowed choices.
course-admin-hint-phone = A phone number has 4 to 15 digits (for example 02166000000).
course-admin-hint-number = Please type a whole number for "{ $field }".
course-admin-hint-date = That is not a valid Jalali date. Please write it as year/month/day.
course-admin-hint-deadline = That deadline is not valid. Please write a Jalali date (year/month/day) or a date and time (year/month/day hour:minute).
course-admin-hint-sessions = That session is not right. Please write it like "Saturday 09:00-12:00"; it must end after it starts.
course-admin-problem-required = "{ $field }" cannot be empty.
course-admin-problem-too-short = "{ $field }" is too short.
course-admin-problem-too-long = "{ $field }" is too long.
course-admin-problem-range = The number for "{ $field }" is out of range.
course-admin-problem-past = "{ $field }" must be after today.
course-admin-problem-end-before-start = The end date must not be before the start date.
course-admin-problem-deadline-after-start = Registration must close before the course starts.
course-admin-problem-below-taken = The capacity cannot go below the { $detail } seats already taken.
course-admin-problem-duplicate-ref = This key is used in row { $detail } too.
course-admin-problem-unknown-column = The column "{ $detail }" is not in the template; please use the bot's template.
course-admin-problem-not-xlsx = Please send the template as an .xlsx spreadsheet; this file could not be read.
course-admin-problem-unsafe = This file is packed in a way no spreadsheet program writes, so it was not opened; please save it again in Excel or LibreOffice and send that.
course-admin-problem-too-big = This file is larger than { $detail } MB; please send the courses in several smaller files.
course-admin-problem-too-many-rows = A sheet of this file has more than { $detail } rows (empty rows count too); please delete the empty rows below the courses or send the courses in several files.
course-admin-problem-too-wide = A sheet of this file has more than { $detail } columns; please use the bot's template.
export-out-exists = { $path } exists already and was left as it is; give a new name, or add --force to replace it.
export-out-symlink = { $path } is a symbolic link, which coopbot does not write through; give the name of a new file.
export-out-folder = { $path } is a folder; give the name of a file in it.
export-out-not-file = { $path } is not a regular file, so coopbot does not write to it; give the name of a new file.
course-admin-problem-empty = The file has no course rows.
course-admin-problem-invalid = "{ $field }" is not right ({ $detail }).

## Courses in bulk (XLSX)

course-import-template-caption = Course spreadsheet template
course-import-template-help = Please fill one row per course on the first sheet (each column is explained on the "Guide" sheet and on the headers), then press "Upload a course spreadsheet" and send the file. If even one row is wrong, nothing is added and you get a row-by-row report.
course-import-send-file = Please send the filled spreadsheet here (or press "Leave").
course-import-download-failed = Sorry, the file could not be received. Please send it again.
course-import-done = Done: { $added ->
        [one] one new course added
       *[other] { $added } new courses added
    }, { $updated } updated.
course-import-failed = No course was loaded:
course-import-rejected = No course was loaded: { $bad ->
        [one] { $total ->
            [one] the only row is wrong. Please correct it and send the file again:
           *[other] one row of { $total } is wrong. Please correct it and send the file again:
        }
       *[other] { $bad } of { $total } rows are wrong. Please correct these rows and send the file again:
    }
course-import-row = Row { $row } (key { $ref }): { $problems }
course-import-more = and { $count ->
        [one] one more wrong row.
       *[other] { $count } more wrong rows.
    }
course-import-export-caption = All courses in the template's form (to edit and upload again)
course-import-guide-sheet = Guide
course-import-guide-column = Column
course-import-guide-meaning = Meaning and how to write it
course-import-guide-example = Example
course-import-guide-rules = One row per course. Courses are matched by "ref": a row with the ref of an existing course updates it; a row without a ref is a new course. Dates are Jalali (1404/09/15). If any row is wrong, nothing is loaded.
course-import-col-ref = The course's key in the file; leave it empty for a new course (the bot gives one).
course-import-col-standard-code = TVTO standard code, as text (leading zeros matter).
course-import-col-title-fa = Persian title (3 to 200 characters).
course-import-col-title-en = English title (3 to 200 characters).
course-import-col-topic = Need topic: one of the values listed at the bottom of the Guide sheet (such as accounting).
course-import-col-provider-kind = Provider kind: tvto_centre (TVTO centre) or private_institute.
course-import-col-provider-name = Name of the centre or institute.
course-import-col-provider-address = Address (optional).
course-import-col-provider-phone = Phone (optional; 4 to 15 digits).
course-import-col-province = Province.
course-import-col-county = County.
course-import-col-delivery-mode = Delivery: in_person or online.
course-import-col-start = Start date, Jalali (1404/09/15).
course-import-col-end = End date, Jalali; not before the start.
course-import-col-sessions = Weekly sessions in Tehran time, separated by ";": Saturday 09:00-12:00; Monday 09:00-12:00
course-import-col-total-hours = Total hours (1 to 2000).
course-import-col-capacity = Seats for this programme (1 to 10000).
course-import-col-deadline = Registration deadline: a Jalali date (until the end of that day) or a date and time (1404/09/10 18:00); not after the start.
