courses-menu = Training courses
cmd-courses = TVTO training courses
cmd-mycourses = My courses
courses-browse-title = Free TVTO courses for cooperative members. Please choose:
courses-button-recommended = Recommended for me
courses-button-by-topic = By topic
courses-button-by-county = By county
courses-button-my-courses = My courses
courses-button-back = Back
courses-button-main-menu = Main menu
courses-button-register = Register for this course
courses-button-cancel = Cancel my place
courses-button-cancel-yes = Yes, cancel it
courses-button-assessment = Start the needs assessment
courses-ics-button = Add to my phone's calendar
courses-offer-accept = I accept
courses-offer-decline = No, thanks
courses-list-recommended = These courses match your cooperative's training roadmap:
courses-list-topic = Courses on "{ $topic }":
courses-list-county = Courses in { $county }:
courses-list-empty = No course is open for registration here yet. Please check again later.
courses-list-elsewhere = Courses marked with a province are held in another province than your cooperative's.
courses-elsewhere = in { $province } province
courses-recommended-need-assessment = To recommend courses we need your training needs assessment first: recommendations come from your cooperative's roadmap.
courses-choose-topic = Please choose a topic:
courses-choose-county = Please choose a county:
courses-not-found = This course was not found; it may have been removed.
courses-card =
    "{ $title }"
    Standard code: { $code }
    Topic: { $topic }
    Provider: { $provider } ({ $kind })
    Place: { $place }
    Phone: { $phone }
    County: { $county }, { $province } province
    Dates: { $start } to { $end }
    Sessions: { $sessions }
    Length: { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    }
    Registration deadline: { $deadline }
    Course status: { $status }
    Seats left: { $seats } of { $capacity }
courses-card-mine = Your status: { $mine }
courses-card-position = Your place on the waiting list: { $position }
courses-card-offer = Answer the offer by: { $deadline }
courses-session = { $weekday }s { $start }–{ $end }
courses-place-online = Online
courses-kind-tvto-centre = TVTO centre
courses-kind-private-institute = private institute
courses-course-open = open for registration
courses-course-full = full; new registrations join the waiting list
courses-course-closed = the registration deadline has passed
courses-course-cancelled = cancelled
courses-course-started = started
courses-status-requested = requested (waiting for the monthly list)
courses-status-nominated = nominated in the monthly list
courses-status-sent = sent to TVTO
courses-status-confirmed = confirmed
courses-status-rejected = not accepted by TVTO
courses-status-waitlisted = on the waiting list
courses-status-offered = a free seat is offered to you
courses-status-cancelled = cancelled
courses-status-attended = attending
courses-status-completed = completed
courses-register-requested = Your request is recorded. The office reviews it for the monthly list of nominees to TVTO, and we will tell you about every change.
courses-register-waitlisted = This course is full; you are on the waiting list, in place { $position }. If a seat frees up, it is offered by training need.
courses-register-already = You have already registered for this course.
courses-register-need-assessment = To register, please complete the training needs assessment first. It takes only a few minutes.
courses-register-need-consent = To register we need your consent to send your details to TVTO. Please submit the needs assessment again and give your consent.
courses-register-closed = Registration for this course is closed.
courses-overlap-warning = Note: this course's sessions overlap with "{ $titles }". Please check your schedule.
courses-cancel-confirm = Are you sure you want to cancel your place in "{ $title }"? It will be offered to the next person on the waiting list.
courses-cancel-done = Your place is cancelled.
courses-cancel-not-registered = You have no active registration for this course.
courses-cancel-too-late = The course has started; please contact the office to withdraw.
courses-offer-accepted = You accepted: your seat in "{ $title }" is kept and goes into the monthly list.
courses-offer-declined = You declined; the seat was offered to the next person.
courses-offer-expired = This offer has expired and the seat went to the next person. If you are still interested, please register again.
courses-offer-not-offered = This offer is no longer valid.
courses-ics-caption = The sessions of "{ $title }" (Tehran time). Open this file to add them to your phone's calendar.
courses-ics-not-confirmed = A course can be added to the calendar once TVTO confirms it.
courses-my-title = Your courses:
courses-my-empty = You have not registered for any course yet. Please choose one under "Training courses".
courses-my-item = "{ $title }" — { $status }
courses-notice-offer = A seat became free in "{ $title }" (starting { $start }) and is offered to you. Please answer by { $deadline }.
courses-notice-offer-expired = The offer for "{ $title }" expired and the seat went to the next person.
courses-notice-nominated = You are in the monthly list of nominees for "{ $title }" (starting { $start }).
courses-notice-carried-over = Your request for "{ $title }" did not get a place in this month's list; it is kept for the { $month } list.
courses-notice-bumped = This month's list for "{ $title }" gave priority to people with greater need; your request is on the waiting list (place { $position }) and kept for next month.
courses-notice-sent = The list of nominees for "{ $title }", with your name, was sent to TVTO.
courses-notice-confirmed = TVTO confirmed your place in "{ $title }" (starting { $start }). Use the button below to add the sessions to your phone's calendar.
courses-notice-returned = Your nomination for "{ $title }" did not go through this time; your request is kept for the { $month } list.
courses-notice-rejected = TVTO did not accept your registration for "{ $title }" (starting { $start }). The reason given: { $reason }
    If you have questions, please contact the cooperative office; you may request this course or others again.
courses-notice-course-cancelled = The course "{ $title }" was cancelled. We apologise; please look at the other courses.
