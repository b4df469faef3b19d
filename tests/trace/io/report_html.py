"""Reads a kerasfe HTML report back with the standard library's html.parser: its sections, tables and images."""
import base64
import html.parser
import io

from PIL import Image


class ReportParser(html.parser.HTMLParser):
    """Collects h2 section titles, tables ({caption: [row, ...]} with the header row first), <img> sources, and
    every src / href / link the page has."""

    def __init__(self):
        super().__init__()
        self.sections, self.tables, self.images, self.links, self.paragraphs = [], {}, [], [], []
        self._text, self._table, self._row, self._caption, self._in = None, None, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.links += [value for name, value in attrs.items() if name in ("src", "href")]
        if tag == "link":
            self.links.append(attrs.get("href"))
        if tag in ("h2", "caption", "td", "th", "p"):
            self._in, self._text = tag, ""
        elif tag == "table":
            self._table, self._caption = [], None
        elif tag == "tr":
            self._row = []
        elif tag == "img":
            self.images.append(attrs["src"])

    def handle_data(self, data):
        if self._text is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._in and tag not in ("tr", "table"):
            return
        if tag == "h2":
            self.sections.append(self._text.strip())
        elif tag == "p":
            self.paragraphs.append(self._text.strip())
        elif tag == "caption":
            self._caption = self._text.strip()
        elif tag in ("td", "th"):
            self._row.append(self._text.strip())
        elif tag == "tr":
            self._table.append(self._row)
        elif tag == "table":
            self.tables[self._caption or f"table {len(self.tables)}"] = self._table
        self._text, self._in = None, None


def read_report(path):
    """The parsed report at `path` (a `ReportParser` that has read it)."""
    parser = ReportParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def decode_images(sources):
    """The PIL images of inlined PNG `data:` sources (asserting each is one)."""
    images = []
    for source in sources:
        prefix = "data:image/png;base64,"
        assert source.startswith(prefix)
        data = base64.b64decode(source[len(prefix):], validate=True)
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        images.append(Image.open(io.BytesIO(data)))
    return images


def rows_as_dicts(table):
    """A parsed table's rows as {header: cell} dicts."""
    return [dict(zip(table[0], row)) for row in table[1:]]


def pdf_pages(path):
    """The text of each page of the PDF at `path` (read with pypdf)."""
    import pypdf
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]
