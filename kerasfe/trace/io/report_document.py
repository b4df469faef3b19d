"""ReportDocument: a report made of sections of text, tables, images and preformatted text, written as one
self-contained HTML file (jinja2; images inlined as base64 PNG) and as a PDF (fpdf2). `Traceability` and
`TestReport` write their reports through it."""
import base64
import datetime
import io
import re

from kerasfe.atomic_file import atomic_open

HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; }
header { background: #24292f; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px 0; font-size: 26px; }
header p { margin: 0; color: #d0d7de; }
nav { padding: 10px 32px; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
nav a { margin-right: 16px; color: #0969da; text-decoration: none; }
main { padding: 0 32px 32px 32px; }
section { margin-top: 24px; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
figure { margin: 8px 0 16px 0; }
figure img { max-width: 100%; border: 1px solid #d0d7de; }
figcaption { font-size: 13px; color: #57606a; }
pre { background: #f6f8fa; padding: 8px; font-size: 12px; overflow-x: auto; }
.passed { color: #1a7f37; font-weight: 600; }
.failed { color: #cf222e; font-weight: 600; }
</style>
</head>
<body>
<header><h1>{{ title }}</h1><p>{{ subtitle }}</p></header>
<nav>{% for section in sections %}<a href="#{{ section.anchor }}">{{ section.title }}</a>{% endfor %}</nav>
<main>
{% for section in sections %}
<section id="{{ section.anchor }}">
<h2>{{ section.title }}</h2>
{% for block in section.blocks %}
{% if block.kind == "text" %}<p{% if block.style %} class="{{ block.style }}"{% endif %}>{{ block.text }}</p>
{% elif block.kind == "pre" %}<pre>{{ block.text }}</pre>
{% elif block.kind == "image" %}<figure><img alt="{{ block.caption }}" src="data:image/png;base64,{{ block.data }}">
<figcaption>{{ block.caption }}</figcaption></figure>
{% elif block.kind == "table" %}<table>{% if block.caption %}<caption>{{ block.caption }}</caption>{% endif %}
<thead><tr>{% for header in block.headers %}<th>{{ header }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in block.rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% endif %}
{% endfor %}
</section>
{% endfor %}
</main>
</body>
</html>
"""


class Section:
    """One titled part of a `ReportDocument`; its `add_*` methods append blocks in order and return the section."""

    def __init__(self, title, anchor):
        self.title, self.anchor, self.blocks = title, anchor, []

    def add_text(self, text, style=None):
        """A paragraph (`style`: "passed" / "failed" colours it in HTML)."""
        self.blocks.append({"kind": "text", "text": str(text), "style": style})
        return self

    def add_pre(self, text):
        """Preformatted text (a model summary, a traceback)."""
        self.blocks.append({"kind": "pre", "text": str(text)})
        return self

    def add_table(self, headers, rows, caption=None):
        """A table of `rows` (sequences of cells, shown with `str`) under `headers`."""
        self.blocks.append({"kind": "table", "headers": [str(h) for h in headers], "caption": caption,
                            "rows": [[str(cell) for cell in row] for row in rows]})
        return self

    def add_image(self, png, caption=""):
        """A PNG image (its bytes), or a matplotlib Figure (drawn as PNG and closed)."""
        if not isinstance(png, (bytes, bytearray)):
            png = figure_png(png)
        self.blocks.append({"kind": "image", "png": bytes(png), "caption": caption,
                            "data": base64.b64encode(png).decode("ascii")})
        return self


def figure_png(figure, dpi=100):
    """The PNG bytes of a matplotlib Figure, which is closed afterwards.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> figure_png(plt.figure(figsize=(1, 1)))[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()


class ReportDocument:
    """A report: a title, a subtitle, and sections of blocks, saved as self-contained HTML and / or PDF.

    Args:
        title: the report's title.
        subtitle: a line under it (default: the time it was made).

    Example:
        >>> import tempfile, pathlib
        >>> document = ReportDocument("Demo")
        >>> _ = document.section("Numbers").add_text("Two rows:").add_table(["x", "x^2"], [[1, 1], [2, 4]])
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> document.save(folder / "demo.html", folder / "demo.pdf")
        >>> "<th>x^2</th>" in (folder / "demo.html").read_text(), (folder / "demo.pdf").read_bytes()[:5]
        (True, b'%PDF-')
    """

    def __init__(self, title, subtitle=None):
        self.title = title
        self.subtitle = subtitle or f"made {datetime.datetime.now():%Y-%m-%d %H:%M:%S}"
        self.sections = []

    def section(self, title):
        """Appends a new section titled `title` and returns it."""
        anchor = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
        anchor = f"{anchor}-{len(self.sections)}" if any(s.anchor == anchor for s in self.sections) else anchor
        section = Section(title, anchor)
        self.sections.append(section)
        return section

    def to_html(self):
        """The report as one HTML page (text escaped, images inlined)."""
        import jinja2
        environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
        return environment.from_string(HTML_TEMPLATE).render(title=self.title, subtitle=self.subtitle,
                                                             sections=self.sections)

    def to_pdf(self):
        """The report as PDF bytes (A4; a page per section; the core fonts, so text outside Latin-1 shows as ?)."""
        from fpdf import FPDF
        from fpdf.fonts import FontFace
        pdf = FPDF(format="A4")
        pdf.set_title(_latin1(self.title))
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 20)
        _line(pdf, 10, _latin1(self.title))
        pdf.set_font("Helvetica", "", 11)
        _line(pdf, 6, _latin1(self.subtitle))
        pdf.ln(4)
        for section in self.sections:
            pdf.add_page()
            pdf.start_section(_latin1(section.title))
            pdf.set_font("Helvetica", "B", 15)
            _line(pdf, 9, _latin1(section.title))
            pdf.ln(2)
            for block in section.blocks:
                _pdf_block(pdf, block, FontFace)
        return bytes(pdf.output())

    def save(self, html_path=None, pdf_path=None):
        """Writes the HTML to `html_path` and the PDF to `pdf_path` (either may be None), each atomically."""
        if html_path is not None:
            with atomic_open(html_path, "w", encoding="utf-8") as file:
                file.write(self.to_html())
        if pdf_path is not None:
            pdf = self.to_pdf()
            with atomic_open(pdf_path, "wb") as file:
                file.write(pdf)


def _pdf_block(pdf, block, font_face):
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if block["kind"] == "text":
        pdf.set_font("Helvetica", "B" if block["style"] else "", 10)
        _line(pdf, 5, _latin1(block["text"]))
        pdf.ln(2)
    elif block["kind"] == "pre":
        pdf.set_font("Courier", "", 6.5)
        _line(pdf, 3, _latin1(block["text"]), wrapmode="CHAR")
        pdf.ln(2)
    elif block["kind"] == "image":
        from PIL import Image
        image = Image.open(io.BytesIO(block["png"]))
        w = min(width, image.width * 0.2)
        h = w * image.height / image.width
        if pdf.y + h > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.image(io.BytesIO(block["png"]), w=w, h=h)
        pdf.set_font("Helvetica", "I", 8)
        _line(pdf, 4, _latin1(block["caption"]))
        pdf.ln(2)
    else:
        if block["caption"]:
            pdf.set_font("Helvetica", "B", 9)
            _line(pdf, 5, _latin1(block["caption"]))
        pdf.set_font("Helvetica", "", 7)
        with pdf.table(width=width, line_height=3.5, headings_style=font_face(emphasis="BOLD", fill_color=235),
                       text_align="LEFT") as table:
            for row in [block["headers"]] + block["rows"]:
                cells = table.row()
                for cell in row:
                    cells.cell(_latin1(cell))
        pdf.ln(3)


def _line(pdf, height, text, wrapmode="WORD"):
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", wrapmode=wrapmode)


def _latin1(text):
    return str(text).encode("latin-1", "replace").decode("latin-1")
