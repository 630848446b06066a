## /stats: figures and charts for the office

stats-cmd = آمار اعضا، نیازسنجی‌ها و ثبت‌نام‌ها
stats-period-all = از آغاز تاکنون
stats-period = از { $first } تا { $last }
stats-summary =
    آمار بات — { $period }
    اعضا: { $members } نفر (تازه در این بازه: { $members_new }؛ بات را مسدود کرده‌اند: { $blocked })
    تعاونی‌ها: { $cooperatives } (تازه: { $cooperatives_new })
    نیازسنجی‌ها: { $started } آغاز، { $finished } تکمیل (از سوی { $assessed } نفر)
    ثبت‌نام‌ها: { $registrations } — { $statuses }
    بیشترین نیازها: { $needs }
    برای بازهٔ دیگر، نمونه: /stats ۱۴۰۴/۰۸/۰۱ ۱۴۰۴/۰۸/۳۰
stats-count = {"\u200F"}{ $name }: { $count }
stats-chart-daily = فعالیت روزانه
stats-chart-needs = نیازهای آموزشی به تفکیک موضوع
stats-chart-status = ثبت‌نام‌ها به تفکیک وضعیت
stats-chart-county = ثبت‌نام‌ها به تفکیک شهرستان دوره
stats-chart-kind = ثبت‌نام‌ها به تفکیک نوع تعاونی
stats-series-members = اعضای تازه
stats-series-assessments = نیازسنجی‌های تکمیل‌شده
stats-series-registrations = ثبت‌نام‌ها
stats-status-requested = درخواست
stats-status-nominated = معرفی‌شده
stats-status-sent = فرستاده به فنی و حرفه‌ای
stats-status-confirmed = تأییدشده
stats-status-rejected = ردشده از سوی سازمان
stats-status-waitlisted = فهرست انتظار
stats-status-offered = پیشنهاد جای خالی
stats-status-cancelled = لغوشده
stats-status-attended = در حال گذراندن
stats-status-completed = پایان‌یافته
stats-unknown = نامشخص
stats-empty = در این بازه داده‌ای نیست.
stats-bad-date = «{ $text }» تاریخ شمسی معتبری نیست. لطفاً به این شکل بنویسید: /stats ۱۴۰۴/۰۸/۰۱ ۱۴۰۴/۰۸/۳۰
stats-bad-order = تاریخ پایان بازه پیش از تاریخ آغاز آن است. لطفاً نخست تاریخ آغاز و سپس تاریخ پایان را بنویسید.
stats-bad-future = تاریخ آغاز بازه هنوز نرسیده است. لطفاً تاریخی تا امروز بنویسید.
