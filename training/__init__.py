"""Training side of Formcast: drug200.csv → scikit-learn pipeline → ONNX model directory.

Run `bash scripts/python.sh -m training train` from the repository root.
"""
