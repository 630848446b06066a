## The staff web console (web/): core, sign-in, the monthly nomination list.

web-title = میز کار دفتر
web-signed-in-as = وارد شده: { $name }
web-sign-out = خروج
web-home-title = میز کار دفتر
web-home-intro = کارهای دفتر را از این‌جا انجام دهید؛ گفت‌وگوی بات برای اعضا می‌ماند.
web-nav-home = خانه
web-nav-nominations = فهرست ماهانه
web-error-signed-out = برای دیدن این صفحه باید وارد شوید.
web-error-forbidden = این صفحه فقط برای کارکنان دفتر است و شما اجازهٔ آن را ندارید.
web-error-not-found = این صفحه پیدا نشد.
web-signin-title = ورود به میز کار
web-signin-how = در گفت‌وگو با بات فرمان /web را بفرستید تا پیوند ورود یک‌بارمصرف برایتان بیاید.
web-signin-button = ورود
web-signin-invalid = این پیوند ورود معتبر نیست.
web-signin-expired = زمان این پیوند ورود گذشته است. پیوند تازه‌ای با /web بگیرید.
web-signin-used = این پیوند ورود پیش‌تر به کار رفته است. پیوند تازه‌ای با /web بگیرید.
web-signin-refused = ورود به میز کار فقط برای کارکنان دفتر است.
web-link-sent = پیوند ورود به میز کار: { $url }
    تا { $minutes } دقیقه و فقط یک بار کار می‌کند؛ آن را به کسی ندهید.
web-link-off = میز کار وب روشن نیست (WEB_PORT یا WEB_BASE_URL تنظیم نشده است).
cmd-web = ورود به میز کار وب دفتر
