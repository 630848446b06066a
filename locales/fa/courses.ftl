courses-menu = دوره‌های آموزشی
cmd-courses = دوره‌های آموزشی فنی و حرفه‌ای
cmd-mycourses = دوره‌های من
courses-browse-title = دوره‌های رایگان فنی و حرفه‌ای برای اعضای تعاونی‌ها. لطفاً یکی از گزینه‌ها را انتخاب کنید:
courses-button-recommended = پیشنهاد برای من
courses-button-by-topic = بر پایهٔ موضوع
courses-button-by-county = بر پایهٔ شهرستان
courses-button-my-courses = دوره‌های من
courses-button-back = بازگشت
courses-button-main-menu = منوی اصلی
courses-button-register = ثبت‌نام در این دوره
courses-button-cancel = انصراف از این دوره
courses-button-cancel-yes = بله، انصراف می‌دهم
courses-button-assessment = شروع نیازسنجی
courses-ics-button = افزودن به تقویم گوشی
courses-offer-accept = می‌پذیرم
courses-offer-decline = نمی‌خواهم
courses-list-recommended = این دوره‌ها با نقشهٔ راه آموزشی تعاونی شما هم‌خوان‌اند:
courses-list-topic = دوره‌های «{ $topic }»:
courses-list-county = دوره‌های شهرستان { $county }:
courses-list-empty = فعلاً دوره‌ای با ثبت‌نام باز در این بخش نیست. لطفاً بعداً دوباره سر بزنید.
courses-list-elsewhere = دوره‌هایی که نام استان کنارشان آمده در استانی جز استان تعاونی شما برگزار می‌شوند.
courses-elsewhere = استان { $province }
courses-recommended-need-assessment = برای پیشنهاد دوره، نخست لطفاً نیازسنجی آموزشی را تکمیل کنید؛ پیشنهادها از نقشهٔ راه تعاونی شما ساخته می‌شوند.
courses-choose-topic = لطفاً موضوع دوره را انتخاب کنید:
courses-choose-county = لطفاً شهرستان را انتخاب کنید:
courses-not-found = این دوره پیدا نشد؛ شاید از فهرست برداشته شده باشد.
courses-card =
    «{ $title }»
    کد استاندارد: { $code }
    موضوع: { $topic }
    برگزارکننده: { $provider } ({ $kind })
    مکان: { $place }
    تلفن: { $phone }
    شهرستان: { $county }، استان { $province }
    تاریخ: از { $start } تا { $end }
    جلسه‌ها: { $sessions }
    مدت: { $hours } ساعت
    مهلت ثبت‌نام: { $deadline }
    وضعیت دوره: { $status }
    ظرفیت باقی‌مانده: { $seats } از { $capacity }
courses-card-mine = وضعیت شما: { $mine }
courses-card-position = جایگاه شما در فهرست انتظار: { $position }
courses-card-offer = مهلت پاسخ به پیشنهاد: { $deadline }
courses-session = روزهای { $weekday }، ساعت { $start } تا { $end }
courses-place-online = برخط (مجازی)
courses-kind-tvto-centre = مرکز آموزش فنی و حرفه‌ای
courses-kind-private-institute = آموزشگاه آزاد
courses-course-open = ثبت‌نام باز است
courses-course-full = ظرفیت پر است؛ ثبت‌نام در فهرست انتظار
courses-course-closed = مهلت ثبت‌نام گذشته است
courses-course-cancelled = لغو شده
courses-course-started = آغاز شده
courses-status-requested = درخواست ثبت شد (در انتظار فهرست ماهانه)
courses-status-nominated = معرفی‌شده در فهرست ماهانه
courses-status-sent = فرستاده‌شده به سازمان فنی و حرفه‌ای
courses-status-confirmed = تأییدشده
courses-status-rejected = ردشده از سوی سازمان فنی و حرفه‌ای
courses-status-waitlisted = در فهرست انتظار
courses-status-offered = جای خالی به شما پیشنهاد شده است
courses-status-cancelled = لغوشده
courses-status-attended = در حال گذراندن دوره
courses-status-completed = پایان دوره
courses-register-requested = درخواست شما ثبت شد. تعاونگر گرامی، نام شما در فهرست ماهانهٔ معرفی به سازمان آموزش فنی و حرفه‌ای بررسی می‌شود و هر تغییر را به شما خبر می‌دهیم.
courses-register-waitlisted = ظرفیت این دوره پر است؛ نام شما در فهرست انتظار ثبت شد. جایگاه شما: { $position }. اگر جایی خالی شود، به ترتیب نیاز آموزشی به شما خبر می‌دهیم.
courses-register-already = شما پیش‌تر برای این دوره ثبت‌نام کرده‌اید.
courses-register-need-assessment = برای ثبت‌نام، نخست لطفاً نیازسنجی آموزشی را تکمیل کنید. چند دقیقه بیشتر طول نمی‌کشد.
courses-register-need-consent = برای ثبت‌نام، رضایت شما برای فرستادن اطلاعاتتان به سازمان آموزش فنی و حرفه‌ای لازم است. لطفاً نیازسنجی را دوباره بفرستید و رضایت را تأیید کنید.
courses-register-closed = ثبت‌نام این دوره بسته است.
courses-overlap-warning = توجه: جلسه‌های این دوره با دورهٔ «{ $titles }» هم‌زمان است. لطفاً برنامهٔ خود را بررسی کنید.
courses-cancel-confirm = آیا مطمئن هستید که از دورهٔ «{ $title }» انصراف می‌دهید؟ جای شما به نفر بعدی فهرست انتظار پیشنهاد می‌شود.
courses-cancel-done = انصراف شما ثبت شد.
courses-cancel-not-registered = شما در این دوره ثبت‌نام فعالی ندارید.
courses-cancel-too-late = دوره آغاز شده است و انصراف از راه بات ممکن نیست؛ لطفاً با اداره تماس بگیرید.
courses-offer-accepted = پیشنهاد را پذیرفتید؛ جای شما در دورهٔ «{ $title }» نگه داشته شد و در فهرست ماهانه بررسی می‌شود.
courses-offer-declined = پیشنهاد را نپذیرفتید؛ جای خالی به نفر بعدی پیشنهاد شد.
courses-offer-expired = مهلت این پیشنهاد گذشته است و جای خالی به نفر بعدی رسید. اگر هنوز مایل هستید، لطفاً دوباره ثبت‌نام کنید.
courses-offer-not-offered = این پیشنهاد دیگر معتبر نیست.
courses-ics-caption = جلسه‌های دورهٔ «{ $title }» (به وقت تهران). لطفاً این پرونده را باز کنید تا به تقویم گوشی افزوده شود.
courses-ics-not-confirmed = افزودن به تقویم پس از تأیید سازمان آموزش فنی و حرفه‌ای ممکن است.
courses-my-title = دوره‌های شما:
courses-my-empty = هنوز در هیچ دوره‌ای ثبت‌نام نکرده‌اید. لطفاً از «دوره‌های آموزشی» دوره‌ای انتخاب کنید.
courses-my-item = «{ $title }» — { $status }
courses-notice-offer = تعاونگر گرامی، در دورهٔ «{ $title }» (آغاز { $start }) جایی خالی شد و به شما پیشنهاد می‌شود. لطفاً تا { $deadline } پاسخ دهید.
courses-notice-offer-expired = تعاونگر گرامی، مهلت پاسخ به پیشنهاد دورهٔ «{ $title }» گذشت و جای خالی به نفر بعدی رسید.
courses-notice-nominated = تعاونگر گرامی، نام شما برای دورهٔ «{ $title }» (آغاز { $start }) در فهرست ماهانهٔ معرفی‌شدگان قرار گرفت.
courses-notice-carried-over = تعاونگر گرامی، درخواست شما برای دورهٔ «{ $title }» در فهرست این ماه جای نگرفت و برای فهرست { $month } نگه داشته شد.
courses-notice-bumped = تعاونگر گرامی، در فهرست این ماه دورهٔ «{ $title }» اولویت با متقاضیان دارای نیاز بیشتر بود؛ درخواست شما در فهرست انتظار (جایگاه { $position }) و برای ماه بعد نگه داشته شد.
courses-notice-sent = تعاونگر گرامی، فهرست معرفی‌شدگان دورهٔ «{ $title }» با نام شما به سازمان آموزش فنی و حرفه‌ای فرستاده شد.
courses-notice-confirmed = تعاونگر گرامی، ثبت‌نام شما در دورهٔ «{ $title }» (آغاز { $start }) را سازمان آموزش فنی و حرفه‌ای تأیید کرد. با دکمهٔ زیر می‌توانید جلسه‌ها را به تقویم گوشی بیفزایید.
courses-notice-returned = تعاونگر گرامی، معرفی شما برای دورهٔ «{ $title }» در این نوبت انجام نشد؛ درخواستتان برای فهرست { $month } نگه داشته شد.
courses-notice-rejected = تعاونگر گرامی، سازمان آموزش فنی و حرفه‌ای ثبت‌نام شما در دورهٔ «{ $title }» (آغاز { $start }) را نپذیرفت. دلیل اعلام‌شده: { $reason }
    اگر پرسشی دارید لطفاً با ادارهٔ تعاون تماس بگیرید؛ می‌توانید برای همین دوره یا دوره‌های دیگر دوباره درخواست دهید.
courses-notice-course-cancelled = تعاونگر گرامی، دورهٔ «{ $title }» لغو شد. پوزش می‌خواهیم؛ لطفاً دوره‌های دیگر را ببینید.
