"""`formcast site` and `formcast serve`: a static site from model directories, no Node.js.

- `build.py`: `build_site`, the prebuilt app plus the model directories
- `model_index.py`: models/index.json, the models a site offers
- `precache.py`: the service worker's list of files kept for offline use
- `serve.py`: a local preview with the headers a host should send
"""
