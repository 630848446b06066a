nomination-menu = Monthly nomination list
cmd-nominations = Monthly list of nominees to TVTO (staff)
nomination-overview =
    Monthly list of nominees to TVTO
    Requests now go into the { $month } list, which closes on { $cutoff }.
    Requests waiting for a list: { $waiting }
nomination-overview-review = In the closed { $month } list, waiting for review: { $count }
nomination-none = No list has been closed yet.
nomination-month-button = { $month } list: { $status }
nomination-status-frozen = closed, waiting for review
nomination-status-superseded = replaced by the next list
nomination-status-approved = approved, ready to send
nomination-status-sent = sent to TVTO
nomination-status-confirmed = confirmed by TVTO
nomination-month-title =
    { $month } list — { $status }
    Closed on { $cutoff }; at most { $cap ->
        [one] one person
       *[other] { $cap } people
    } of one cooperative per course
    Placed: { $placed }; not placed: { $unplaced }
nomination-course-line = "{ $title }": { $placed } placed, { $unplaced } not
nomination-review-title = Review of "{ $title }" (by training need):
nomination-entry = { $rank }. { $name } — need score { $score } — { $state }
nomination-placed = placed
nomination-unplaced = not placed ({ $reason })
nomination-reason-cap = cooperative cap
nomination-reason-seats = no seat
nomination-reason-staff = by staff
nomination-button-place = Put no. { $rank } in the list
nomination-button-unplace = Take no. { $rank } out
nomination-button-approve = Approve the list
nomination-button-xlsx = Export Excel
nomination-button-csv = Export CSV
nomination-button-sent = Mark as sent to TVTO
nomination-button-confirm = Mark TVTO confirmations
nomination-button-confirm-all = All were confirmed
nomination-button-yes = Yes, do it
nomination-button-back = Back
nomination-ask-reason = Please write the reason for this move (it is kept in the change history):
nomination-moved = The move is recorded with your reason.
nomination-unchanged = This row is already that way.
nomination-no-seat = No seat is left to add someone; please take someone out first.
nomination-over-cap = This would pass the per-cooperative cap for a course; nothing was changed. Please try again from the course's list.
nomination-over-cap-question = { $count ->
        [one] One person
       *[other] { $count } people
    } of no. { $rank }'s cooperative are already placed in this course, and the cap is { $cap } per cooperative. Put them in the list anyway? The decision is kept with your reason in the change history.
nomination-button-over-cap = Yes, place them over the cap
nomination-not-frozen = This list can no longer be changed.
nomination-not-found = Not found.
nomination-done = Done; the members will be told.
nomination-wrong-status = This cannot be done in the list's current state.
nomination-approve-question = Approve the list? The nominees and the other applicants will be told.
nomination-sent-question = Has this list been sent to TVTO?
nomination-export-caption = Nominees, { $month } ({ $count ->
        [one] one person
       *[other] { $count } people
    })
nomination-confirm-title = Please choose the people TVTO confirmed:
nomination-confirm-empty = Nobody is waiting for TVTO's confirmation.
nomination-confirmed = { $count ->
        [one] One confirmation recorded.
       *[other] { $count } confirmations recorded.
    }
nomination-button-reject = TVTO rejected
nomination-ask-rejection = Please write the reason TVTO gave for not accepting { $name } (it is kept in the history and told to them):
nomination-ask-rejection-again = Please write TVTO's reason:
nomination-rejection-done = TVTO's rejection is recorded with its reason and the person will be told; their seat is offered to the next on the waitlist.
nomination-not-waiting = This person is no longer waiting for TVTO's answer; nothing was changed.
nomination-rejected = not accepted by TVTO: { $reason }
nomination-month-rejected = Not accepted by TVTO: { $count }
nomination-preview-button = Preview the { $month } list
nomination-preview-title =
    The { $month } list as it would be if it closed now (it closes on { $cutoff })
    Per course: placed of requests, by need and the per-cooperative cap.
nomination-preview-line = "{ $title }": { $placed } of { $requests }
nomination-preview-more = and { $count ->
        [one] one more course
       *[other] { $count } more courses
    }.
nomination-preview-more-people = and { $count ->
        [one] one more person
       *[other] { $count } more people
    }
nomination-preview-empty = No requests for this list yet.
