"""`formcast score MODEL_DIR INPUT --out OUTPUT`: a CSV or Parquet file of any size in, the
browser's scored file out, streamed (Python's side of the browser's batch scoring, src/batch/):

- `open_file.py`: the browser's checks of a file, its delimiter and header
- `csv_rows.py`: rows as the browser reads them, malformed ones kept in place with its message
- `scored_csv.py`: the scored CSV, byte for byte as the browser writes it
- `score_file.py`: the command: read, score and write in batches, and its summary
"""
