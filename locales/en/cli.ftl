# The `coopbot` command on the office PC: one sentence per error, naming the setting or file.
cli-setting-wrong = The setting { $name } is wrong: { $problem }.
cli-no-messenger = No messenger is configured: set TELEGRAM_TOKEN, BALE_TOKEN or both (or try `coopbot demo`, which needs no token).
cli-token-malformed = { $setting } is not a bot token: a token looks like 123456789:AAH3… (the bot's number, a colon, then letters, digits, - or _); copy it again from BotFather.
cli-token-rejected = The { $platform ->
    [bale] Bale
   *[telegram] Telegram
  } server rejected the token in { $setting }: copy it again from BotFather.
cli-api-unreachable = The { $platform ->
    [bale] Bale
   *[telegram] Telegram
  } server at { $url } ({ $setting }) cannot be reached: check the network connection and the setting.
cli-database-url = DATABASE_URL is not a database URL: use sqlite+aiosqlite:///path/file.sqlite3 or postgresql+asyncpg://user@host/database.
cli-database-scheme = DATABASE_URL names “{ $where }”, which coopbot does not support: use sqlite+aiosqlite:///… or postgresql+asyncpg://….
cli-database-folder = The folder of the SQLite database { $where } (DATABASE_URL) cannot be created: { $detail }.
cli-database-readonly = The SQLite database { $where } (DATABASE_URL) cannot be written: check the permissions of the file and its folder.
cli-database-missing = The PostgreSQL database in DATABASE_URL ({ $where }) does not exist: create it or correct the setting.
cli-database-unreachable = No database server answers at DATABASE_URL ({ $where }): is PostgreSQL running on that host and port?
cli-database-refused = The database server refused the login in DATABASE_URL ({ $where }): { $detail }.
cli-database-other = The database in DATABASE_URL ({ $where }) cannot be used: { $detail }.
cli-database-too-new = The database in DATABASE_URL was written by a newer coopbot (revision { $revisions }): upgrade coopbot or use another database.
cli-catalogue-unreadable = The course catalogue { $path } (COURSES_FILE) cannot be read: { $problem }.
cli-catalogue-invalid = The course catalogue { $path } (COURSES_FILE) has { $count } invalid row(s); the first: { $first }.
cli-migrate-current = The database is up to date (revision { $revisions }).
cli-migrate-done = Migrated the database from { $before } to { $after }.
cli-migrate-empty = empty
cli-backup-postgresql = coopbot backup copies SQLite databases; for PostgreSQL use pg_dump.
cli-backup-no-database = There is no database at { $path } (DATABASE_URL).
cli-backup-unwritable = The backup cannot be written to { $path } (--to): { $problem }.
cli-backup-written = Backup written to { $path } ({ $size } bytes).
cli-import-no-file = The file { $path } does not exist.
cli-import-checked = All { $count } rows are correct.
cli-month-invalid = “{ $month }” is not a month: write the Jalali year and month, like 1404/08.
cli-month-none = No monthly list was found.
cli-month-not-found = No monthly list was found for { $month }.
cli-export-written = Written { $path } ({ $size } bytes).
cli-erase-missing = #{ $member }: no such member.
cli-erase-already = #{ $member }: already erased.
cli-erase-would = #{ $member }: { $platform ->
    [bale] Bale
   *[telegram] Telegram
  } user { $user } would be erased.
cli-erase-done = #{ $member }: erased ({ $registrations ->
    [one] one registration
   *[other] { $registrations } registrations
  } cancelled, { $answers ->
    [one] one answer
   *[other] { $answers } answers
  } deleted).
cli-erase-dry-run = Nothing was erased: run again with --yes to erase.
cli-role-needs-postgres = The { $role } role of `coopbot run` needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://…); with SQLite only `--role all` (one process) works.
cli-role-web-needs-postgres = The web role of `coopbot run` needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://…); with SQLite, `coopbot run` serves the web console itself when WEB_PORT is set.
cli-role-web-needs-base-url = The web role of `coopbot run` needs WEB_BASE_URL, the address staff open the console at (give every process the same one: the workers make the `/web` links to it).
