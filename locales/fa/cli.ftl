# The `coopbot` command on the office PC: one sentence per error, naming the setting or file.
cli-setting-wrong = تنظیم { $name } نادرست است: { $problem }.
cli-no-messenger = هیچ پیام‌رسانی تنظیم نشده است: TELEGRAM_TOKEN یا BALE_TOKEN یا هر دو را تنظیم کنید (یا `coopbot demo` را امتحان کنید که توکن نمی‌خواهد).
cli-token-malformed = مقدار { $setting } توکن بات نیست: توکن مانند 123456789:AAH3… است (شمارهٔ بات، یک دونقطه، سپس حرف و رقم و - یا _)؛ آن را دوباره از BotFather کپی کنید.
cli-token-rejected = سرور { $platform ->
    [bale] بله
   *[telegram] تلگرام
  } توکن { $setting } را نپذیرفت: آن را دوباره از BotFather کپی کنید.
cli-api-unreachable = سرور { $platform ->
    [bale] بله
   *[telegram] تلگرام
  } در نشانی { $url } ({ $setting }) در دسترس نیست: اتصال شبکه و این تنظیم را بررسی کنید.
cli-database-url = مقدار DATABASE_URL نشانی پایگاه داده نیست: از sqlite+aiosqlite:///path/file.sqlite3 یا postgresql+asyncpg://user@host/database استفاده کنید.
cli-database-scheme = پایگاه دادهٔ «{ $where }» در DATABASE_URL پشتیبانی نمی‌شود: از sqlite+aiosqlite:///… یا postgresql+asyncpg://… استفاده کنید.
cli-database-folder = پوشهٔ پایگاه دادهٔ SQLite ‏{ $where } (DATABASE_URL) ساخته نمی‌شود: { $detail }.
cli-database-readonly = در پایگاه دادهٔ SQLite ‏{ $where } (DATABASE_URL) نمی‌توان نوشت: دسترسی‌های پرونده و پوشهٔ آن را بررسی کنید.
cli-database-missing = پایگاه دادهٔ PostgreSQL در DATABASE_URL ({ $where }) وجود ندارد: آن را بسازید یا تنظیم را درست کنید.
cli-database-unreachable = هیچ سرور پایگاه داده‌ای در DATABASE_URL ({ $where }) پاسخ نمی‌دهد: آیا PostgreSQL روی آن میزبان و درگاه در حال اجراست؟
cli-database-refused = سرور پایگاه داده ورود با DATABASE_URL ({ $where }) را نپذیرفت: { $detail }.
cli-database-other = پایگاه داده در DATABASE_URL ({ $where }) قابل استفاده نیست: { $detail }.
cli-database-too-new = پایگاه داده در DATABASE_URL را نسخهٔ تازه‌تری از coopbot نوشته است (نسخهٔ { $revisions }): coopbot را به‌روز کنید یا پایگاه دادهٔ دیگری به کار ببرید.
cli-catalogue-unreadable = فهرست دوره‌ها { $path } (COURSES_FILE) خوانده نمی‌شود: { $problem }.
cli-catalogue-invalid = فهرست دوره‌ها { $path } (COURSES_FILE) { $count } ردیف نادرست دارد؛ نخستین: { $first }.
cli-migrate-current = پایگاه داده به‌روز است (نسخهٔ { $revisions }).
cli-migrate-done = پایگاه داده از { $before } به { $after } به‌روز شد.
cli-migrate-empty = خالی
cli-backup-postgresql = فرمان coopbot backup از پایگاه‌های SQLite نسخهٔ پشتیبان می‌گیرد؛ برای PostgreSQL از pg_dump استفاده کنید.
cli-backup-no-database = هیچ پایگاه داده‌ای در { $path } (DATABASE_URL) نیست.
cli-backup-unwritable = نسخهٔ پشتیبان در { $path } (--to) نوشته نمی‌شود: { $problem }.
cli-backup-written = نسخهٔ پشتیبان در { $path } نوشته شد ({ $size } بایت).
cli-import-no-file = پروندهٔ { $path } وجود ندارد.
cli-import-checked = همهٔ { $count } ردیف درست است.
cli-month-invalid = «{ $month }» ماه نیست: سال و ماه شمسی را مانند ۱۴۰۴/۰۸ بنویسید.
cli-month-none = هیچ فهرست ماهانه‌ای پیدا نشد.
cli-month-not-found = فهرست ماهانه‌ای برای { $month } پیدا نشد.
cli-export-written = پروندهٔ { $path } نوشته شد ({ $size } بایت).
cli-erase-missing = شمارهٔ { $member }: چنین عضوی نیست.
cli-erase-already = شمارهٔ { $member }: پیش‌تر پاک شده است.
cli-erase-would = شمارهٔ { $member }: کاربر { $user } در { $platform ->
    [bale] بله
   *[telegram] تلگرام
  } پاک خواهد شد.
cli-erase-done = شمارهٔ { $member }: پاک شد ({ $registrations } ثبت‌نام لغو و { $answers } پاسخ حذف شد).
cli-erase-dry-run = چیزی پاک نشد: برای پاک کردن، فرمان را با --yes دوباره اجرا کنید.
cli-role-needs-postgres = نقش { $role } برای `coopbot run` به PostgreSQL نیاز دارد (DATABASE_URL=postgresql+asyncpg://…)؛ با SQLite فقط `--role all` (یک فرایند) کار می‌کند.
cli-role-web-needs-postgres = نقش web برای `coopbot run` به PostgreSQL نیاز دارد (DATABASE_URL=postgresql+asyncpg://…)؛ با SQLite خودِ `coopbot run` وقتی WEB_PORT تنظیم شده باشد میز کار وب را هم می‌گرداند.
cli-role-web-needs-base-url = نقش web برای `coopbot run` به WEB_BASE_URL نیاز دارد، نشانی‌ای که کارکنان میز کار وب را با آن باز می‌کنند (به همهٔ فرایندها همان را بدهید: پیوندهای `/web` را فرایندهای worker با آن می‌سازند).
