start-welcome =
    Welcome to the cooperative training bot.
    { -start-about }
start-welcome-named =
    Welcome, { $name }, to the cooperative training bot.
    { -start-about }
start-back = Welcome back.
start-back-named = Welcome back, { $name }.
start-back-unfinished = Your needs assessment is unfinished; press "Continue the needs assessment" to go on where you stopped.
start-back-submitted = Your needs assessment is recorded; see courses, your cooperative's roadmap and your registrations from the menu below.
-start-about =
    The Technical and Vocational Training Organization (TVTO) reserves 30% of its training capacity for cooperative members; courses are free for members nominated by the provincial cooperative office.
    The first step is the training needs assessment: a few questions about you, your cooperative and its training needs. From the answers the office builds your cooperative's training roadmap and sends TVTO a list of nominees every month.
menu-title = Main menu: please choose an option.
start-link-unknown = Sorry, this link was not recognised or is no longer valid. Here is the main menu.
menu-help = Help
menu-main = Main menu
settings-menu = Settings and privacy
settings-title = Settings and privacy: reminders, language, and the data the bot keeps about you.
settings-reminders = Reminders
settings-mydata = Get my data
settings-deleteme = Erase my data
menu-language = Language / زبان
help-intro =
    Cooperative training bot: help
    Use the menu buttons or these commands:
cmd-start = Start and main menu
cmd-help = Help
cmd-language = Change language
cmd-cancel = Cancel the current step
