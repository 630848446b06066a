# The dialog kit (bot/chat/dialog.py): what every multi-step dialog may say.
dialog-gone = This conversation can no longer be continued and was closed; please start it again.
dialog-use-buttons = Please use the buttons.
