## The staff web console (web/): core, sign-in, the monthly nomination list.

web-title = Office desk
web-signed-in-as = Signed in: { $name }
web-sign-out = Sign out
web-home-title = Office desk
web-home-intro = Do the office's work here; the chat stays for members.
web-nav-home = Home
web-nav-nominations = Monthly list
web-error-signed-out = Please sign in to see this page.
web-error-forbidden = This page is for office staff only, and you do not have that right.
web-error-not-found = This page was not found.
web-signin-title = Sign in to the desk
web-signin-how = Send /web to the bot in the chat to get a one-time sign-in link.
web-signin-button = Sign in
web-signin-invalid = This sign-in link is not valid.
web-signin-expired = This sign-in link has expired. Get a new one with /web.
web-signin-used = This sign-in link has been used already. Get a new one with /web.
web-signin-refused = The desk is for office staff only.
web-link-sent = Your sign-in link to the desk: { $url }
    It works once, for { $minutes } minutes; do not share it.
web-link-off = The web desk is not turned on (WEB_PORT or WEB_BASE_URL is not set).
cmd-web = Sign in to the office's web desk
