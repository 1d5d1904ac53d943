"""A model directory on disk (model.onnx, model.numeric.onnx, manifest.json, golden.json,
tree.json), shared by export, scoring and the site:

- `read.py`: reading one as the browser does (manifest checked, model bytes by their sha256)
- `write.py`: writing one, all files at once or none
"""
