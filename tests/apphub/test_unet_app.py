import numpy as np
import pytest
from sklearn.metrics import f1_score

from kerasfe.errors import ConfigError
from tests.apphub.app_runs import check_scores, train, write_image

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
        image = np.clip(60 + 120 * disc + rng.normal(0, 20, disc.shape), 0, 255)
        write_image(folder / "images" / f"{index}.png", image)
        write_image(folder / "masks" / f"{index}.png", 255 * disc)
        rows.append(f"images/{index}.png,masks/{index}.png")
    (folder / "circles.csv").write_text("\n".join(rows) + "\n")
    return folder / "circles.csv"


def soft_dice_loss(masks, predicted, epsilon=1e-6):
    """Dice's loss: the mean over samples of 1 - (2 sum(p t) + eps) / (sum(p) + sum(t) + eps)."""
    masks, predicted = (np.asarray(values, "float64").reshape(len(values), -1) for values in (masks, predicted))
    scores = (2 * (masks * predicted).sum(1) + epsilon) / (masks.sum(1) + predicted.sum(1) + epsilon)
    return float(np.mean(1 - scores))


def dice_score(masks, predicted):
    """DiceScore's: the mean over samples of the Dice of the masks thresholded at 0.5, which is sklearn's F1 of
    the pixels (1 when both are empty)."""
    truth, predicted = (np.reshape(values, (len(values), -1)) > 0.5 for values in (masks, predicted))
    return float(np.mean([f1_score(t, p, zero_division=1.0) for t, p in zip(truth, predicted)]))


def test_unet_segments_circles_and_reports_dice(tmp_path):
    csv_path = write_circles(tmp_path)
    estimator, scored = train(APP, keys=("image", "mask"), csv_path=csv_path, epochs=2, batch_size=4,
                              max_train_steps_per_epoch=3, max_eval_steps_per_epoch=1, image_size=32, filters=4,
                              depth=2, save_dir=tmp_path / "out", log_steps=0)
    summary = estimator.test()
    assert len(summary.epoch_values("train", "dice_loss")) == 2 and len(summary.epoch_values("eval", "dice")) == 2
    assert int(estimator.network.models[0].optimizer.iterations) == 6
    (model,) = estimator.network.models
    assert (tmp_path / "out" / f"{model.name}_best_dice.weights.h5").is_file()
    masks = scored.arrays("test")["mask"]
    assert scored.arrays("test")["image"].shape[1:] == (32, 32, 1) and set(np.unique(masks)) == {0.0, 1.0}
    for mode in ("eval", "test"):
        check_scores(estimator, scored, mode, {"dice_loss": soft_dice_loss, "dice": dice_score}, x="image",
                     y="mask", pred="mask_pred", feed="image")


def test_unet_needs_image_and_mask_columns(tmp_path):
    (tmp_path / "bad.csv").write_text("image,label\na.png,1\n")
    with pytest.raises(ConfigError, match=r"no column\(s\) \['mask'\]"):
        train(APP, csv_path=tmp_path / "bad.csv")
