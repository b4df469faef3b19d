import numpy as np
import pytest

from kerasfe.errors import ConfigError
from tests.apphub.app_runs import train, write_image

APP = "semantic_segmentation/unet/unet.py"


def write_circles(folder, samples=20, seed=0):
    """Gray images of a bright noisy disc on a dark background, their masks, and the CSV listing them."""
    rng = np.random.default_rng(seed)
    rows = ["image,mask"]
    for index in range(samples):
        height, width = rng.integers(36, 60, size=2)
        rows_, columns = np.mgrid[:height, :width]
        center, radius = rng.uniform(0.3, 0.7, size=2) * (height, width), rng.uniform(6, 12)
        disc = (rows_ - center[0]) ** 2 + (columns - center[1]) ** 2 < radius ** 2
        write_image(folder / "images" / f"{index}.png", np.clip(60 + 120 * disc + rng.normal(0, 20, disc.shape), 0, 255))
        write_image(folder / "masks" / f"{index}.png", 255 * disc)
        rows.append(f"images/{index}.png,masks/{index}.png")
    (folder / "circles.csv").write_text("\n".join(rows) + "\n")
    return folder / "circles.csv"


def test_unet_segments_circles_and_reports_dice(tmp_path):
    csv_path = write_circles(tmp_path)
    estimator = train(APP, csv_path=csv_path, epochs=2, batch_size=4, max_train_steps_per_epoch=3,
                      max_eval_steps_per_epoch=1, image_size=32, filters=4, depth=2, save_dir=tmp_path / "out",
                      log_steps=0)
    summary = estimator.test()
    assert np.all(np.isfinite(summary.epoch_values("train", "dice_loss")))
    assert len(summary.epoch_values("eval", "dice")) == 2
    (model,) = estimator.network.models
    assert (tmp_path / "out" / f"{model.name}_best_dice.weights.h5").is_file()
    batch = estimator.pipeline.get_results("test", num_steps=1)[0]  # the one test step the estimator ran
    assert batch["image"].shape[1:] == (32, 32, 1) and set(np.unique(batch["mask"])) <= {0.0, 1.0}
    predicted = estimator.network.predict({"image": batch["image"]}, verbose=0)["mask_pred"] > 0.5
    truth = batch["mask"] > 0.5
    sizes = truth.sum(axis=(1, 2, 3)) + predicted.sum(axis=(1, 2, 3))
    scores = np.where(sizes > 0, 2 * (truth & predicted).sum(axis=(1, 2, 3)) / np.maximum(sizes, 1), 1.0)
    assert summary.epoch_values("test", "dice")[0] == pytest.approx(scores.mean())


def test_unet_needs_image_and_mask_columns(tmp_path):
    (tmp_path / "bad.csv").write_text("image,label\na.png,1\n")
    with pytest.raises(ConfigError, match=r"no column\(s\) \['mask'\]"):
        train(APP, csv_path=tmp_path / "bad.csv")
