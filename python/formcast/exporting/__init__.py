"""`formcast.export`: a fitted scikit-learn pipeline (LightGBM and XGBoost included) and its
training frame in, a verified model directory out. The steps, in the order `export.py` runs them:

- `card.py`: what a person adds (title, labels, units, intended use), checked against
  `card.schema.json`
- `pipeline_steps.py`: what the fitted model is made of; a step no converter takes is refused
- `inputs.py`: the inputs inferred from the frame and the encoders and imputers
- `task.py`: binary, classification or regression, and the class labels
- `cross_validation.py`: a clone cross-validated, metrics with their spread
- `converters.py`, `onnx_graph.py`: the model as ONNX, one tensor per raw column
- `numeric_variant.py`, `tree_json.py`: the browser's all-number variant and a tree's tree.json
- `golden_rows.py`, `parity.py`: rows with the fitted model's answers, and onnxruntime's
  checked against them
- `versions.py`: changed predictions under an exported version are refused
- `manifest.py`: manifest.json, validated against the schema
"""
