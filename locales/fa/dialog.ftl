# The dialog kit (bot/chat/dialog.py): what every multi-step dialog may say.
dialog-gone = این گفت‌وگو دیگر ادامه‌پذیر نیست و بسته شد؛ لطفاً آن را از نو آغاز کنید.
dialog-use-buttons = لطفاً از دکمه‌ها استفاده کنید.
