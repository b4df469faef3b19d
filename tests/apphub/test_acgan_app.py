import numpy as np
import pytest

from kerasfe.trace.io import ClassSamples
from tests.apphub.app_runs import train_and_test


def softplus(values):
    """log(1 + exp(values)) in float64: the binary cross-entropy of a logit against label 0 (of -logit: label 1)."""
    return np.logaddexp(0.0, np.asarray(values, "float64"))


def sparse_ce(logits, labels):
    logits = np.asarray(logits, "float64")
    log_probs = logits - np.logaddexp.reduce(logits, axis=-1, keepdims=True)
    return float(-np.mean(log_probs[np.arange(len(labels)), labels]))


def test_acgan_trains_both_models_scores_real_and_generated_classes_and_saves_grids(tmp_path):
    estimator, scored = train_and_test("image_generation/acgan/acgan.py", keys=("x", "y", "z"), batch_size=16,
                                       latent_dim=8, filters=4, per_class=2, save_dir=tmp_path)
    summary = estimator.system.summary
    for mode, count in (("train", 2), ("eval", 2), ("test", 1)):
        for key in ("g_loss", "d_loss", "fake_class_loss", "real_class_loss"):
            assert len(summary.epoch_values(mode, key)) == count, (mode, key)
    assert len(summary.epoch_values("eval", "sample_accuracy")) == 2
    generator, discriminator = estimator.network.models
    assert int(generator.optimizer.iterations) == 6 and int(discriminator.optimizer.iterations) == 6
    # the test's losses and real-image class accuracy, recomputed from its batches with the final weights
    batch = scored.arrays("test")
    fake = generator.predict([batch["z"], batch["y"].astype("int32")], verbose=0)
    fake_score, fake_class = discriminator.predict(fake, verbose=0)
    real_score, real_class = discriminator.predict(batch["x"], verbose=0)
    fake_class_loss, real_class_loss = sparse_ce(fake_class, batch["y"]), sparse_ce(real_class, batch["y"])
    expected = {"g_loss": softplus(-fake_score).mean() + fake_class_loss,
                "d_loss": softplus(-real_score).mean() + softplus(fake_score).mean() + real_class_loss
                + fake_class_loss,
                "real_accuracy": np.mean(real_class.argmax(-1) == batch["y"])}
    logged = {key: summary.epoch_values("test", key)[-1] for key in expected}
    assert logged == pytest.approx(expected, rel=1e-4, abs=1e-6)
    # the last eval's sample accuracy: the same latent vectors for every class, classified by the app's SVM
    samples = next(trace for trace in estimator.runner.traces if isinstance(trace, ClassSamples))
    latent = np.tile(samples.latent[:2], (10, 1))
    asked = np.repeat(np.arange(10), 2)
    predicted = samples.classifier(generator.predict([latent, asked.astype("int32")], verbose=0))
    assert summary.epoch_values("eval", "sample_accuracy")[-1] == pytest.approx(np.mean(predicted == asked))
    saved = sorted(path.name for path in tmp_path.iterdir())
    assert {"samples_eval_epoch_1.png", "samples_eval_epoch_2.png",
            "generator_best_sample_accuracy.weights.h5"} <= set(saved), saved
