"""A mapping that cannot be changed, for the mappings inside frozen values.

``types.MappingProxyType`` cannot be pickled, and a notice must pickle (to send it to a
worker process); :class:`FrozenMapping` pickles as the plain dict it copies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

__all__ = ["FrozenMapping", "freeze"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMapping(Mapping[K, V]):
    """A read-only copy of a mapping; equal to any mapping with the same items, and
    hashable when its values are."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._items: dict[K, V] = dict(items or {})

    @classmethod
    def _owning(cls, items: dict[K, V]) -> FrozenMapping[K, V]:
        """A FrozenMapping of ``items`` without copying it: for a dict no one else holds."""
        made = object.__new__(cls)
        made._items = items
        return made

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(self._items)

    def __eq__(self, other: object) -> bool:
        return dict(self._items) == other if isinstance(other, Mapping) else NotImplemented

    def __hash__(self) -> int:
        # Hashable when its values are, so a Problem (a tuple holding one) still is.
        return hash(frozenset(self._items.items()))

    def __reduce__(self) -> tuple[type[FrozenMapping[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._items,))


def freeze(value: Mapping[Any, Any]) -> FrozenMapping[Any, Any]:
    """``value`` as a :class:`FrozenMapping`, and each mapping inside it too."""
    return FrozenMapping({k: freeze(v) if isinstance(v, Mapping) else v for k, v in value.items()})
