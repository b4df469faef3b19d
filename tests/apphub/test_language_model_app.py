import numpy as np
import pytest

from tests.apphub.app_runs import train_and_test


def write_fake_ptb(root, words=40, seed=0):
    """ptb.{train,valid,test}.txt as published: a leading space, space-separated words, one sentence a line."""
    rng = np.random.default_rng(seed)
    (root / "PennTreeBank").mkdir(parents=True)
    for part, lines in (("train", 120), ("valid", 40), ("test", 40)):
        text = "".join(" " + " ".join(f"w{w}" for w in rng.integers(0, words, rng.integers(3, 12))) + " \n"
                       for _ in range(lines))
        (root / "PennTreeBank" / f"ptb.{part}.txt").write_text(text)


def test_language_model_app_predicts_each_next_word_and_logs_perplexity(tmp_path):
    write_fake_ptb(tmp_path)
    estimator, scored = train_and_test("nlp/language_model/language_model.py", batch_size=8, data_dir=tmp_path,
                                       save_dir=tmp_path / "best", seq_length=9, embedding_dim=8, num_heads=2,
                                       num_layers=1, intermediate_dim=8)
    batch = estimator.pipeline.get_results("train", num_steps=1)[0]
    assert batch["x"].shape == batch["y"].shape == (8, 8)
    np.testing.assert_array_equal(batch["x"][:, 1:], batch["y"][:, :-1])  # the target is the input one word on
    assert int(estimator.network.models[0].optimizer.iterations) == 6
    summary = estimator.system.summary
    for mode in ("eval", "test"):  # test last: the network keeps the final weights
        arrays = scored.arrays(mode)
        probabilities = estimator.network.predict({"x": arrays["x"]}, batch_size=8, verbose=0)["y_pred"]
        picked = np.take_along_axis(probabilities, arrays["y"][..., None], -1)[..., 0]
        losses = -np.log(np.clip(picked, 1e-7, 1)).reshape(-1, 8 * 8).mean(1)  # one mean per batch
        expected = {"ce": losses.mean(), "perplexity": np.exp(losses.mean())}
        logged = {key: summary.epoch_values(mode, key)[-1] for key in expected}
        assert logged == pytest.approx(expected, rel=1e-4), mode
    assert len(list((tmp_path / "best").glob("gpt*_best_perplexity.weights.h5"))) == 1
