"""Read archive files in a separate process, which is stopped when a file takes too long.

Extraction and parsing (`read_note`) run on untrusted files, through libraries (python-docx,
pypdf) that can spend minutes or gigabytes on a small hostile file. No check inside the
process can interrupt a library call, so a `Reader` hands each file to a child process and
waits for it at most `limits.seconds_per_file`; a child that takes longer is killed, and the
next file gets a new one. The child's address space is capped at `limits.memory_bytes`.

The child is forked from the multiprocessing fork server, which has already imported this
module, so starting one costs milliseconds; it reads every file of an import in turn. It knows
nothing of Django's settings or database: it gets bytes and limits, and returns the parsed note
or the error, whose message is put together by whoever shows it (ExtractError).

Where no child process can be started (e.g. inside a daemonic process), the file is read in
this process, with every limit but the time.
"""

import logging
import multiprocessing
import resource
import weakref
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from notes.archive.extract import ExtractError, extract
from notes.archive.limits import DEFAULT
from notes.archive.parser import ParsedNote, ParseError, parse_note

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    note: ParsedNote
    encoding: str | None  # a key of extract.ENCODINGS, for text files
    # The whole text extracted from the file: a note kept as a draft shows it to staff.
    text: str = ""


def read_note(name, data, limits=DEFAULT):
    """Extract the text of one file and parse it; ExtractError or ParseError if it cannot be."""
    extracted = extract(name, data, limits)
    return Reading(parse_note(extracted.text), extracted.encoding, extracted.text)


class Reader:
    """Reads files one after the other in a child process; use as a context manager, or close."""

    def __init__(self, limits=DEFAULT):
        self.limits = limits
        self._child = None
        self._in_process = False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def read(self, name, data):
        """The Reading of the file; ExtractError or ParseError if it cannot be read."""
        if self._in_process or not self._start():
            return read_note(name, data, self.limits)
        connection = self._child[1]
        try:
            connection.send((name, data, self.limits))
            finished = connection.poll(self.limits.seconds_per_file)
            outcome, value = connection.recv() if finished else (None, None)
        except (EOFError, OSError):  # the child died: its memory, or a crash in a library
            self.close()
            raise ExtractError(_("reading it stopped the reading process")) from None
        if not finished:
            self.close()
            raise ExtractError(
                _("reading it took longer than the limit of %(seconds)s seconds"),
                {"seconds": self.limits.seconds_per_file},
            )
        if outcome == "error":
            raise value
        return value

    def close(self):
        if self._child is not None:
            self._finalizer()
            self._child = None

    def _start(self):
        if self._child is not None:
            return True
        context = _context()
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, self.limits.memory_bytes), daemon=True
        )
        try:
            process.start()
        except (AssertionError, OSError) as error:  # no children in a daemonic process
            logger.warning(
                "Archive files are read in this process, without a time limit: %s", error
            )
            self._in_process = True
            return False
        finally:
            child.close()
        self._child = process, parent
        self._finalizer = weakref.finalize(self, _stop, process, parent)
        return True


def _stop(process, connection):
    connection.close()
    process.kill()
    process.join()
    process.close()


_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        methods = multiprocessing.get_all_start_methods()
        _CONTEXT = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if _CONTEXT.get_start_method() == "forkserver":
            _CONTEXT.set_forkserver_preload([__name__])
    return _CONTEXT


def _serve(connection, memory_bytes):
    """The child: read each file it is sent, send back ("ok", Reading) or ("error", error)."""
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    while True:
        try:
            name, data, limits = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", read_note(name, data, limits))
        except (ExtractError, ParseError) as error:
            answer = ("error", error)
        except MemoryError:
            answer = ("error", _over_memory(limits))
        except Exception as error:  # a library failing on a file it does not expect
            answer = ("error", ExtractError(_("cannot be read: %(error)s"), {"error": str(error)}))
        del data
        connection.send(answer)


def _over_memory(limits):
    return ExtractError(
        _("reading it needs more memory than the limit of %(limit_bytes)s"),
        {"limit_bytes": limits.memory_bytes},
    )
