"""Strata from Python: Stan programs on Strata's engine (libstrata_c), NUTS draws as ArviZ InferenceData."""
from .errors import StrataError
from .model import Model

__all__ = ["Model", "StrataError", "__version__"]
__version__ = "0.1.0"
