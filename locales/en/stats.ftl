## /stats: figures and charts for the office

stats-cmd = Statistics of members, assessments and registrations
stats-period-all = all time
stats-period = from { $first } to { $last }
stats-summary =
    Bot statistics — { $period }
    Members: { $members } (new in this period: { $members_new }; blocked the bot: { $blocked })
    Cooperatives: { $cooperatives } (new: { $cooperatives_new })
    Needs assessments: { $started } started, { $finished } finished (by { $assessed ->
        [one] one person
       *[other] { $assessed } people
    })
    Registrations: { $registrations } — { $statuses }
    Greatest needs: { $needs }
    For another period, for example: /stats 1404/08/01 1404/08/30
stats-count = { $name }: { $count }
stats-chart-daily = Daily activity
stats-chart-needs = Training needs by topic
stats-chart-status = Registrations by status
stats-chart-county = Registrations by course county
stats-chart-kind = Registrations by cooperative kind
stats-series-members = New members
stats-series-assessments = Finished assessments
stats-series-registrations = Registrations
stats-status-requested = requested
stats-status-nominated = nominated
stats-status-sent = sent to TVTO
stats-status-confirmed = confirmed
stats-status-rejected = rejected by TVTO
stats-status-waitlisted = waitlisted
stats-status-offered = offered a seat
stats-status-cancelled = cancelled
stats-status-attended = attending
stats-status-completed = completed
stats-unknown = unknown
stats-empty = No data in this period.
stats-bad-date = "{ $text }" is not a valid Jalali date. Please write it like this: /stats 1404/08/01 1404/08/30
stats-bad-order = The period ends before it starts. Please give the start date first, then the end date.
stats-bad-future = The period starts in the future. Please give a date up to today.
