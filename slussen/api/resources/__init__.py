"""One module per resource of the API. Each has ``urlpatterns`` (its ``/api/v1/`` endpoints)
and may have ``DATASETS`` (its open data). To add a resource, write its module and name it
here; the schema, the documentation page and the open-data page pick it up."""

from importlib import import_module

NAMES = ["cases", "register", "fund", "testbeds", "navigator", "strategic", "bokslut"]
MODULES = [import_module(f"{__name__}.{name}") for name in NAMES]
