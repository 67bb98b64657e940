from .helpers import verify_built  # noqa: F401  (fixture)
