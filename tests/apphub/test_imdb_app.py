import numpy as np

from tests.apphub.app_runs import changed, check_run, train_and_test, weights_of


def write_fake_imdb(cache_dir, reviews=48):
    """imdb.npz as Keras stores it: object arrays of word-index lists of varied lengths, 0/1 labels."""
    (cache_dir / "datasets").mkdir()
    rng = np.random.default_rng(0)
    parts = {}
    for split in ("train", "test"):
        words = np.empty(reviews, dtype=object)
        words[:] = [rng.integers(1, 200, rng.integers(3, 40)).tolist() for _ in range(reviews)]
        parts[f"x_{split}"], parts[f"y_{split}"] = words, rng.integers(0, 2, reviews)
    np.savez(cache_dir / "datasets" / "imdb.npz", **parts)


def test_imdb_app_pads_reviews_and_trains_the_text_classifier(tmp_path):
    write_fake_imdb(tmp_path)
    estimator, scored = train_and_test("nlp/imdb/imdb.py", batch_size=8, cache_dir=tmp_path, save_dir=tmp_path / "best",
                               vocab_size=50, max_length=24, embedding_dim=4, hidden_units=8, encoder="conv")
    check_run(estimator, scored, "ce", ["accuracy"])
    assert len(list((tmp_path / "best").glob("text_classifier*_best_accuracy.weights.h5"))) == 1
    batch = estimator.pipeline.get_results("train", num_steps=1)[0]
    assert batch["x"].shape == (8, 24) and batch["x"].max() < 50 and (batch["x"][:, 0] == 0).any()
    model = estimator.network.models[0]
    before = weights_of(model)
    estimator.fit()
    assert changed(before, model)
