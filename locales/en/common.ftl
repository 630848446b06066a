error-generic = Sorry, something went wrong. Please try again in a moment.
cancel-done = Cancelled. The answers you have given so far are saved; you can continue any time.
cancel-nothing = There is nothing to cancel.
fallback-command = I don't know that command. Please choose from the menu below or send /help.
fallback-text = I got your message, but I wasn't expecting an answer just now. Please choose an option from the menu below.
fallback-unsupported = I can't handle this kind of message. Please send text or use the menu buttons.
flood-slow-down = Please slow down a little: some of your latest messages were not handled, because they came faster than the answers. Once the answers to your earlier messages have arrived, send again whatever is still needed.
fallback-button = This button is no longer valid; here is a fresh menu.
language-choose = Please choose a language / لطفاً زبان را انتخاب کنید:
language-set = The bot now speaks English.
fallback-edited = I don't read an edited message as an answer; if you corrected an answer, please send it again.
flow-not-text = I can't take this kind of message at this step.
flow-empty-text = There was nothing to read in your message.
flow-reason-length = Please write the reason in { $min } to { $max } characters.
button-stale = This button is no longer active; nothing was changed.
# an update whose effect was saved by a run that could not send its answer (a worker lost)
resume-saved = Your last message reached us and was saved; carry on from here.
