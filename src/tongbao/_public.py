"""Naming private modules' classes by their public name: ``tongbao.Tally``.

A class's ``__module__`` decides its repr and where pickle looks it up. Changing it
alone would break :func:`typing.get_type_hints`, which evaluates the (postponed)
annotations in the namespace ``__module__`` names; so the annotations are resolved
first, in the module that defines them.
"""

from __future__ import annotations

import typing

__all__ = ["public"]


def public(*classes: type, module: str = "tongbao") -> None:
    """Make each class name ``module`` (``tongbao``) as its home, annotations resolved."""
    for cls in classes:
        if cls.__module__ == module:
            continue
        own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - inspect costs import time
        if own:
            hints = typing.get_type_hints(cls)
            cls.__annotations__ = {name: hints[name] for name in own}
        cls.__module__ = module
