# Needs assessment (handlers/assessment.py) and the cooperative roadmap (handlers/roadmap.py).
# Question texts live in the questionnaire file (bot/questionnaire/default.yaml).

assessment-menu = نیازسنجی آموزشی
assessment-menu-continue = ادامهٔ نیازسنجی
assessment-menu-again = به‌روزرسانی نیازسنجی
cmd-assess = نیازسنجی آموزشی (شروع یا ادامه)
cmd-roadmap = نقشهٔ راه آموزشی تعاونی

assessment-progress = سؤال { $number } از { $total }
assessment-progress-item = ، مورد { $item } از { $items }
assessment-optional = (پاسخ به این پرسش اختیاری است.)
assessment-current = پاسخ فعلی: { $value }
assessment-multi-hint = گزینه‌های موردنظر را بزنید (با زدن دوباره، انتخاب برداشته می‌شود) و در پایان دکمهٔ «پایان انتخاب» را بزنید.
assessment-place-province = لطفاً ابتدا استان را انتخاب کنید.
assessment-place-county = استان: { $province }. لطفاً شهرستان را انتخاب کنید.
assessment-provinces = تغییر استان
assessment-done = پایان انتخاب
assessment-skip = رد شدن
assessment-back = بازگشت
assessment-next = بعدی
assessment-to-review = بازگشت به مرور پاسخ‌ها
assessment-yes = بله
assessment-no = خیر
assessment-skipped = (بی‌پاسخ)
assessment-ok = بسیار خب.
assessment-contact-prompt = برای فرستادن شمارهٔ همراه خود می‌توانید دکمهٔ «ارسال شمارهٔ من» را در پایین صفحه بزنید.
assessment-contact-button = ارسال شمارهٔ من
assessment-mobile-saved = شمارهٔ همراه شما ثبت شد.

assessment-welcome-back = تعاونگر گرامی، خوش آمدید؛ پاسخ‌های قبلی شما ذخیره شده است و از همان‌جا که مانده بودید ادامه می‌دهیم.
assessment-already = تعاونگر گرامی، نیازسنجی شما در { $date } ثبت شده است. می‌توانید نقشهٔ راه آموزشی تعاونی را ببینید، یا اگر چیزی تغییر کرده است، دوباره پاسخ دهید.
assessment-roadmap-button = نقشهٔ راه آموزشی تعاونی
assessment-redo = پاسخ دوباره به نیازسنجی
assessment-redo-started = پاسخ‌های قبلی شما آماده است. هر پاسخی را که تغییر کرده است ویرایش کنید و سپس «ثبت نهایی» را بزنید.

assessment-review-title = مرور پاسخ‌ها: لطفاً پاسخ‌های خود را بررسی کنید.
assessment-review-hint = برای تغییر هر پاسخ، دکمهٔ آن را بزنید. اگر همه درست است، «ثبت نهایی» را بزنید.
assessment-submit = ثبت نهایی
assessment-submitted = تعاونگر گرامی، نیازسنجی شما ثبت شد. از همراهی شما سپاسگزاریم!
assessment-score = امتیاز نیاز شما: { $score }
assessment-consent-no = توجه: چون با معرفی به دوره‌ها موافقت نکرده‌اید، نام شما برای سازمان آموزش فنی و حرفه‌ای فرستاده نمی‌شود. هر زمان بخواهید می‌توانید نیازسنجی را دوباره انجام دهید.

assessment-why-title = چرا این اولویت؟
assessment-why-topic = «{ $topic }» با فوریت «{ $urgency }»: { $points } امتیاز
assessment-why-topic-plain = «{ $topic }»: { $points } امتیاز
assessment-why-members = اعضای نیازمند آموزش: { $count } نفر، { $points } امتیاز
assessment-why-bonus = «{ $label }»: { $points } امتیاز

assessment-stale = این دکمه مربوط به پرسش دیگری است؛ پرسش جاری را دوباره برایتان فرستادم.
assessment-stale-version = پرسش‌نامه به‌روز شده است؛ لطفاً از پرسش جاری ادامه دهید.
assessment-closed = این نیازسنجی پیش‌تر ثبت شده است.

assessment-error-empty = لطفاً پاسخ را بنویسید.
assessment-error-too-long = پاسخ بیش از اندازه بلند است؛ لطفاً آن را در { $max } نویسه یا کمتر بنویسید.
assessment-error-too-short = پاسخ خیلی کوتاه است؛ لطفاً دست‌کم { $min } نویسه بنویسید.
assessment-error-pattern = پاسخ با شکل خواسته‌شده جور نیست؛ لطفاً راهنمای پرسش را ببینید و دوباره وارد کنید.
assessment-error-letters = لطفاً پاسخ را با حروف بنویسید؛ رقم، شکلک یا نشانه به‌تنهایی پذیرفته نمی‌شود.
assessment-error-number = لطفاً فقط یک عدد صحیح بنویسید (با رقم‌های فارسی یا انگلیسی)، مثلاً ۲۵.
assessment-error-range = لطفاً عددی از { $min } تا { $max } وارد کنید.
assessment-error-above-answer = این عدد نمی‌تواند از پاسخ «{ $label }» ({ $max }) بیشتر باشد؛ لطفاً دوباره وارد کنید.
assessment-error-national-id = کد ملی واردشده درست نیست؛ لطفاً ده رقم کد ملی را بررسی و دوباره وارد کنید.
assessment-error-mobile = شمارهٔ همراه درست نیست؛ لطفاً شماره‌ای مانند ۰۹۱۲۱۲۳۴۵۶۷ وارد کنید یا دکمهٔ «ارسال شمارهٔ من» را بزنید.
assessment-error-coop-id = شناسهٔ ملی تعاونی باید یازده رقم باشد؛ لطفاً دوباره وارد کنید.
assessment-error-date = تاریخ را نشناختم؛ لطفاً آن را به شکل ۱۴۰۴/۰۳/۱۵ وارد کنید.
assessment-error-date-future = این تاریخ هنوز نرسیده است؛ لطفاً تاریخی در گذشته وارد کنید.
assessment-error-use-buttons = لطفاً پاسخ را با دکمه‌های زیر پرسش انتخاب کنید.
assessment-error-unknown-option = این گزینه معتبر نیست؛ لطفاً از دکمه‌های پرسش جاری استفاده کنید.
assessment-error-too-few = لطفاً دست‌کم { $min } گزینه را انتخاب کنید.
assessment-error-too-many = حداکثر { $max } گزینه را می‌توانید انتخاب کنید.
assessment-error-not-optional = پاسخ به این پرسش لازم است.
assessment-error-incomplete = هنوز به همهٔ پرسش‌ها پاسخ نداده‌اید؛ لطفاً این پرسش را پاسخ دهید.
assessment-error-kind = این نوع پیام را نمی‌توانم به‌عنوان پاسخ بپذیرم؛ لطفاً پاسخ را بنویسید یا دکمه‌ها را بزنید.
assessment-error-contact = الان منتظر شمارهٔ تلفن نیستم؛ لطفاً به پرسش زیر پاسخ دهید.
assessment-error-contact-other = لطفاً شمارهٔ خودتان را با دکمهٔ «ارسال شمارهٔ من» بفرستید یا آن را تایپ کنید.
assessment-warning-coop-id = شناسهٔ ملی ثبت شد، اما با الگوی معمول شناسه‌ها جور نیست؛ اگر اشتباه است، لطفاً در مرور پاسخ‌ها آن را اصلاح کنید.

roadmap-menu = منوی اصلی
roadmap-menu-button = نقشهٔ راه آموزشی تعاونی
roadmap-title = نقشهٔ راه آموزشی تعاونی «{ $name }»
roadmap-basis = بر پایهٔ پاسخ { $count } نفر از اعضا؛ آخرین به‌روزرسانی: { $date }
roadmap-item = { $position }. { $topic }
roadmap-item-detail = نیاز { $members } نفر، فوریت: { $urgency }، امتیاز { $score }
roadmap-item-detail-plain = نیاز { $members } نفر، امتیاز { $score }
roadmap-requests = موضوع‌های اعلام‌شده: { $requests }
roadmap-courses = دوره‌های پیشنهادی: { $courses }
roadmap-score = امتیاز نیاز تعاونی: { $score }
roadmap-why-topic = «{ $topic }»: { $count } نفر، { $points } امتیاز
roadmap-empty = هنوز نیازی برای این تعاونی ثبت نشده است.
roadmap-none = تعاونگر گرامی، هنوز نیازسنجی آموزشی را ثبت نکرده‌اید. پس از ثبت آن، نقشهٔ راه آموزشی تعاونی شما این‌جا نمایش داده می‌شود.
