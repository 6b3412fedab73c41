"""What people type, read the way they write it, and the library's own checks of what callers
pass: :mod:`.natural` (dates, weekdays, times, reminders, shifts), :mod:`.zonenames` (zones by
city, abbreviations refused), :mod:`.zones` (the zone database), :mod:`.given` (values passed
to the library's entry points)."""
