# Needs assessment (handlers/assessment.py) and the cooperative roadmap (handlers/roadmap.py).
# Question texts live in the questionnaire file (bot/questionnaire/default.yaml).

assessment-menu = Training needs assessment
assessment-menu-continue = Continue the needs assessment
assessment-menu-again = Update my needs assessment
cmd-assess = Training needs assessment (start or continue)
cmd-roadmap = Your cooperative's training roadmap

assessment-progress = Question { $number } of { $total }
assessment-progress-item = , part { $item } of { $items }
assessment-optional = (This question is optional.)
assessment-current = Current answer: { $value }
assessment-multi-hint = Press the options that apply (press again to remove one), then press "Done".
assessment-place-province = Please choose the province first.
assessment-place-county = Province: { $province }. Please choose the county.
assessment-provinces = Change province
assessment-done = Done
assessment-skip = Skip
assessment-back = Back
assessment-next = Next
assessment-to-review = Back to the review
assessment-yes = Yes
assessment-no = No
assessment-skipped = (skipped)
assessment-ok = OK.
assessment-contact-prompt = You can send your mobile number with the "Share my number" button at the bottom of the screen.
assessment-contact-button = Share my number
assessment-mobile-saved = Your mobile number is saved.

assessment-welcome-back = Welcome back: your earlier answers are saved, so we continue where you stopped.
assessment-already = Your needs assessment was submitted on { $date }. You can see your cooperative's training roadmap, or answer again if something has changed.
assessment-roadmap-button = Cooperative training roadmap
assessment-redo = Answer the assessment again
assessment-redo-started = Your previous answers are filled in. Edit whatever has changed, then press "Submit".

assessment-review-title = Review: please check your answers.
assessment-review-hint = To change an answer, press its button. If everything is right, press "Submit".
assessment-submit = Submit
assessment-submitted = Thank you: your needs assessment is submitted.
assessment-score = Your need score: { $score }
assessment-consent-no = Note: as you did not agree to be nominated, your name will not be sent to TVTO. You can answer the assessment again at any time.

assessment-why-title = Why this priority?
assessment-why-topic = "{ $topic }", urgency "{ $urgency }": { $amount ->
        [one] { $points } point
       *[other] { $points } points
    }
assessment-why-topic-plain = "{ $topic }": { $amount ->
        [one] { $points } point
       *[other] { $points } points
    }
assessment-why-members = Members who need training: { $count }, { $amount ->
        [one] { $points } point
       *[other] { $points } points
    }
assessment-why-bonus = "{ $label }": { $amount ->
        [one] { $points } point
       *[other] { $points } points
    }

assessment-stale = That button belongs to another question; here is the current one again.
assessment-stale-version = The questionnaire has been updated; please continue from the current question.
assessment-closed = This assessment has already been submitted.

assessment-error-empty = Please type your answer.
assessment-error-too-long = That answer is too long; please keep it to { $max } characters or fewer.
assessment-error-too-short = That answer is too short; please write at least { $min } characters.
assessment-error-pattern = That answer is not in the expected form; please see the question's hint and try again.
assessment-error-letters = Please write your answer in words; digits, emoji or symbols alone are not accepted.
assessment-error-number = Please type a whole number only (Persian or English digits), for example 25.
assessment-error-range = Please enter a number from { $min } to { $max }.
assessment-error-above-answer = This number cannot be more than your answer to "{ $label }" ({ $max }); please try again.
assessment-error-national-id = That national ID is not valid; please check the 10 digits and enter it again.
assessment-error-mobile = That mobile number is not valid; please enter a number like 09121234567 or press "Share my number".
assessment-error-coop-id = The cooperative's national ID has 11 digits; please enter it again.
assessment-error-date = I could not read that date; please write it like 1404/03/15.
assessment-error-date-future = That date has not come yet; please enter a date in the past.
assessment-error-use-buttons = Please choose your answer with the buttons under the question.
assessment-error-unknown-option = That option is not valid; please use the buttons of the current question.
assessment-error-too-few = Please choose at least { $min_n ->
        [one] one of the options
       *[other] { $min } of the options
    }.
assessment-error-too-many = You can choose at most { $max ->
        [one] one option
       *[other] { $max } options
    }.
assessment-error-not-optional = This question needs an answer.
assessment-error-incomplete = Not every question is answered yet; please answer this one.
assessment-error-kind = I cannot take this kind of message as an answer; please type your answer or use the buttons.
assessment-error-contact = I am not waiting for a phone number right now; please answer the question below.
assessment-error-contact-other = Please send your own number with the "Share my number" button, or type it.
assessment-warning-coop-id = The national ID is saved, but it does not match the usual pattern of these IDs; if it is wrong, please correct it in the review.

roadmap-menu = Main menu
roadmap-menu-button = My cooperative's training roadmap
roadmap-title = Training roadmap of "{ $name }"
roadmap-basis = Based on the answers of { $count ->
        [one] one member
       *[other] { $count } members
    }; last updated { $date }
roadmap-item = { $position }. { $topic }
roadmap-item-detail = { $members ->
        [one] One member needs it
       *[other] { $members } members need it
    }, urgency: { $urgency }, score { $score }
roadmap-item-detail-plain = { $members ->
        [one] One member needs it
       *[other] { $members } members need it
    }, score { $score }
roadmap-requests = Topics described by members: { $requests }
roadmap-courses = Suggested courses: { $courses }
roadmap-score = Cooperative need score: { $score }
roadmap-why-topic = "{ $topic }": { $count ->
        [one] one member
       *[other] { $count } members
    }, { $amount ->
        [one] { $points } point
       *[other] { $points } points
    }
roadmap-empty = No needs have been recorded for this cooperative yet.
roadmap-none = You have not submitted the training needs assessment yet. Once you do, your cooperative's training roadmap is shown here.
