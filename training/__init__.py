"""Training side of Formcast: raw CSV in data/ → scikit-learn pipeline → ONNX model directory.

One module per model in training/models/ (drug, hr, house). Run
`bash scripts/python.sh -m training train [--model ID]` from the repository root.
"""
