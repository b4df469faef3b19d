"""Image helpers shared by the Traces that write images."""
import io

import numpy as np


def to_png(image):
    """PNG bytes of an image (H, W), (H, W, 1), (H, W, 3) or (H, W, 4), scaled to [0, 1] when outside it.

    Example:
        >>> to_png(np.zeros((4, 4, 1)))[:4]
        b'\\x89PNG'
    """
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    image = np.asarray(image, dtype="float64")
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    low, high = image.min(), image.max()
    if low < 0 or high > 1:
        image = (image - low) / (high - low) if high > low else np.zeros_like(image)
    buffer = io.BytesIO()
    plt.imsave(buffer, image, format="png", cmap="gray" if image.ndim == 2 else None, vmin=0.0, vmax=1.0)
    return buffer.getvalue()
