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
