"""`formcast site` and `formcast serve`: a complete static site whose service worker precaches
exactly the site's models, and a preview server that sends the headers a host should."""

import hashlib
import json
import shutil
import threading
import urllib.request

import pytest

from formcast import SiteError, build_site
from formcast.cli import main
from formcast.resources import app_dir
from formcast.site.precache import entries
from formcast.site.serve import make_server


def _precache(site):
    return dict(entries((site / "sw.js").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def site(zoo, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    build_site([zoo["prescriptions-tree"].directory, zoo["iris-logistic"].directory], out)
    return out


def test_the_site_holds_the_app_and_the_models_in_order(site):
    assert (site / "index.html").is_file() and (site / "sw.js").is_file()
    assert any(p.suffix == ".wasm" for p in (site / "assets").iterdir())
    index = json.loads((site / "models" / "index.json").read_text())
    assert [m["id"] for m in index["models"]] == ["prescriptions-tree", "iris-logistic"]
    assert index["models"][0]["path"] == "prescriptions-tree/"
    assert sorted(p.name for p in (site / "models").iterdir()) == [
        "index.json",
        "iris-logistic",
        "prescriptions-tree",
    ]
    for bundled in ("drug", "hr", "house"):
        assert not (site / "models" / bundled).exists()


def test_the_service_worker_precaches_exactly_these_models(site):
    precache = _precache(site)
    models = {url: rev for url, rev in precache.items() if url.startswith("models/")}
    expected = {
        p.relative_to(site).as_posix()
        for p in (site / "models").rglob("*")
        if p.is_file() and p.suffix in (".onnx", ".json") and p.name != "golden.json"
    }
    assert set(models) == expected
    for url, revision in models.items():
        assert revision == hashlib.md5((site / url).read_bytes()).hexdigest(), url
    # The app's own entries are kept as the build wrote them.
    built = _precache(app_dir())
    app = {url: rev for url, rev in built.items() if not url.startswith("models/")}
    assert {url: rev for url, rev in precache.items() if not url.startswith("models/")} == app
    assert "models/tree/" not in (site / "sw.js").read_text()


def test_rebuilding_a_site_replaces_it(site, zoo, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    build_site([zoo["wine-knn"].directory], copy)
    index = json.loads((copy / "models" / "index.json").read_text())
    assert [m["id"] for m in index["models"]] == ["wine-knn"]
    assert not (copy / "models" / "iris-logistic").exists()
    assert set(u for u in _precache(copy) if u.startswith("models/wine-knn/"))


def test_a_tampered_model_file_is_refused(zoo, tmp_path):
    model = tmp_path / "model"
    shutil.copytree(zoo["wine-knn"].directory, model)
    (model / "model.onnx").write_bytes((model / "model.onnx").read_bytes() + b"\0")
    with pytest.raises(SiteError, match="does not match its manifest: sha256"):
        build_site([model], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_two_models_with_one_id_are_refused(zoo, tmp_path):
    with pytest.raises(SiteError, match='two model directories have the id "wine-knn"'):
        build_site([zoo["wine-knn"].directory, zoo["wine-knn"].directory], tmp_path / "out")


def test_a_directory_that_is_not_a_site_is_not_overwritten(zoo, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.tex").write_text("keep me")
    code = main(["site", str(zoo["wine-knn"].directory), "--out", str(tmp_path / "out")])
    assert code == 1
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["thesis.tex"]


def test_a_model_directory_without_a_manifest_is_refused(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["site", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    assert "is not a model directory: it has no manifest.json" in capsys.readouterr().err


def test_serve_sends_the_hosting_headers(site):
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        wasm = next(p.name for p in (site / "assets").iterdir() if p.suffix == ".wasm")

        def headers(path):
            with urllib.request.urlopen(base + path) as response:
                return response.headers

        assert headers(f"assets/{wasm}")["Content-Type"] == "application/wasm"
        assert "immutable" in headers(f"assets/{wasm}")["Cache-Control"]
        for path in ("", "sw.js", "manifest.webmanifest", "models/index.json",
                     "models/iris-logistic/model.onnx"):  # fmt: skip
            assert headers(path)["Cache-Control"] == "no-cache", path
        assert "wasm-unsafe-eval" in headers("")["Content-Security-Policy"]
        assert headers("models/index.json")["Content-Type"] == "application/json"
    finally:
        server.shutdown()
        server.server_close()
