"""stridewise from Python: review recorded runs (FIT, GPX, TCX, exports) with the same
engine and the same outputs as the ``stridewise`` command line.

- ``review(path_or_bytes)`` -> dict: the document ``stridewise --json FILE`` prints.
- ``review_folder(path)`` -> dict: the folder's ``summary.json``.
- ``runs_table(paths)`` -> pyarrow.Table: the columns of ``runs.parquet`` (docs/PARQUET.md).
- ``folder_tables(paths)`` -> dict of pyarrow.Table: runs, findings and speed_bins.

The work runs in Rust with the GIL released, so threads (and Dask workers) review files in
parallel. A file or folder that gives no review raises ``ReviewError`` (a ``ValueError``)
whose message names the file and the reason, as the command line prints it.
"""

import json
import os
from typing import Dict, Iterable, Optional, Union

from . import _native
from ._native import ReviewError

__all__ = [
    "ReviewError",
    "review",
    "review_folder",
    "runs_table",
    "folder_tables",
    "JSON_SCHEMA_VERSION",
    "PARQUET_SCHEMA_VERSION",
    "__version__",
]

__version__ = _native.__version__
JSON_SCHEMA_VERSION, PARQUET_SCHEMA_VERSION = _native.schema_versions()

PathLike = Union[str, "os.PathLike[str]"]


def review(path_or_bytes: Union[PathLike, bytes, bytearray, memoryview], *,
           name: Optional[str] = None, imperial: bool = False) -> dict:
    """The document ``stridewise --json FILE`` prints, as a dict.

    ``path_or_bytes`` is a path (a file, or a folder or archive: every run in it) or the
    bytes of one file (FIT, GPX, TCX, optionally gzipped); its runs' ``path`` is then
    ``name`` (default ``"<bytes>"``).
    """
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        text = _native.review_bytes(bytes(path_or_bytes), name or "<bytes>", imperial)
    else:
        text = _native.review_path(os.fspath(path_or_bytes), imperial)
    return json.loads(text)


def _paths(paths: Union[PathLike, Iterable[PathLike]]):
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _folder(paths, athlete, jobs, imperial, pain_log=None):
    pain = os.fspath(pain_log) if pain_log is not None else None
    return _native.review_folder(_paths(paths), athlete, jobs, imperial, pain)


def review_folder(path: Union[PathLike, Iterable[PathLike]], *, jobs: Optional[int] = None,
                  imperial: bool = False, pain_log: Optional[PathLike] = None) -> dict:
    """The folder's ``summary.json`` (``stridewise PATH --out DIR``), as a dict.

    ``path`` is a folder, an archive, or a list of paths reviewed together as one runner.
    ``jobs`` caps the worker threads (default: one per core); ``pain_log`` is
    ``--pain-log``'s CSV (``date,pain,note``).
    """
    return json.loads(_folder(path, None, jobs, imperial, pain_log)["summary"])


def _table(data: bytes):
    import pyarrow as pa
    import pyarrow.parquet as pq

    return pq.read_table(pa.BufferReader(data))


def folder_tables(paths: Union[PathLike, Iterable[PathLike]], *, athlete: Optional[str] = None,
                  jobs: Optional[int] = None,
                  pain_log: Optional[PathLike] = None) -> Dict[str, "pyarrow.Table"]:
    """The ``--parquet`` tables of a folder review: ``{"runs", "findings", "speed_bins"}``
    (and ``"summary"``, the summary.json dict), every row labelled ``athlete`` (default:
    the first path's name, as ``--parquet`` labels them)."""
    files = _folder(paths, athlete, jobs, False, pain_log)
    out = {name[: -len(".parquet")]: _table(data)
           for name, data in files.items() if name.endswith(".parquet")}
    out["summary"] = json.loads(files["summary"])
    return out


def runs_table(paths: Union[PathLike, Iterable[PathLike]], *, athlete: Optional[str] = None,
               jobs: Optional[int] = None) -> "pyarrow.Table":
    """The ``runs.parquet`` table of ``paths`` reviewed together as one runner."""
    return _table(_folder(paths, athlete, jobs, False)["runs.parquet"])
