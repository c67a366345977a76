"""The model's own comments as field documentation, for the JSON Schema (editor hovers) and the guide.

`model.py` documents each field with a trailing comment; reading them from its source keeps one description per
field instead of a second copy that would drift.
"""

from __future__ import annotations

import ast
import inspect
import io
import tokenize

from petrograd1917.scenario import model

_CACHE: dict[str, dict[str, str]] = {}


def field_docs(class_name: str) -> dict[str, str]:
    """Field name -> its trailing comment in model.py (fields without one are absent)."""
    if not _CACHE:
        _CACHE.update(_read(inspect.getsource(model)))
    return _CACHE.get(class_name, {})


def class_doc(cls: type) -> str:
    """The class docstring on one line ('' when the class has none: dataclasses invent a signature instead)."""
    doc = cls.__dict__.get("__doc__") or ""
    return "" if doc.startswith(f"{cls.__name__}(") else " ".join(doc.split())


def _read(source: str) -> dict[str, dict[str, str]]:
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    docs: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            entries = docs.setdefault(node.name, {})
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                    comment = comments.get(statement.end_lineno or statement.lineno)
                    if comment:
                        entries[statement.target.id] = comment
                elif isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                    comment = comments.get(statement.lineno)  # enum members: VALUE = "value"  # meaning
                    if comment:
                        entries[statement.targets[0].id] = comment
    return docs
