## /mydata and /deleteme: members' privacy

privacy-cmd-mydata = What the bot stores about me
privacy-cmd-deleteme = Erase my personal data
privacy-data-intro = Dear member, everything the bot stores about you is in the two attached files (names, assessment answers, registrations and the messages the bot sent you): the first is for reading and opens in your phone's browser; the second holds the same data for computers (JSON).
privacy-data-caption = Your data in the cooperative training bot (for reading)
privacy-data-caption-json = The same data for computers (JSON, times in UTC)
privacy-data-button = First send me my data file
privacy-delete-ask =
    Dear member, erase your personal data?
    Erased: your names, username, national ID, mobile number, typed answers and dates of the assessment; your active registrations are cancelled and the bot stops writing to you.
    Kept, without your name: the member count, the answers chosen from options, and registration figures.
    This erases your account on this messenger; if you also used the bot on the other messenger with the same national ID, that account receives a message with a button to erase it too.
    This cannot be undone.
privacy-delete-yes = Yes, erase my personal data
privacy-delete-no = No, keep it
privacy-delete-kept = Nothing was erased.
privacy-delete-done = Your personal data was erased ({ $courses ->
        [one] one active registration cancelled
       *[other] { $courses } active registrations cancelled
    }). If you write again, the bot will see you as a new user. Thank you for being with us.
privacy-delete-done-others = Another account with the same national ID is on { $platforms }: it was sent a message with a button to erase it. That account is erased when you confirm there (for your safety, an account can only be erased from itself).
privacy-linked-notice = Dear member, the personal data of an account on { $platform } with the same national ID was erased at its owner's request. To erase the data of this account too, press the button below; you will be asked before anything is erased.
privacy-linked-button = Erase my data in this account

## /mydata: the readable document (HTML)
privacy-doc-title = Your data in the cooperative training bot
privacy-doc-made = Prepared on { $when }
privacy-doc-json = The same data for computers (JSON, English names, UTC times) is in the file { $file } next to this one.
privacy-doc-account = Your account
privacy-doc-messenger = Messenger
privacy-doc-user-id = User ID
privacy-doc-name = Name
privacy-doc-username = Username
privacy-doc-language = Language
privacy-doc-role = Role in the bot
privacy-doc-role-value = { $role ->
        [staff] office staff
        [admin] admin
       *[other] member
    }
privacy-doc-first-seen = First message
privacy-doc-last-seen = Last message
privacy-doc-profile = About you (from the assessment)
privacy-doc-full-name = Full name
privacy-doc-national-id = National ID
privacy-doc-mobile = Mobile
privacy-doc-coop-role = Role in the cooperative
privacy-doc-gender = Gender
privacy-doc-education = Education
privacy-doc-cooperative = Cooperative
privacy-doc-updated = Last changed
privacy-doc-assessment = Assessment { $number }
privacy-doc-status = Status
privacy-doc-assessment-status = { $status ->
        [submitted] submitted
       *[other] not finished
    }
privacy-doc-started = Started
privacy-doc-submitted = Submitted
privacy-doc-need-score = Need score
privacy-doc-registrations = Registrations
privacy-doc-registered = requested on { $when }
privacy-doc-messages = Messages the bot sent you or has queued ({ $count })
privacy-doc-message-status = { $status ->
        [sent] sent
        [pending] queued
        [claimed] queued
        [sending] being sent
        [cancelled] cancelled
        [expired] its moment passed, not sent
        [blocked] not delivered (the bot was blocked)
        [failed] not delivered
        [uncertain] may have arrived
       *[other] { $status }
    }
privacy-doc-reminders = Reminder settings
privacy-doc-attendance = Your attendance replies
privacy-doc-attendance-answer = Session of { $when }: { $answer ->
        [yes] coming
        [no] not coming
       *[other] { $answer }
    }
privacy-doc-other = Other records
privacy-doc-other-hint = Their details are in the JSON file.
privacy-doc-rows = { $table }: { $count }
privacy-doc-table = { $table ->
        [chat_states] a conversation with the bot left half-way
        [broadcasts] announcements you wrote
        [course_audit] your actions in the audit log
        [nomination_months] monthly lists you moved on
        [nomination_entries] your name in monthly lists
        [staff_invitations] staff invitation links
       *[other] { $table }
    }
