"""Reading a roster workbook, or a Staff sheet saved as .csv (SPEC 2), one job per module:

- `schema`: every sheet and column, what to enter, and each cell's parser;
- `xlsx` and `csv_file`: a file's cells, streamed, at a cost that follows the data;
- `tables`: each known sheet's header found and its data rows keyed by column;
- `rows`: one row read cell by cell, problems collected on the way;
- `people`, `calendar_sheets`, `pair_sheets`, `tier_sheets`: the sheets themselves;
- `problems`: what is wrong, and where.

`peerpair.io.roster_reader.read_roster` puts them together.
"""
