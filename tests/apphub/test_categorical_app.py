import csv

import numpy as np
import pytest

from tests.apphub.app_runs import SCORES, cross_entropy, train_and_test


def write_user_csv(path, rows=200, seed=1):
    """A customers file as a user would have it: the app's columns in another order, a few city values only."""
    rng = np.random.default_rng(seed)
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["monthly_fee", "city", "age", "plan", "channel", "renewed"])
        for index in range(rows):
            writer.writerow([round(rng.uniform(10, 60), 2), ["paris", "lyon", "brest"][index % 3],
                             int(rng.integers(18, 80)), ["basic", "gold"][index % 2], "web", int(rng.integers(0, 2))])


def test_categorical_app_embeds_categories_of_a_csv_file_and_scores_renewals(tmp_path):
    write_user_csv(tmp_path / "customers.csv")
    estimator, scored = train_and_test("tabular/categorical/categorical.py", batch_size=16,
                                       csv_path=tmp_path / "customers.csv", save_dir=tmp_path / "best",
                                       hidden_units=(8,), keys=("numbers", "categories", "renewed"))
    assert len(list((tmp_path / "best").glob("categorical_dnn*_best_auc.weights.h5"))) == 1
    batches = estimator.pipeline.get_results("train", num_steps=9)
    categories = np.concatenate([batch["categories"] for batch in batches])
    numbers = np.concatenate([batch["numbers"] for batch in batches])
    # 140 training rows; ids 1.. in sorted order of the training values (city: brest 1, lyon 2, paris 3)
    assert len(categories) == 140 and sorted(np.unique(categories[:, 0])) == [1, 2, 3]
    assert sorted(np.unique(categories[:, 2])) == [1]
    np.testing.assert_allclose(numbers.mean(0), 0.0, atol=1e-4)
    np.testing.assert_allclose(numbers.std(0), 1.0, atol=1e-3)
    summary = estimator.system.summary
    assert len(summary.epoch_values("train", "ce")) == len(summary.epoch_values("eval", "auc")) == 2
    for mode in ("eval", "test"):  # test last: the network keeps the test's (best) weights
        for model, weights in zip(estimator.network.models, scored.weights[mode]):
            model.set_weights(weights)
        arrays = scored.arrays(mode)
        predicted = estimator.network.predict({"numbers": arrays["numbers"], "categories": arrays["categories"]},
                                              batch_size=16, verbose=0)["y_pred"]
        expected = {"ce": cross_entropy(arrays["renewed"], predicted),
                    **{name: SCORES[name](arrays["renewed"], predicted) for name in ("accuracy", "f1_score", "auc")}}
        logged = {key: summary.epoch_values(mode, key)[-1] for key in expected}
        assert logged == pytest.approx(expected, rel=1e-4, abs=1e-6), mode


def test_generated_customers_follow_the_renewal_rule_but_for_the_noise(tmp_path):
    from apphub.tabular.categorical.categorical import renewal_rule, write_customers_csv

    write_customers_csv(tmp_path / "customers.csv", samples=400, noise=0.05, seed=3)
    with open(tmp_path / "customers.csv") as file:
        rows = list(csv.DictReader(file))
    agree = [renewal_rule(int(r["age"]), float(r["monthly_fee"]), r["city"], r["plan"], r["channel"])
             == int(r["renewed"]) for r in rows]
    assert len(rows) == 400 and 0.9 < np.mean(agree) < 1.0
