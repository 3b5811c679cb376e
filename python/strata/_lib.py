"""ctypes declarations of libstrata_c (CSupport/include/strata.h) and the call wrapper that raises StrataError."""
import ctypes
import os
import pathlib
import platform

from .errors import StrataError

API_VERSION = 2
LIBRARY = "libstrata_c.dylib" if platform.system() == "Darwin" else "libstrata_c.so"
SAMPLER_STAT_COUNT = 7
LOAD_NO_GENERATED_QUANTITIES = 1
LOAD_NO_MARGINALISE = 2

c_double_p = ctypes.POINTER(ctypes.c_double)
c_int64_p = ctypes.POINTER(ctypes.c_int64)


class SampleConfig(ctypes.Structure):
    """strata_sample_config: 8 int32, then the seed (uint64) and adapt_delta (double); 48 bytes."""
    _fields_ = [("chains", ctypes.c_int32), ("warmup", ctypes.c_int32), ("samples", ctypes.c_int32),
                ("thin", ctypes.c_int32), ("max_depth", ctypes.c_int32), ("metric", ctypes.c_int32),
                ("threads", ctypes.c_int32), ("adapt", ctypes.c_int32), ("seed", ctypes.c_uint64),
                ("adapt_delta", ctypes.c_double)]


def _load() -> ctypes.CDLL:
    path = os.environ.get("STRATA_LIB") or str(pathlib.Path(__file__).resolve().parent / "lib" / LIBRARY)
    if not os.path.isfile(path):
        raise ImportError(f"strata: {path} not found (reinstall with `pip install ./python`, or set STRATA_LIB)")
    lib = ctypes.CDLL(path)
    signatures = {
        "strata_api_version": ([], ctypes.c_int),
        "strata_version": ([], ctypes.c_char_p),
        "strata_last_error_message": ([], ctypes.c_char_p),
        "strata_model_load_string": ([ctypes.c_char_p] * 4 + [ctypes.c_int, ctypes.POINTER(ctypes.c_void_p)],
                                     ctypes.c_int),
        "strata_model_free": ([ctypes.c_void_p], None),
        "strata_model_dimension": ([ctypes.c_void_p, c_int64_p], ctypes.c_int),
        "strata_model_output_count": ([ctypes.c_void_p, c_int64_p], ctypes.c_int),
        "strata_model_output_counts": ([ctypes.c_void_p, c_int64_p, c_int64_p, c_int64_p], ctypes.c_int),
        "strata_model_output_name": ([ctypes.c_void_p, ctypes.c_int64, ctypes.POINTER(ctypes.c_char_p)],
                                     ctypes.c_int),
        "strata_log_density_gradient": ([ctypes.c_void_p, c_double_p, ctypes.c_int64, ctypes.c_int, c_double_p,
                                         c_double_p], ctypes.c_int),
        "strata_constrain": ([ctypes.c_void_p, c_double_p, ctypes.c_int64, c_double_p, ctypes.c_int64], ctypes.c_int),
        "strata_unconstrain": ([ctypes.c_void_p, c_double_p, ctypes.c_int64, c_double_p, ctypes.c_int64],
                               ctypes.c_int),
        "strata_sample_config_default": ([ctypes.POINTER(SampleConfig)], None),
        "strata_sample_with_stats": ([ctypes.c_void_p, ctypes.POINTER(SampleConfig), c_double_p, ctypes.c_int64,
                                      ctypes.c_char_p, c_double_p, ctypes.c_int64, c_double_p, ctypes.c_int64],
                                     ctypes.c_int),
        "strata_optimize": ([ctypes.c_void_p, ctypes.c_int, ctypes.c_uint64, c_double_p, ctypes.c_int64, c_double_p],
                            ctypes.c_int),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = arguments
        function.restype = result
    if lib.strata_api_version() != API_VERSION:
        raise ImportError(f"strata: {path} implements C API version {lib.strata_api_version()}, "
                          f"this package needs {API_VERSION} (rebuild with `pip install ./python`)")
    return lib


lib = _load()


def check(status: int) -> None:
    """Raises StrataError with the calling thread's Strata message unless `status` is STRATA_OK."""
    if status != 0:
        raise StrataError(status, lib.strata_last_error_message().decode("utf-8", "replace"))


def pointer(array) -> "ctypes.POINTER(ctypes.c_double)":
    """A double* into a C-contiguous float64 numpy array."""
    return array.ctypes.data_as(c_double_p)
