## /mydata and /deleteme: members' privacy

privacy-cmd-mydata = داده‌هایی که بات از من نگه می‌دارد
privacy-cmd-deleteme = پاک کردن داده‌های شخصی من
privacy-data-intro = تعاونگر گرامی، همهٔ داده‌هایی که بات دربارهٔ شما نگه می‌دارد در دو فایل پیوست است (نام‌ها، پاسخ‌های نیازسنجی، ثبت‌نام‌ها و پیام‌هایی که بات برایتان فرستاده است): نخستین برای خواندن است و در مرورگر گوشی باز می‌شود؛ دومی همان داده‌ها برای رایانه است (JSON).
privacy-data-caption = داده‌های شما در بات آموزش تعاونگران (برای خواندن)
privacy-data-caption-json = همان داده‌ها برای رایانه (JSON، زمان‌ها به وقت جهانی UTC)
privacy-data-button = نخست فایل داده‌هایم را بفرست
privacy-delete-ask =
    تعاونگر گرامی، آیا داده‌های شخصی شما پاک شود؟
    پاک می‌شود: نام، نام کاربری، کد ملی، تلفن همراه، پاسخ‌های متنی و تاریخ‌های نیازسنجی؛ ثبت‌نام‌های فعال شما لغو می‌شود و بات دیگر برایتان پیام نمی‌فرستد.
    می‌ماند، بی‌نام و بی‌نشان: شمار اعضا، پاسخ‌های گزینه‌ای و آمار ثبت‌نام‌ها.
    این کار حساب شما در همین پیام‌رسان را پاک می‌کند؛ اگر با همین کد ملی در پیام‌رسان دیگری هم با بات کار کرده‌اید، آن حساب پیامی با دکمهٔ پاک کردن می‌گیرد.
    این کار برگشت‌پذیر نیست.
privacy-delete-yes = بله، داده‌های شخصی‌ام پاک شود
privacy-delete-no = نه، نگه دار
privacy-delete-kept = چیزی پاک نشد.
privacy-delete-done = داده‌های شخصی شما پاک شد ({ $courses } ثبت‌نام فعال لغو شد). اگر دوباره پیامی بفرستید، بات شما را کاربری تازه می‌شناسد. از همراهی‌تان سپاسگزاریم.
privacy-delete-done-others = حساب دیگری با همین کد ملی در { $platforms } هست: برای آن پیامی با دکمهٔ پاک کردن فرستاده شد. آن حساب هنگامی پاک می‌شود که همان‌جا تأیید کنید (برای امنیت شما، هر حساب را فقط از خودش می‌توان پاک کرد).
privacy-linked-notice = تعاونگر گرامی، داده‌های شخصی حسابی در { $platform } که همین کد ملی را داشت به درخواست دارندهٔ آن پاک شد. اگر می‌خواهید داده‌های این حساب هم پاک شود، دکمهٔ زیر را بزنید؛ پیش از پاک کردن از شما پرسیده می‌شود.
privacy-linked-button = پاک کردن داده‌های من در این حساب

## /mydata: the readable document (HTML)
privacy-doc-title = داده‌های شما در بات آموزش تعاونگران
privacy-doc-made = تهیه‌شده در { $when }
privacy-doc-json = همین داده‌ها برای رایانه (JSON، با نام‌های انگلیسی و زمان‌های UTC) در فایل { $file } کنار این فایل است.
privacy-doc-account = حساب شما
privacy-doc-messenger = پیام‌رسان
privacy-doc-user-id = شناسهٔ کاربری
privacy-doc-name = نام
privacy-doc-username = نام کاربری
privacy-doc-language = زبان
privacy-doc-role = نقش در بات
privacy-doc-role-value = { $role ->
        [staff] کارشناس اداره
        [admin] مدیر
       *[other] عضو
    }
privacy-doc-first-seen = نخستین پیام
privacy-doc-last-seen = آخرین پیام
privacy-doc-profile = مشخصات شما (از نیازسنجی)
privacy-doc-full-name = نام و نام خانوادگی
privacy-doc-national-id = کد ملی
privacy-doc-mobile = تلفن همراه
privacy-doc-coop-role = سمت در تعاونی
privacy-doc-gender = جنسیت
privacy-doc-education = تحصیلات
privacy-doc-cooperative = تعاونی
privacy-doc-updated = آخرین تغییر
privacy-doc-assessment = نیازسنجی { $number }
privacy-doc-status = وضعیت
privacy-doc-assessment-status = { $status ->
        [submitted] ثبت‌شده
       *[other] ناتمام
    }
privacy-doc-started = آغاز
privacy-doc-submitted = ثبت نهایی
privacy-doc-need-score = امتیاز نیاز
privacy-doc-registrations = ثبت‌نام‌ها
privacy-doc-registered = درخواست در { $when }
privacy-doc-messages = پیام‌هایی که بات برایتان فرستاده یا در نوبت دارد ({ $count })
privacy-doc-message-status = { $status ->
        [sent] فرستاده شد
        [pending] در نوبت
        [claimed] در نوبت
        [sending] در حال فرستادن
        [cancelled] لغو شد
        [expired] زمانش گذشت و فرستاده نشد
        [blocked] نرسید (بات مسدود بود)
        [failed] نرسید
        [uncertain] شاید رسیده باشد
       *[other] وضعیت { $status }
    }
privacy-doc-reminders = تنظیم یادآوری‌ها
privacy-doc-attendance = پاسخ‌های حضور در جلسه‌ها
privacy-doc-attendance-answer = جلسهٔ { $when }: { $answer ->
        [yes] می‌آیم
        [no] نمی‌آیم
       *[other] { $answer }
    }
privacy-doc-other = سوابق دیگر
privacy-doc-other-hint = جزئیات این سوابق در فایل JSON است.
privacy-doc-rows = ‏{ $table }: { $count } مورد
privacy-doc-table = { $table ->
        [chat_states] گفت‌وگوی نیمه‌تمام با بات
        [broadcasts] اطلاعیه‌هایی که نوشته‌اید
        [course_audit] کارهای شما در گزارش کارها
        [nomination_months] فهرست‌های ماهانه‌ای که با شما پیش رفته است
        [nomination_entries] نام شما در فهرست‌های ماهانه
        [staff_invitations] پیوندهای دعوت کارشناسان
       *[other] جدول { $table }
    }
