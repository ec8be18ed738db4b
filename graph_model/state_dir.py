"""The state directory: the embedded network's home — which dataset it was loaded from, and the writes made since.

Reach for :class:`StateDir`. A state directory holds

- ``state.toml``: the dataset (folder or workbook) the server last started
  on (or a command first opened), so a command given only ``--state-dir``
  answers from the same network the server does;
- ``journals/<dataset>-<hash>.jsonl``: the acknowledged writes to each dataset
  (:mod:`graph_model.stores.memory.write_ahead_log`), and beside each one,
  ``<journal>.rejected.jsonl``: the writes ``linli journal rebase`` set aside
  because the dataset's files changed under them (kept, never deleted).

Every command and the API open it the same way, through
:func:`loaders.opening.open_store`. On Neo4j there is no state directory: the
database is the truth.

Examples
--------
>>> import tempfile
>>> state = StateDir(Path(tempfile.mkdtemp()))
>>> state.dataset() is None
True
>>> state.bind(Path("/srv/ledger/daoyi"))
>>> state.dataset()
PosixPath('/srv/ledger/daoyi')
>>> state.journal_for(Path("/srv/ledger/daoyi")).parent.name
'journals'
>>> state.rejected_for(state.journal_for(Path("/srv/ledger/daoyi"))).name.endswith(".rejected.jsonl")
True
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph_model.errors import LinliError
from graph_model.i18n import _

__all__ = ["STATE_FILE", "StateDir", "journal_path", "require_usable", "unusable_message"]

log = logging.getLogger(__name__)

STATE_FILE = "state.toml"


def journal_path(dataset: Path | str, state_dir: Path | str) -> Path:
    """The journal of ``dataset`` under ``state_dir``: named by its folder and a hash of its resolved path.

    Examples
    --------
    >>> journal_path("/srv/data/daoyi", "/var/lib/linli").name.startswith("daoyi-")
    True
    """
    resolved = Path(dataset).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:16]
    label = re.sub(r"[^A-Za-z0-9_.-]+", "_", resolved.stem)[:40] or "dataset"
    return Path(state_dir) / "journals" / f"{label}-{digest}.jsonl"


@dataclass(frozen=True, slots=True)
class StateDir:
    """A state directory at ``path`` (created on first write)."""

    path: Path

    @property
    def state_file(self) -> Path:
        return self.path / STATE_FILE

    def dataset(self) -> Path | None:
        """The dataset this state directory was first opened with (None before that).

        Raises :class:`~graph_model.errors.LinliError` when ``state.toml`` cannot be read.
        """
        try:
            text = self.state_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise LinliError(_("cannot read the state directory's {file}: {reason}").format(file=self.state_file, reason=exc)) from None
        try:
            value = tomllib.loads(text).get("dataset")
        except tomllib.TOMLDecodeError as exc:
            raise LinliError(_("cannot read the state directory's {file}: {reason}").format(file=self.state_file, reason=exc)) from None
        return Path(value) if isinstance(value, str) and value else None

    def bind(self, dataset: Path, *, replace: bool = False) -> None:
        """Record ``dataset`` as this state directory's: when none is recorded yet, or with ``replace`` (the server started on it)."""
        bound = self.dataset()
        if bound is not None and (not replace or bound == dataset.resolve()):
            return
        from graph_model.stores.memory.write_ahead_log import make_dirs, replace_file

        try:
            make_dirs(self.path)
            text = "# The dataset this network was loaded from (linli reads it when given only --state-dir).\n"
            text += f"dataset = {json.dumps(str(dataset.resolve()), ensure_ascii=False)}\n"
            replace_file(self.state_file, text.encode("utf-8"))
        except OSError as exc:
            raise LinliError(_("cannot use the state directory {path}: {reason}").format(path=self.path, reason=exc.strerror or exc)) from None
        log.info("state directory %s: bound to the dataset %s", self.path, dataset)

    def journal_for(self, dataset: Path) -> Path:
        """The journal of ``dataset``'s writes in this state directory."""
        return journal_path(dataset, self.path)

    @staticmethod
    def rejected_for(journal: Path) -> Path:
        """Where ``linli journal rebase`` keeps the writes of ``journal`` that no longer apply."""
        return journal.with_name(journal.stem + ".rejected.jsonl")


def unusable_message(state: Path, exc: OSError) -> str:
    """One line saying why ``state`` cannot be the state directory, and what to do."""
    return _("the state directory {path} cannot be used ({reason}: {where}); set LINLI_STATE_DIR to a folder Linli may create and write").format(
        path=state, reason=exc.strerror or type(exc).__name__, where=exc.filename or state
    )


def require_usable(state: Path, *, writable: bool = True) -> None:
    """Refuse, in one line, a state directory Linli cannot use — before anything is loaded or written there.

    A file where the folder should be is refused for readers and writers; a
    writer also needs to create the folder and write in it (a read-only folder
    or file system is refused).

    Raises :class:`~graph_model.errors.LinliError`.

    Examples
    --------
    >>> import tempfile
    >>> from graph_model.i18n import use_language
    >>> with tempfile.NamedTemporaryFile() as a_file, use_language("en"):
    ...     require_usable(Path(a_file.name))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph_model.errors.LinliError: ... (Not a directory: ...); set LINLI_STATE_DIR to a folder Linli may create and write
    """
    try:
        if state.exists() and not state.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(state))
        if writable:
            state.mkdir(parents=True, exist_ok=True)
            if not os.access(state, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(state))
    except OSError as exc:
        raise LinliError(unusable_message(state, exc)) from None
