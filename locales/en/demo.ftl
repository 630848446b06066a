# `coopbot demo --staff` only (handlers/demo.py)
demo-closemonth-cmd = Demo: close this month's list now
demo-month-closed = The { $month } list is closed now, as its cut-off would close it. Open /nominations to review, approve and export it.
demo-month-closed-already = The { $month } list is closed already: open /nominations to see it.
