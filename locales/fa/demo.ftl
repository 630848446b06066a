# `coopbot demo --staff` only (handlers/demo.py)
demo-closemonth-cmd = نسخهٔ نمایشی: بستن فهرست همین ماه
demo-month-closed = فهرست { $month } همین حالا بسته شد، همان‌طور که در روز بستن فهرست بسته می‌شود. برای بررسی، تأیید و خروجی گرفتن /nominations را بزنید.
demo-month-closed-already = فهرست { $month } پیش‌تر بسته شده است؛ برای دیدنش /nominations را بزنید.
