"""Scoring tables with the browser's input rules, answers and prediction columns.

- `browser_text.py`: text as JavaScript writes and reads it
- `input_rules.py`: one value, by the rules of src/inputs/validate-inputs.ts
- `column_rules.py`: the same rules on whole columns (pandas, NumPy, Arrow), no loop per row
- `header.py`: which columns scoring reads (by the manifest's names) and which it appends
- `model_runner.py`: one onnxruntime session per process and model, fed by column
- `scorer.py`: `Scorer` (a loaded model directory) and `score(frame, model_dir)`

Nothing here imports scikit-learn or the ONNX converters: scoring runs where only the model
directory and onnxruntime are (a Spark executor, a DuckDB session).
"""

from formcast.scoring.scorer import Predictions, Scorer

__all__ = ["Predictions", "Scorer"]
