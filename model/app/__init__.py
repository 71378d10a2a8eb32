"""A run of the command, from the input workbook to the written workbooks: where they go
(`paths`), what the run sheet records (`provenance`), each kind of run driven and its
workbooks written (`drive`), and what the terminal is told (`lines`). Above the report,
below the command line; each stage is imported only when a run reaches it."""
