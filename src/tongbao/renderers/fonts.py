"""The fonts the PDF notice uses for each role: the seam ``tongbao fonts`` prints from.

Public: :data:`ROLES` (title, body, heading, kai, page_number), :func:`choose_fonts`
(the font for each role, given optional font files by role) and :class:`FontChoice`
(a role's font file, or ``None`` for the viewer's STSong-Light, and why it was chosen).
"""

from ._fonts import ROLES, FontChoice, choose_fonts

__all__ = ["ROLES", "FontChoice", "choose_fonts"]
