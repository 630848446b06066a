nomination-menu = فهرست ماهانهٔ معرفی
cmd-nominations = فهرست ماهانهٔ معرفی به فنی و حرفه‌ای (ویژهٔ کارشناسان)
nomination-overview =
    فهرست ماهانهٔ معرفی به سازمان آموزش فنی و حرفه‌ای
    درخواست‌های این ماه برای فهرست { $month } جمع می‌شوند؛ فهرست در { $cutoff } بسته می‌شود.
    درخواست‌های در انتظار فهرست: { $waiting }
nomination-overview-review = در فهرست بسته‌شدهٔ { $month }، در انتظار بررسی: { $count }
nomination-none = هنوز فهرستی بسته نشده است.
nomination-month-button = فهرست { $month }: { $status }
nomination-status-frozen = بسته‌شده، در انتظار بررسی
nomination-status-superseded = جایگزین‌شده با فهرست بعدی
nomination-status-approved = تأییدشده، آمادهٔ فرستادن
nomination-status-sent = فرستاده‌شده به سازمان
nomination-status-confirmed = تأییدشده از سوی سازمان
nomination-month-title =
    فهرست { $month } — { $status }
    بسته‌شده در { $cutoff }؛ سقف هر تعاونی در هر دوره: { $cap } نفر
    جای‌گرفته: { $placed }؛ جای‌نگرفته: { $unplaced }
nomination-course-line = دورهٔ «{ $title }»: { $placed } نفر جای گرفتند، { $unplaced } نفر نه
nomination-review-title = بررسی دورهٔ «{ $title }» (به ترتیب نیاز آموزشی):
nomination-entry = ردیف { $rank }. { $name } — امتیاز نیاز { $score } — { $state }
nomination-placed = جای گرفت
nomination-unplaced = جای نگرفت ({ $reason })
nomination-reason-cap = سقف تعاونی
nomination-reason-seats = نبود ظرفیت
nomination-reason-staff = به دست کارشناس
nomination-button-place = افزودن ردیف { $rank } به فهرست
nomination-button-unplace = برداشتن ردیف { $rank } از فهرست
nomination-button-approve = تأیید فهرست
nomination-button-xlsx = خروجی اکسل
nomination-button-csv = خروجی CSV
nomination-button-sent = ثبت فرستادن به سازمان
nomination-button-confirm = ثبت تأیید سازمان
nomination-button-confirm-all = همه تأیید شدند
nomination-button-yes = بله، انجام شود
nomination-button-back = بازگشت
nomination-ask-reason = لطفاً دلیل این جابه‌جایی را بنویسید (در سابقهٔ تغییرات ثبت می‌شود):
nomination-moved = جابه‌جایی با دلیل شما ثبت شد.
nomination-unchanged = این ردیف همین حالا در همان وضعیت است.
nomination-no-seat = ظرفیتی برای افزودن نمانده است؛ لطفاً نخست کسی را از فهرست بردارید.
nomination-over-cap = این کار از سقف هر تعاونی در هر دوره می‌گذرد؛ چیزی تغییر نکرد. لطفاً دوباره از فهرست دوره اقدام کنید.
nomination-over-cap-question = از تعاونی ردیف { $rank } همین حالا { $count } نفر در این دوره جای گرفته‌اند و سقف هر تعاونی { $cap } نفر است. آیا با این حال او را به فهرست می‌افزایید؟ این تصمیم با دلیل شما در سابقهٔ تغییرات ثبت می‌شود.
nomination-button-over-cap = بله، با وجود سقف افزوده شود
nomination-not-frozen = این فهرست دیگر تغییرپذیر نیست.
nomination-not-found = این مورد پیدا نشد.
nomination-done = انجام شد و به اعضا خبر داده می‌شود.
nomination-wrong-status = این کار در وضعیت کنونی فهرست ممکن نیست.
nomination-approve-question = آیا فهرست را تأیید می‌کنید؟ به معرفی‌شدگان و دیگر متقاضیان خبر داده می‌شود.
nomination-sent-question = آیا این فهرست به سازمان آموزش فنی و حرفه‌ای فرستاده شده است؟
nomination-export-caption = فهرست معرفی‌شدگان { $month } ({ $count } نفر)
nomination-confirm-title = لطفاً کسانی را که سازمان تأیید کرده است انتخاب کنید:
nomination-confirm-empty = کسی در انتظار تأیید سازمان نیست.
nomination-confirmed = تأیید { $count } نفر ثبت شد.
nomination-button-reject = رد سازمان
nomination-ask-rejection = لطفاً دلیلی را که سازمان برای نپذیرفتن { $name } اعلام کرده است بنویسید (در سابقه ثبت و به خود او هم گفته می‌شود):
nomination-ask-rejection-again = لطفاً دلیل سازمان را بنویسید:
nomination-rejection-done = ردِ سازمان با دلیل آن ثبت شد و به او خبر داده می‌شود؛ جای او به نفر بعدی فهرست انتظار پیشنهاد می‌شود.
nomination-not-waiting = این فرد دیگر در انتظار پاسخ سازمان نیست؛ چیزی تغییر نکرد.
nomination-rejected = سازمان نپذیرفت: { $reason }
nomination-month-rejected = نپذیرفته از سوی سازمان: { $count }
nomination-preview-button = پیش‌نمایش فهرست { $month }
nomination-preview-title =
    پیش‌نمایش فهرست { $month } (اگر همین حالا بسته می‌شد؛ فهرست در { $cutoff } بسته می‌شود)
    در هر دوره: جای‌گرفته از درخواست‌ها، به ترتیب نیاز و سقف هر تعاونی.
nomination-preview-line = «{ $title }»: { $placed } از { $requests }
nomination-preview-more = و { $count } دورهٔ دیگر.
nomination-preview-more-people = و { $count } نفر دیگر در این دوره
nomination-preview-empty = هنوز درخواستی برای این فهرست نیست.
