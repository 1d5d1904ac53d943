"""The stack Formcast replaces, as the tutorials deploy the drug model: the fitted scikit-learn
pipeline pickled with joblib, a Flask app that loads it at start and answers POST /predict with
the label and the class probabilities, served by gunicorn (one sync worker) on loopback.

    bash scripts/python.sh bench/server_peer.py save MODEL.joblib
    FORMCAST_PEER_MODEL=MODEL.joblib .venv/bin/python -m gunicorn --chdir bench \\
        -w 1 -b 127.0.0.1:8000 server_peer:app

`save` fits the pipeline on the model's own data, as training/ does (a deployed model is fitted
once, so the benchmark does not time it). The app sends CORS headers, with the preflight cached,
so that the benchmark's page can call it from its own origin as a front end calls its API.
"""

import os
import sys
from pathlib import Path

import joblib
import pandas as pd
from flask import Flask, Response, jsonify, request

app = Flask(__name__)
_model_path = os.environ.get("FORMCAST_PEER_MODEL")
model = joblib.load(_model_path) if _model_path else None


@app.post("/predict")
def predict() -> Response:
    row = pd.DataFrame([request.get_json(force=True)])
    probabilities = model.predict_proba(row)[0]
    classes = [str(c) for c in model.classes_]
    return jsonify(
        label=classes[int(probabilities.argmax())],
        probabilities=dict(zip(classes, probabilities.tolist(), strict=True)),
    )


@app.after_request
def allow_other_origins(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "content-type"
    response.headers["Access-Control-Max-Age"] = "600"
    return response


def save(path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from training import models
    from training.build import fit

    _, _, pipeline, _ = fit(models.get("drug"))
    joblib.dump(pipeline, path)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "save":
        sys.exit("usage: server_peer.py save MODEL.joblib")
    save(Path(sys.argv[2]))
