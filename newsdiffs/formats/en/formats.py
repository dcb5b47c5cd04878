"""Dates and times in the admin as on the public pages: 24-hour, with the zone.

The locale's own formats ("7:57 p.m.") would read differently from the
reader's site ("19:57 (UTC)"); FORMAT_MODULE_PATH puts these first.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i (e)"
DATETIME_FORMAT = "j F Y H:i (e)"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i (e)"
