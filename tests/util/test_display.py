import keras
import matplotlib
import matplotlib.image
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.util.display import TITLE_HEIGHT, BatchDisplay, GridDisplay, ImageDisplay, to_rgb

COLORS = np.array([[[255, 0, 0], [0, 255, 0]], [[0, 0, 255], [255, 255, 0]]], "uint8")


def _saved(display, tmp_path, name="x.png"):
    path = tmp_path / name
    display.show(save_path=str(path), verbose=False)
    return (matplotlib.image.imread(str(path))[..., :3] * 255).round()


def _cell_centers(pixels, top, left, cell, n):
    """The color at the center of each of the n x n image pixels drawn in a `cell`-pixel square."""
    step = cell / n
    return np.array([[pixels[int(top + (r + 0.5) * step), int(left + (c + 0.5) * step)] for c in range(n)]
                     for r in range(n)])


def test_an_image_fills_its_cell_pixel_for_pixel(tmp_path):
    pixels = _saved(ImageDisplay(image=COLORS), tmp_path)
    assert pixels.shape == (280, 280, 3)
    np.testing.assert_array_equal(_cell_centers(pixels, 0, 0, 280, 2), COLORS)
    titled = _saved(ImageDisplay(image=keras.ops.convert_to_tensor(COLORS), title="t"), tmp_path, "t.png")
    assert titled.shape == (280 + TITLE_HEIGHT, 280, 3)
    np.testing.assert_array_equal(_cell_centers(titled, TITLE_HEIGHT, 0, 280, 2), COLORS)
    assert (titled[:5] == 255).all()  # the title band is white at its top


def test_channels_first_and_grey_images_through_the_color_map(tmp_path):
    grey = np.array([[0.0, 0.25], [0.5, 1.0]])
    pixels = _saved(ImageDisplay(image=grey[None], color_map="inferno"), tmp_path)
    expected = np.round(matplotlib.colormaps["inferno"](grey)[..., :3] * 255)
    np.testing.assert_allclose(_cell_centers(pixels, 0, 0, 280, 2), expected, atol=1)


def test_binary_mask_is_half_transparent_over_the_image(tmp_path):
    mask = np.array([[1, 0], [0, 1]])
    pixels = _saved(ImageDisplay(image=np.zeros((2, 2, 3), "uint8"), masks=mask), tmp_path)
    blue = np.array(matplotlib.colormaps["tab10"](0)[:3]) * 255
    expected = np.where(mask[..., None] > 0, 0.5 * blue, 0.0)
    np.testing.assert_allclose(_cell_centers(pixels, 0, 0, 280, 2), expected, atol=1.5)


def test_bounding_box_edges_are_drawn_on_the_pixel_borders(tmp_path):
    pixels = _saved(ImageDisplay(image=np.zeros((4, 4, 3), "uint8"), bboxes=np.array([[1, 1, 2, 2]])), tmp_path)
    blue = np.array(matplotlib.colormaps["tab10"](0)[:3]) * 255
    for row, col in ((140, 70), (140, 210), (70, 140), (210, 140)):  # the box spans pixels 70..210 of the cell
        np.testing.assert_allclose(pixels[row, col], blue, atol=40)
    assert (pixels[140, 140] == 0).all() and (pixels[140, 30] == 0).all()


def test_batch_and_grid_layouts(tmp_path):
    images = np.linspace(0, 1, 3 * 4).reshape(3, 2, 2)
    batch = _saved(BatchDisplay(image=images, title="images"), tmp_path)
    assert batch.shape == (TITLE_HEIGHT + 3 * 400, 400, 3)
    for index in range(3):
        expected = np.round(np.repeat(images[index][..., None], 3, -1) * 255)
        np.testing.assert_allclose(_cell_centers(batch, TITLE_HEIGHT + 400 * index, 0, 400, 2), expected, atol=1)
    grid = GridDisplay([BatchDisplay(image=images, title="a"), BatchDisplay(image=1 - images, title="b")])
    pixels = _saved(grid, tmp_path, "grid.png")
    assert pixels.shape == (TITLE_HEIGHT + 3 * 280, 560, 3)
    expected = np.round(np.repeat(1 - images[2][..., None], 3, -1) * 255)
    np.testing.assert_allclose(_cell_centers(pixels, TITLE_HEIGHT + 560, 280, 280, 2), expected, atol=1)


def test_text_cells_draw_dark_text_on_white():
    pixels = ImageDisplay(text=np.array([7])).to_array().astype(float)
    assert pixels.min() < 100 and np.median(pixels) == 255
    assert (ImageDisplay(text="").to_array() == 255).all()


def test_to_rgb_scales_as_fastestimator():
    np.testing.assert_allclose(to_rgb(np.array([[-0.5, 0.5]]))[0, :, 0], [0.0, 1.0])
    np.testing.assert_allclose(to_rgb(np.array([[2.0, 4.0, 6.0]]))[0, :, 0], [0.0, 0.5, 1.0], atol=0.005)
    np.testing.assert_allclose(to_rgb(np.full((1, 1, 3), 0.3)), np.full((1, 1, 3), 0.3))


@pytest.mark.parametrize("make, message", [
    (lambda: GridDisplay([BatchDisplay(image=np.zeros((2, 2, 2))), BatchDisplay(image=np.zeros((3, 2, 2)))]),
     "same batch size"),
    (lambda: ImageDisplay(image=np.zeros((2, 2, 5))), "1 or 3 channels"),
    (lambda: ImageDisplay(masks=(np.random.default_rng(0).random((2, 2, 2)), ["a", "b"])), "cannot have labels"),
    (lambda: ImageDisplay(image=np.zeros((2, 2)), color_map="no-such-map").to_array(), "colormap"),
])
def test_bad_displays_name_the_problem(make, message):
    with pytest.raises(ConfigError, match=message):
        make()
