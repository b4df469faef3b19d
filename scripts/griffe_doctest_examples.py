"""A griffe extension for the API reference (mkdocs.yml loads it): kerasfe's docstrings head their doctests
"Example:", which griffe's Google parser reads as an admonition of Markdown (so `>>>` becomes nested quotes and
`[...]` outputs become cross-references). It renames that heading to "Examples:", the section griffe renders as
highlighted Python console code."""
import re

import griffe

_HEADING = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)


class DoctestExamples(griffe.Extension):
    """Renames every "Example:" section heading of a docstring to "Examples:"."""

    def on_object(self, *, obj, **kwargs):
        if obj.docstring is not None:
            obj.docstring.value = _HEADING.sub(r"\1Examples:", obj.docstring.value)
