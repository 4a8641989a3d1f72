"""Every message a user can see, in one catalogue (after spaCy's ``spacy/errors.py``).

Each message is one sentence: what went wrong, and what to do. Raise with
``NoteError(Errors.E001.format(...))`` so the CLI can print it without a traceback.
"""

from __future__ import annotations


class Errors:
    E001 = "{file}: file does not exist; check the path."
    E002 = "{file}: cannot be read ({reason}); check its permissions."
    E003 = "{file}: file is empty; nothing to extract."
    E004 = "{file}: looks like a binary file, not notes; skipped."
    E005 = "{file}: is {size_mb:.0f} MB, over the {limit_mb} MB limit per note file; split it or raise --max-mb."
    E006 = "{file}: could not be decoded as text ({reason}); save it as UTF-8."
    E007 = "{file}: unsupported format ({reason}); use markdown, plain text, TSV or CSV."
    E010 = "No note files could be read from {paths}; give a file or folder holding .md, .txt, .csv or .tsv notes."
    E011 = "{path}: no note files found in this folder."
    E030 = "The lexicon file {file} is missing or broken ({reason}); reinstall servicemap or regenerate it."


class Warnings:
    W001 = "{file}: decoded as {encoding}, not UTF-8."
    W002 = "{file}: repaired broken text encoding (mojibake) on {count} line(s)."
    W003 = "{file}: table at line {line} has rows with missing cells; treated them as empty."
    W005 = "{file}: {count} line(s) (first at line {line}) are not {format} rows; kept them as plain text."
    W006 = "{file}: a quote mark opens a cell that never closes; read the rows without quoting."


class NoteError(Exception):
    """An error whose message is meant for the user as it is."""
