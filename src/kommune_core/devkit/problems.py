"""What a conformance check reports: one :class:`Problem` per thing that is wrong.

A problem always names the plugin, the hook, the object (by its id or key) and what is wrong,
so a plugin author can fix it without reading the suite's code.
"""

from __future__ import annotations

import attrs

__all__ = ["Problem", "describe"]


@attrs.frozen
class Problem:
    """``plugin`` broke a conformance rule in ``hook`` with ``obj``; ``message`` says how."""

    plugin: str
    hook: str
    obj: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}, hook {self.hook}, {self.obj}: {self.message}"


def describe(obj: object) -> str:
    """A short, stable name for a contributed object: its class and id, key or name."""
    cls = type(obj).__name__
    for attr in ("id", "key", "urn"):
        value = getattr(obj, attr, None)
        if isinstance(value, str):
            extra = ""
            if attr == "key" and cls == "Kommune":
                extra = f" ({getattr(obj, 'name', '?')})"
            elif attr == "urn":
                extra = f" version {getattr(obj, 'version', '?')!r}"
            return f"{cls} {value!r}{extra}"
    name = getattr(obj, "name", None)
    if isinstance(name, str):
        return f"{cls} {name!r}"
    text = repr(obj)
    return f"{cls} {text[:60] + '…' if len(text) > 60 else text}"
