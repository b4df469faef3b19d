import numpy as np
import pytest
from sklearn.metrics import f1_score

from tests.apphub.app_runs import train_and_test

TAGS = ["B-ACTOR", "I-ACTOR", "B-TITLE", "B-YEAR", "O"]


def write_fake_mitmovie(root, sentences=40, seed=0):
    """engtrain.bio / engtest.bio as MIT publishes them (`tag<TAB>word` lines, a blank line after each sentence);
    each word's tag is fixed by the word, so the tags can be learned."""
    rng = np.random.default_rng(seed)
    words = [f"w{index}" for index in range(30)]
    (root / "MITMovie").mkdir(parents=True)
    for name in ("engtrain.bio", "engtest.bio"):
        lines = []
        for _ in range(sentences):
            for word in rng.choice(words, rng.integers(2, 14)):
                lines.append(f"{TAGS[int(word[1:]) % len(TAGS)]}\t{word}\n")
            lines.append("\n")
        (root / "MITMovie" / name).write_text("".join(lines))


def test_ner_app_pads_tags_ignores_padding_and_scores_real_words(tmp_path):
    write_fake_mitmovie(tmp_path)
    estimator, scored = train_and_test("nlp/ner/ner.py", batch_size=8, data_dir=tmp_path, save_dir=tmp_path / "best",
                                       max_len=10, embedding_dim=8, num_heads=2, num_layers=1, intermediate_dim=8,
                                       keys=("x", "y"))
    pad = len(TAGS)
    batch = estimator.pipeline.get_results("train", num_steps=1)[0]
    assert batch["x"].shape == batch["y"].shape == (8, 10)
    np.testing.assert_array_equal(batch["x"] == 0, batch["y"] == pad)  # padded words carry the padding tag
    model = estimator.network.models[0]
    assert int(model.optimizer.iterations) == 6
    summary = estimator.system.summary
    for mode in ("eval", "test"):  # test last: the network keeps the final weights
        arrays = scored.arrays(mode)
        probabilities = estimator.network.predict({"x": arrays["x"]}, batch_size=8, verbose=0)["y_pred"]
        real = arrays["y"] != pad
        labels, predictions = arrays["y"][real], probabilities.argmax(-1)[real]
        # the loss: cross-entropy of the real words, summed, over all positions (padding weighs 0)
        picked = np.take_along_axis(probabilities, arrays["y"][..., None], -1)[..., 0]
        loss = np.mean([np.sum(-np.log(np.clip(p[r], 1e-7, 1))) / r.size
                        for p, r in zip(np.split(picked, len(picked) // 8), np.split(real, len(real) // 8))])
        expected = {"token_accuracy": np.mean(labels == predictions), "ce": loss,
                    "token_f1": f1_score(labels, predictions, average="macro", labels=np.unique(labels))}
        logged = {key: summary.epoch_values(mode, key)[-1] for key in expected}
        assert logged == pytest.approx(expected, rel=1e-4, abs=1e-6), mode
    assert len(list((tmp_path / "best").glob("ner_transformer*_best_token_f1.weights.h5"))) == 1
