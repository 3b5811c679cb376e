# Shared pytest fixtures: where the strata binary, the shared models and the test programs are.
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
PROGRAMS = pathlib.Path(__file__).resolve().parent / "programs"


def shared_dir() -> pathlib.Path:
    """../shared beside the project, or STRATA_SHARED."""
    return pathlib.Path(os.environ.get("STRATA_SHARED", REPO.parent / "shared")).resolve()


def strata_binary() -> pathlib.Path:
    """The release `strata` binary, or STRATA_BIN."""
    return pathlib.Path(os.environ.get("STRATA_BIN", REPO / ".build" / "release" / "strata"))


@pytest.fixture(scope="session")
def shared() -> pathlib.Path:
    path = shared_dir()
    if not (path / "models").is_dir():
        pytest.fail(f"shared models not found at {path} (set STRATA_SHARED)")
    return path


@pytest.fixture(scope="session")
def strata_bin() -> pathlib.Path:
    path = strata_binary()
    if not path.is_file():
        pytest.fail(f"{path} not found: run `swift build -c release` first (or set STRATA_BIN)")
    return path
