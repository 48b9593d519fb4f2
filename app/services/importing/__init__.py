"""Importing trips people already have: sources, one pipeline, one undoable commit.

* `sources` picks a reader for a file; `table` (CSV/TSV via `app.services.csvio`, and `xlsx`)
  reads spreadsheets; `borte_export` reads and writes Borte's own full export.
* `pipeline` checks, compares with the recorded trips and commits (`ImportService`).
* `model` holds the frozen values passed between them and up to the window and the CLI.
* `country_names.match_country` is the one place written country names become codes.
"""
