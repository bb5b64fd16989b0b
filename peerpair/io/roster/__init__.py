"""Reading a roster workbook, or a Staff sheet saved as .csv (SPEC 2), one job per module."""
