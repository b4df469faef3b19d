"""GridSearch: the whole grid, the oracle's best, and a search whose trials train a kerasfe Estimator."""
import itertools

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
from kerasfe.search import GridSearch


def test_grid_search_visits_the_whole_grid_and_picks_the_oracle_best():
    params = {"a": [-1.0, 0.5, 2.0], "b": [0, 1, 2, 3], "c": ["x", "y"]}

    def score(a, b, c):
        return -(a - 0.5) ** 2 - (b - 2) ** 2 + (c == "y")

    search = GridSearch(lambda search_idx, a, b, c: {"score": score(a, b, c), "neg": -score(a, b, c)}, params=params,
                        best_mode="max", optimize_field="score")
    search.fit()
    visited = [tuple(trial["param"][key] for key in params) for trial in search.get_search_summary()]
    assert visited == list(itertools.product(*params.values()))
    oracle = max(itertools.product(*params.values()), key=lambda values: score(*values))
    best = search.get_best_results()
    assert tuple(best["param"][key] for key in params) == oracle == (0.5, 2, "y")
    assert search.get_best_results(best_mode="max", optimize_field="neg")["param"]["a"] == -1.0


def test_grid_search_rejects_bad_params():
    with pytest.raises(WrongTypeError, match="params must be a dict"):
        GridSearch(lambda search_idx, a: a, params=[1, 2])
    with pytest.raises(ConfigError, match=r"params \['z'\] are not arguments of eval_fn"):
        GridSearch(lambda search_idx, a: a, params={"a": [1], "z": [2]})
    with pytest.raises(WrongTypeError, match=r"params\['a'\] must be a list"):
        GridSearch(lambda search_idx, a: a, params={"a": 3})


def test_each_trial_trains_a_tiny_estimator_and_the_best_learning_rate_wins():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 2)).astype("float32")
    data = {"x": x, "y": x @ np.array([[1.5], [-2.0]], "float32")}

    def eval_fn(search_idx, lr):
        keras.utils.set_random_seed(0)  # the same initial weights in every trial
        model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]),
                         lambda: keras.optimizers.SGD(lr))
        network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                                  MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
                                  UpdateOp(model=model, loss_name="mse")])
        estimator = fe.Estimator(fe.Pipeline(train_data=data, batch_size=8), network, epochs=1, log_steps=None)
        summary = estimator.fit(f"trial{search_idx}")
        return {"mse": summary.epoch_values("train", "mse")[-1]}

    search = GridSearch(eval_fn, params={"lr": [0.0, 0.1]}, best_mode="min")
    search.fit()
    results = [trial["result"]["mse"] for trial in search.get_search_summary()]
    assert results[1] < results[0]  # learning beats standing still
    assert search.get_best_results()["param"]["lr"] == 0.1
