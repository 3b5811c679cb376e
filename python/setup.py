# Build step of the Python package: puts libstrata_c (built by SwiftPM, or named by STRATA_LIB) inside it.
import os
import pathlib
import platform
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

LIBRARY = "libstrata_c.dylib" if platform.system() == "Darwin" else "libstrata_c.so"


def project_root() -> pathlib.Path:
    """The Swift package this folder belongs to (STRATA_SOURCE_DIR, else the parent of python/)."""
    root = pathlib.Path(os.environ.get("STRATA_SOURCE_DIR", pathlib.Path(__file__).resolve().parent.parent))
    if not (root / "Package.swift").is_file():
        raise SystemExit(f"strata: no Package.swift in {root}; set STRATA_LIB to a built {LIBRARY} "
                         "or STRATA_SOURCE_DIR to the Strata source tree")
    return root


def library() -> pathlib.Path:
    """STRATA_LIB if set, else the library SwiftPM builds (`swift build -c release --product strata_c`)."""
    given = os.environ.get("STRATA_LIB")
    if given:
        path = pathlib.Path(given)
        if not path.is_file():
            raise SystemExit(f"strata: STRATA_LIB={given} is not a file")
        return path
    root = project_root()
    command = ["swift", "build", "-c", "release", "--product", "strata_c"]
    print("strata: " + " ".join(command) + f" (in {root})", flush=True)
    try:
        subprocess.run(command, cwd=root, check=True)
    except FileNotFoundError:
        raise SystemExit("strata: `swift` is not on PATH; install Swift or set STRATA_LIB to a built " + LIBRARY)
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"strata: `{' '.join(command)}` failed with exit code {error.returncode}")
    return root / ".build" / "release" / LIBRARY


class BuildWithLibrary(build_py):
    """Copies the Python sources, then the shared library into strata/lib/."""

    def run(self):
        super().run()
        target = pathlib.Path(self.build_lib) / "strata" / "lib"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(library(), target / LIBRARY)


class BinaryDistribution(Distribution):
    """The wheel holds a native library, so it is tagged for this platform."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildWithLibrary}, distclass=BinaryDistribution)
