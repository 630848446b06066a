# Reminders planned into the delivery ledger (bot/services/reminders.py) and /reminders.

reminders-session =
    تعاونگر گرامی، یادآوری جلسهٔ دورهٔ «{ $title }»:
    زمان: { $start }
    مکان: { $place }
    لطفاً با دکمه‌های زیر بفرمایید که در این جلسه شرکت می‌کنید یا نه.
reminders-attend-yes = شرکت می‌کنم
reminders-attend-no = نمی‌توانم بیایم
reminders-course-start =
    تعاونگر گرامی، دورهٔ «{ $title }» به‌زودی آغاز می‌شود.
    نخستین جلسه: { $start }
    مکان: { $place }
    { $bring }
reminders-bring-in-person = لطفاً کارت ملی و نوشت‌افزار همراه داشته باشید و چند دقیقه زودتر برسید.
reminders-bring-online = لطفاً پیش از جلسه، اتصال اینترنت و رایانه یا تلفن همراه خود را آماده کنید.
reminders-place-online = برخط (آنلاین)
reminders-place-unknown = به‌زودی اعلام می‌شود
reminders-schedule-changed =
    تعاونگر گرامی، برنامهٔ دورهٔ «{ $title }» تغییر کرده است.
    جلسهٔ بعدی: { $start }
    مکان: { $place }
    یادآوری‌های بعدی بر پایهٔ برنامهٔ تازه فرستاده می‌شوند.
reminders-assessment-nudge =
    تعاونگر گرامی، نیازسنجی آموزشی شما هنوز کامل نشده است.
    فهرست این ماه برای معرفی به سازمان آموزش فنی و حرفه‌ای در { $cutoff } بسته می‌شود؛ لطفاً پیش از آن، نیازسنجی را از منوی اصلی (/start) کامل کنید.
reminders-monthly-staff =
    کارشناس گرامی، مهلت ارسال فهرست معرفی‌شدگان { $month } به سازمان آموزش فنی و حرفه‌ای فرا رسیده است: { $cutoff }.
    لطفاً فهرست را بررسی و ارسال کنید و آن را «ارسال‌شده» علامت بزنید؛ اگر تا { $escalate } علامت نخورد، به مدیران سامانه اطلاع داده می‌شود.
reminders-monthly-escalation =
    مدیر گرامی، فهرست معرفی‌شدگان { $month } که مهلت ارسال آن { $cutoff } بود، هنوز «ارسال‌شده» علامت نخورده است.
    لطفاً پیگیری کنید.
reminders-staff-withdrawn = کارشناس گرامی، { $name } اعلام کرد که نمی‌تواند در دورهٔ «{ $title }» شرکت کند و ثبت‌نامش لغو شد؛ جای او به نفر بعدی فهرست انتظار پیشنهاد می‌شود.
reminders-staff-absent = کارشناس گرامی، { $name } اعلام کرد که نمی‌تواند در نخستین جلسهٔ دورهٔ «{ $title }» شرکت کند؛ لغو ثبت‌نام دیگر ممکن نبود. لطفاً پیگیری کنید.

# /reminders
cmd-reminders = تنظیم یادآوری‌ها
reminders-settings =
    یادآوری‌هایی که بات برایتان می‌فرستد:
    با زدن هر دکمه، آن نوع یادآوری روشن یا خاموش می‌شود.
reminders-kind-session = جلسه‌های دوره
reminders-kind-course = آغاز دوره
reminders-kind-assessment = تکمیل نیازسنجی
reminders-kind-staff = اعلان‌های کارشناسی (فهرست ماهانه، انصراف‌ها)
reminders-state-on = روشن: { $kind }
reminders-state-off = خاموش: { $kind }
reminders-back = بازگشت به منوی اصلی
reminders-saved = تنظیم یادآوری‌ها ذخیره شد.

# the attendance buttons
reminders-attend-thanks = سپاس‌گزاریم؛ شرکت شما در جلسهٔ { $start } ثبت شد.
reminders-attend-noted = اطلاع شما ثبت شد؛ برای جلسهٔ { $start } یادآوری دیگری فرستاده نمی‌شود.
reminders-withdraw-confirm =
    این جلسه، نخستین جلسهٔ دورهٔ «{ $title }» است.
    اگر نمی‌توانید در دوره شرکت کنید، ثبت‌نام شما لغو می‌شود و جایتان به نفر بعدی فهرست انتظار می‌رسد. آیا ثبت‌نام لغو شود؟
reminders-withdraw-yes = بله، ثبت‌نامم لغو شود
reminders-withdraw-keep = نه، ثبت‌نامم بماند
reminders-withdrawn = ثبت‌نام شما در دورهٔ «{ $title }» لغو شد و به کارشناس اداره اطلاع داده شد. امیدواریم در دوره‌های بعدی همراه ما باشید.
reminders-withdraw-too-late = دوره آغاز شده است و لغو ثبت‌نام دیگر ممکن نیست؛ نبودن شما ثبت شد و به کارشناس اداره اطلاع داده شد.
reminders-kept = ثبت‌نام شما سر جایش ماند و نبودنتان در این جلسه ثبت شد؛ یادآوری جلسه‌های بعدی را دریافت می‌کنید.
reminders-invalid = این یادآوری دیگر معتبر نیست؛ ممکن است ثبت‌نام یا برنامهٔ دوره تغییر کرده باشد.
reminders-past = این جلسه به پایان رسیده است.
reminders-unavailable = این کار الان ممکن نیست؛ لطفاً کمی بعد دوباره تلاش کنید.
