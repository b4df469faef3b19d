import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from kerasfe.trace.io.report_document import ReportDocument, figure_png
from tests.trace.io.report_html import decode_images, pdf_pages, read_report

matplotlib.use("Agg")


def test_html_escapes_text_inlines_images_and_the_pdf_has_a_page_per_section(tmp_path):
    document = ReportDocument("Report <1>", subtitle="made today")
    open_figures = len(plt.get_fignums())
    figure = plt.figure(figsize=(2, 1), dpi=100)
    figure.add_subplot().plot([0, 1], [1, 0])
    pixels = (np.arange(12 * 8 * 3) % 255).astype("uint8").reshape(8, 12, 3)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    document.section("Numbers").add_text("<script>alert(1)</script>").add_table(["n", "n → n²"], [[2, 4], [3, 9]],
                                                                                 caption="Squares")
    document.section("Numbers").add_image(buffer.getvalue(), "raw").add_image(figure, "plot").add_pre("a  b\n c")
    document.save(tmp_path / "r.html", tmp_path / "r.pdf")
    text = (tmp_path / "r.html").read_text()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    report = read_report(tmp_path / "r.html")
    assert report.sections == ["Numbers", "Numbers"] and 'id="numbers-1"' in text  # unique anchors
    assert report.tables == {"Squares": [["n", "n → n²"], ["2", "4"], ["3", "9"]]}
    raw, plot = decode_images(report.images)
    np.testing.assert_array_equal(np.asarray(raw), pixels)  # the PNG comes back bit for bit
    assert plot.size[1] > 50 and len(plt.get_fignums()) == open_figures  # drawn, then closed
    assert set(report.links) == set(report.images) | {"#numbers", "#numbers-1"}  # nothing outside the file
    pages = pdf_pages(tmp_path / "r.pdf")
    assert len(pages) == 3 and "Report <1>" in pages[0]
    assert "Squares" in pages[1] and "n ? n²" in pages[1] and "alert(1)" in pages[1]  # → is outside Latin-1
    assert figure_png(plt.figure(figsize=(1, 1)), dpi=50)[:4] == b"\x89PNG"
