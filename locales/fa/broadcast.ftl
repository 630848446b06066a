# Staff broadcasts: /broadcast (compose, audience, preview, send or schedule, live progress, Stop)
# and /broadcasts (past and scheduled ones, reports, export, edit, cancel).

broadcast-cmd = ارسال پیام به اعضا (ویژهٔ کارشناسان)
broadcast-list-cmd = پیام‌های گروهی و گزارش آن‌ها (ویژهٔ کارشناسان)
broadcast-menu = ارسال پیام به اعضا
broadcast-list-menu = پیام‌های گروهی
broadcast-not-allowed = این بخش ویژهٔ کارشناسان اداره تعاون است؛ از این‌که با ما همراه هستید سپاسگزاریم.

## Composing

broadcast-compose =
    لطفاً پیامی را که می‌خواهید برای اعضا فرستاده شود، همان‌طور که باید ببینند بفرستید: متن، عکس، سند یا ویدیو همراه با توضیح.
    یا یکی از قالب‌های آماده را انتخاب کنید. برای انصراف، /cancel را بفرستید.
broadcast-compose-unsupported = لطفاً متن، عکس، سند یا ویدیو بفرستید؛ این نوع پیام را نمی‌توان برای اعضا فرستاد.
broadcast-template-courses-label = قالب: دوره‌های تازه
broadcast-template-assessment-label = قالب: تکمیل نیازسنجی
broadcast-template-deadline-label = قالب: مهلت فهرست ماهانه
broadcast-template-courses =
    تعاونگر گرامی، دوره‌های آموزشی رایگان تازه‌ای از سوی سازمان آموزش فنی و حرفه‌ای برای اعضای تعاونی‌ها آغاز شده است.
    لطفاً برای دیدن دوره‌ها و ثبت‌نام، /start را بزنید و از منوی اصلی «دوره‌ها» را انتخاب کنید.
broadcast-template-assessment =
    تعاونگر گرامی، برای این‌که دوره‌ها بر پایهٔ نیاز تعاونی شما برنامه‌ریزی شوند، لطفاً نیازسنجی آموزشی را کامل کنید.
    برای شروع یا ادامه، /start را بزنید و «نیازسنجی» را انتخاب کنید.
broadcast-template-deadline =
    تعاونگر گرامی، فهرست ماهانهٔ معرفی اعضا به سازمان آموزش فنی و حرفه‌ای روز { $day } هر ماه بسته می‌شود.
    لطفاً اگر می‌خواهید در دوره‌های این ماه شرکت کنید، پیش از آن ثبت‌نام خود را از منوی اصلی (/start) انجام دهید.
broadcast-quit = انصراف
broadcast-quit-done = پیش‌نویس پیام کنار گذاشته شد و برای کسی فرستاده نمی‌شود.

## Audience

broadcast-audience-title = گیرندگان پیام شمارهٔ { $id } را انتخاب کنید. فیلترهای گوناگون با هم ترکیب می‌شوند و هر گیرنده باید همهٔ آن‌ها را داشته باشد.
broadcast-audience-everyone = همهٔ اعضا (بدون فیلتر)
broadcast-audience-count = تعداد گیرندگان: { $count } نفر
broadcast-audience-platform = پیام‌رسان: { $value }
broadcast-audience-kinds = نوع تعاونی: { $value }
broadcast-audience-place = محل تعاونی: { $value }
broadcast-audience-course = دورهٔ «{ $title }»: { $value }
broadcast-audience-topics = نیاز آموزشی: { $value }
broadcast-audience-unfinished = فقط کسانی که نیازسنجی را ناتمام گذاشته‌اند
broadcast-audience-range = عضویت در بات: { $value }
broadcast-audience-since = از { $from }
broadcast-audience-until = تا { $to }
broadcast-audience-between = از { $from } تا { $to }
broadcast-audience-blocked-note = کسانی که بات را مسدود کرده‌اند هرگز در شمار گیرندگان نیستند.
broadcast-media-one-platform = { $count } نفر از این گیرندگان در { $platform } هستند و این پیام را دریافت نمی‌کنند: عکس، سند و ویدیو فقط در همان پیام‌رسانی که فرستاده شده‌اند رونوشت می‌شوند.
broadcast-relay-note = گیرندگان { $platform } ({ $count } نفر) متن پیام را بدون قالب‌بندی دریافت می‌کنند.
broadcast-platform-all = همه
broadcast-platform-telegram = تلگرام
broadcast-platform-bale = بله
broadcast-btn-platform = پیام‌رسان: { $value }
broadcast-btn-kinds = نوع تعاونی
broadcast-btn-place = استان و شهرستان
broadcast-btn-course = دوره
broadcast-btn-topics = نیاز آموزشی
broadcast-btn-unfinished = نیازسنجی ناتمام
broadcast-btn-range = تاریخ عضویت
broadcast-btn-clear = حذف همهٔ فیلترها
broadcast-btn-preview = پیش‌نمایش
broadcast-btn-next = ادامه
broadcast-btn-back = بازگشت
broadcast-kinds-title = نوع تعاونی گیرندگان را انتخاب کنید (یک یا چند مورد).
broadcast-place-title = استان تعاونی گیرندگان را انتخاب کنید (عدد، شمار اعضای ثبت‌شده است).
broadcast-place-none = هنوز هیچ عضوی محل تعاونی خود را در نیازسنجی ثبت نکرده است.
broadcast-place-any = همهٔ استان‌ها
broadcast-county-title = شهرستان را انتخاب کنید، یا همهٔ شهرستان‌های استان { $province } را نگه دارید.
broadcast-county-any = همهٔ شهرستان‌ها
broadcast-course-title = دوره را انتخاب کنید.
broadcast-course-none = هیچ دورهٔ بازی پیدا نشد.
broadcast-course-any = بدون فیلتر دوره
broadcast-course-groups = کدام افراد دورهٔ «{ $title }»؟ (یک یا چند مورد؛ اگر هیچ‌کدام را انتخاب نکنید، ثبت‌نام‌شدگان.)
broadcast-group-registrants = ثبت‌نام‌شدگان
broadcast-group-waitlist = فهرست انتظار
broadcast-group-nominees = معرفی‌شدگان به سازمان
broadcast-topics-title = نیاز آموزشی گیرندگان را انتخاب کنید (یک یا چند مورد).
broadcast-range-title = کسانی که در این بازه عضو بات شده‌اند:
broadcast-range-7 = هفت روز گذشته
broadcast-range-30 = سی روز گذشته
broadcast-range-type = تاریخ دلخواه
broadcast-range-clear = بدون محدودیت تاریخ
broadcast-range-ask-from = لطفاً تاریخ شروع را به تقویم شمسی وارد کنید؛ مثلاً ۱۴۰۴/۰۸/۰۱
broadcast-range-ask-to = لطفاً تاریخ پایان را وارد کنید؛ مثلاً ۱۴۰۴/۰۸/۳۰ (یا «-» برای تا امروز).
broadcast-range-bad = این تاریخ را نتوانستم بخوانم. لطفاً تاریخ را مانند ۱۴۰۴/۰۸/۰۱ وارد کنید.
broadcast-range-order = تاریخ پایان باید پس از تاریخ شروع باشد. لطفاً دوباره وارد کنید.
broadcast-preview-note = پیش‌نمایش بالا را گیرندگان دقیقاً همین‌طور می‌بینند.
broadcast-preview-template = پیش‌نمایش بالا به زبان شماست؛ هر گیرنده این قالب را به زبان خودش می‌بیند.

## Confirming and scheduling

broadcast-confirm = پیام شمارهٔ { $id } آمادهٔ ارسال برای { $count } نفر است.
broadcast-confirm-urgent-on = فوری است: در ساعت سکوت ({ $start } تا { $end }) هم فرستاده می‌شود.
broadcast-confirm-urgent-off = فوری نیست: در ساعت سکوت ({ $start } تا { $end }) فرستاده نمی‌شود و پس از آن ادامه می‌یابد.
broadcast-confirm-scheduled = اکنون برای { $when } زمان‌بندی شده است.
broadcast-confirm-empty = با این فیلترها هیچ گیرنده‌ای پیدا نشد. لطفاً گیرندگان را تغییر دهید.
broadcast-btn-now = ارسال اکنون
broadcast-btn-schedule = زمان‌بندی
broadcast-btn-urgent-on = فوری: بله
broadcast-btn-urgent-off = فوری: خیر
broadcast-schedule-ask = لطفاً تاریخ و ساعت ارسال را به تقویم شمسی و به وقت تهران وارد کنید؛ مثلاً { $example }
broadcast-schedule-bad = این تاریخ و ساعت را نتوانستم بخوانم. لطفاً مانند { $example } وارد کنید.
broadcast-schedule-example = {"\u200F"}{ $date } ساعت { $time }
broadcast-schedule-past = این زمان گذشته است. لطفاً زمانی در آینده وارد کنید.
broadcast-scheduled = پیام شمارهٔ { $id } برای { $when } زمان‌بندی شد ({ $count } نفر). با /broadcasts می‌توانید آن را ویرایش یا لغو کنید.
broadcast-scheduled-quiet = این زمان در ساعت سکوت است؛ ارسال از { $when } آغاز می‌شود.
broadcast-gone = وضعیت این پیام تغییر کرده است و دیگر نمی‌توان آن را از این‌جا تغییر داد.

## Sending: the live status message and the report

broadcast-btn-stop = توقف ارسال
broadcast-stop-answer = ارسال متوقف شد؛ { $count } پیام ارسال‌نشده لغو شد.
broadcast-stop-late = این ارسال پیش‌تر به پایان رسیده یا متوقف شده است.
broadcast-progress-title = در حال ارسال پیام شمارهٔ { $id }
broadcast-progress-bar = پیشرفت: { $bar } { $percent }٪
broadcast-progress-counts = ارسال‌شده: { $sent } از { $total }؛ مسدودکرده: { $blocked }؛ ناموفق: { $failed }
broadcast-progress-eta = زمان باقی‌مانده: حدود { $eta }
broadcast-progress-preparing = فهرست گیرندگان در حال آماده شدن است…
broadcast-progress-quiet = اکنون ساعت سکوت است؛ ارسال از { $when } ادامه می‌یابد.
broadcast-progress-uncertain = وضعیت نامعلوم: { $count } پیام (بات در میانهٔ ارسالشان متوقف شد؛ شاید رسیده باشند و دوباره فرستاده نمی‌شوند)
broadcast-eta-seconds = { $n } ثانیه
broadcast-eta-minutes = { $n } دقیقه
broadcast-eta-hours = { $n } ساعت و { $minutes } دقیقه
broadcast-done-title = ارسال پیام شمارهٔ { $id } به پایان رسید.
broadcast-stopped-title = ارسال پیام شمارهٔ { $id } متوقف شد.
broadcast-report-counts = رسید: { $sent } از { $total }؛ مسدودکرده: { $blocked }؛ ناموفق: { $failed }؛ لغوشده: { $cancelled }
broadcast-report-reasons =
    دلایل ناموفق بودن:
    { $reasons }
broadcast-report-done =
    گزارش پیام گروهی شمارهٔ { $id }: ارسال به پایان رسید.
    رسید: { $sent } از { $total }
    مسدودکرده (از این پس کنار گذاشته می‌شوند): { $blocked }
    ناموفق: { $failed }
    وضعیت نامعلوم (بات در میانهٔ ارسال متوقف شد؛ دوباره فرستاده نشد): { $uncertain }
    دلایل: { $reasons }
broadcast-report-stopped =
    گزارش پیام گروهی شمارهٔ { $id }: ارسال متوقف شد.
    رسید: { $sent } از { $total }
    مسدودکرده: { $blocked }
    ناموفق: { $failed }
    لغوشده با توقف: { $cancelled }
    وضعیت نامعلوم (بات در میانهٔ ارسال متوقف شد؛ دوباره فرستاده نشد): { $uncertain }
    دلایل: { $reasons }
broadcast-open = جزئیات و خروجی

## /broadcasts

broadcast-list-title = پیام‌های گروهی اخیر؛ برای دیدن گزارش یا ویرایش، یکی را انتخاب کنید:
broadcast-list-empty = هنوز هیچ پیام گروهی‌ای زمان‌بندی یا فرستاده نشده است.
broadcast-list-item = شمارهٔ { $id } — { $status } — { $what }
broadcast-list-more = پیام‌های قدیمی‌تر
broadcast-status-draft = پیش‌نویس
broadcast-status-scheduled = زمان‌بندی‌شده
broadcast-status-sending = در حال ارسال
broadcast-status-stopped = متوقف‌شده
broadcast-status-done = فرستاده‌شده
broadcast-status-cancelled = لغوشده
broadcast-kind-text = متن
broadcast-kind-photo = عکس
broadcast-kind-document = سند
broadcast-kind-video = ویدیو
broadcast-kind-template = قالب آماده
broadcast-detail-title = پیام گروهی شمارهٔ { $id } ({ $what })
broadcast-detail-status = وضعیت: { $status }
broadcast-detail-audience = گیرندگان: { $value }
broadcast-detail-scheduled = زمان ارسال: { $when }
broadcast-detail-started = آغاز ارسال: { $when }
broadcast-detail-finished = پایان: { $when }
broadcast-detail-urgent = فوری (در ساعت سکوت هم فرستاده می‌شود)
broadcast-btn-export-xlsx = خروجی اکسل
broadcast-btn-export-csv = خروجی CSV
broadcast-btn-edit-time = تغییر زمان
broadcast-btn-edit-audience = تغییر گیرندگان
broadcast-btn-cancel = لغو ارسال
broadcast-btn-cancel-yes = بله، لغو شود
broadcast-cancel-confirm = آیا ارسال پیام شمارهٔ { $id } لغو شود؟ پیام برای هیچ‌کس فرستاده نخواهد شد.
broadcast-cancelled = ارسال پیام شمارهٔ { $id } لغو شد.
broadcast-export-caption = نتیجهٔ ارسال پیام گروهی شمارهٔ { $id } برای هر گیرنده
broadcast-export-empty = این پیام هنوز گیرنده‌ای ندارد که خروجی گرفته شود.
broadcast-col-row = ردیف
broadcast-col-member = شناسهٔ عضو
broadcast-col-platform = پیام‌رسان
broadcast-col-user = شناسهٔ کاربر
broadcast-col-name = نام
broadcast-col-username = نام کاربری
broadcast-col-status = نتیجه
broadcast-col-reason = دلیل
broadcast-col-attempts = دفعات تلاش
broadcast-col-time = زمان
broadcast-outcome-pending = در انتظار
broadcast-outcome-claimed = در حال ارسال
broadcast-outcome-sent = رسید
broadcast-outcome-blocked = بات را مسدود کرده
broadcast-outcome-failed = ناموفق
broadcast-outcome-cancelled = لغو شد
broadcast-outcome-expired = منقضی شد
broadcast-outcome-uncertain = نامعلوم (بات در میانهٔ ارسال متوقف شد)
