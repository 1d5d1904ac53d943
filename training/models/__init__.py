"""The models this package trains, in the order index.json lists them (the site shows the first).

Each module describes one model as a ModelSpec (training/spec.py); add a module and list it here.
"""

from training.models import drug, house, hr
from training.spec import ModelSpec

MODELS: tuple[ModelSpec, ...] = (drug.SPEC, hr.SPEC, house.SPEC)
IDS: tuple[str, ...] = tuple(spec.id for spec in MODELS)


def get(model_id: str) -> ModelSpec:
    for spec in MODELS:
        if spec.id == model_id:
            return spec
    raise KeyError(f"Unknown model: {model_id!r}. Should be one of: {', '.join(IDS)}.")
