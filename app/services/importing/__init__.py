"""Importing trips people already have: sources, one pipeline, one undoable commit.

* `sources` picks a reader for a file; `table` (CSV/TSV via `app.services.csvio`, and `xlsx`)
  reads spreadsheets; `borte_export` reads and writes Borte's own full export.
* Calendars: `calendar_events` (the .ics file's events, recurrences expanded), `flights` (which
  events are flights, their local dates), `calendar_source` (flights paired into trips).
* Google location history: `location_files` (a file, Takeout folder or .zip, streamed),
  `location_read` (each format's records as sightings), `location_trips` (sightings → days
  outside Norway → trips). `places` turns points and airports into countries, offline.
* `pipeline` checks, compares with the recorded trips and commits (`ImportService`).
* `model` holds the frozen values passed between them and up to the window and the CLI.
* `country_names.match_country` is the one place written country names become codes.
"""
