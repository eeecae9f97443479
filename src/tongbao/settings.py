"""The environment variables tongbao reads: a documented seam for front ends.

The command line (``tongbao.cli``) and other front ends read the variables through
here; tongbao itself reads them in one place (``Renderers`` when it is made, the command
line when it starts), a malformed one reported once as an :class:`~tongbao.OptionError`
naming the variable and the form it expects.

- :data:`VARIABLES`: every variable read, and the form its value must have.
- :func:`read_environment`: the variables, each checked, as an :class:`Environment`.
- ``TONGBAO_LANG`` and the POSIX locale choose the language of problems:
  :func:`tongbao.errors.locale_language`, :func:`tongbao.errors.chosen_language`.
"""

from __future__ import annotations

from ._settings import DEBUG, LANGUAGE, VARIABLES, Environment, read_environment

__all__ = ["DEBUG", "LANGUAGE", "VARIABLES", "Environment", "read_environment"]
