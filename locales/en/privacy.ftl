## /mydata and /deleteme: members' privacy

privacy-cmd-mydata = What the bot stores about me
privacy-cmd-deleteme = Erase my personal data
privacy-data-intro = Dear member, everything the bot stores about you is in the attached file (names, assessment answers, registrations and the messages the bot sent you).
privacy-data-caption = Your data in the cooperative training bot
privacy-data-button = First send me my data file
privacy-delete-ask =
    Dear member, erase your personal data?
    Erased: your names, username, national ID, mobile number, typed answers and dates of the assessment; your active registrations are cancelled and the bot stops writing to you.
    Kept, without your name: the member count, the answers chosen from options, and registration figures.
    This cannot be undone.
privacy-delete-yes = Yes, erase my personal data
privacy-delete-no = No, keep it
privacy-delete-kept = Nothing was erased.
privacy-delete-done = Your personal data was erased ({ $courses ->
        [one] one active registration cancelled
       *[other] { $courses } active registrations cancelled
    }). If you write again, the bot will see you as a new user. Thank you for being with us.
