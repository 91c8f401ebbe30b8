"""The Excel side: worksheet functions, cell errors, formula parsing, freeze, starter workbooks."""
