"""Will a customer renew? A table of numeric and categorical columns, read from a CSV file, each categorical column
embedded, the numeric ones standardized with training statistics.

    kerasfe train apphub/tabular/categorical/categorical.py --epochs 10 --backend jax
    python apphub/tabular/categorical/categorical.py --csv_path my_customers.csv --epochs 10

The CSV file (a header row, one customer per row: `age`, `monthly_fee` numbers; `city`, `plan`, `channel` words;
`renewed` 0 or 1) is read with `CSVDataset`. Without `--csv_path` the app writes one (`write_customers_csv`) whose
label follows a known rule: a customer renews when the plan suits the city (`plan_score + city_score > fee cost`)
with 5% of labels flipped, so the best reachable accuracy is about 95%. The Pipeline turns each categorical word
into its id among the training values (id 0 for a value never seen in training) and standardizes the
numbers; the Network embeds each categorical column (`keras.layers.Embedding`), concatenates them with the numbers
and runs a small dense network to one sigmoid unit; accuracy, F1 and AUC are reported.
"""
import csv
import os
import tempfile

import keras
import numpy as np

import kerasfe as fe
from kerasfe.atomic_file import atomic_open
from kerasfe.cli.app import run_script
from kerasfe.dataset import CSVDataset
from kerasfe.op.numpyop import Delete, LambdaOp, Normalize
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy, AUCScore, F1Score

NUMERIC = ("age", "monthly_fee")
CATEGORICAL = {"city": ("paris", "lyon", "lille", "nice", "brest", "metz"), "plan": ("basic", "plus", "gold"),
               "channel": ("web", "shop", "phone", "partner")}
CITY_SCORE = {"paris": 1.0, "lyon": 0.5, "lille": 0.0, "nice": 1.5, "brest": -0.5, "metz": -1.0}
PLAN_SCORE = {"basic": -0.5, "plus": 0.5, "gold": 1.5}


def renewal_rule(age, monthly_fee, city, plan, channel):
    """The known rule the generated labels follow (before noise): 1 when the plan and city outweigh the fee."""
    return int(CITY_SCORE[city] + PLAN_SCORE[plan] + 0.5 * (channel == "partner") + (age - 40) / 40
               > (monthly_fee - 30) / 10)


def write_customers_csv(path, samples=3000, noise=0.05, seed=0):
    """Writes `samples` random customers labelled by `renewal_rule` (a `noise` share of labels flipped) as CSV."""
    rng = np.random.default_rng(seed)
    columns = ["age", "monthly_fee", *CATEGORICAL, "renewed"]
    with atomic_open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for _ in range(samples):
            row = {"age": int(rng.integers(18, 80)), "monthly_fee": round(float(rng.uniform(10, 60)), 2),
                   **{name: str(rng.choice(values)) for name, values in CATEGORICAL.items()}}
            label = renewal_rule(**row) ^ int(rng.random() < noise)
            writer.writerow([*row.values(), label])


def categorical_model(vocab_sizes, embedding_dim, hidden_units, dropout):
    """(numbers (len(NUMERIC),), category ids (len(vocab_sizes),)) -> P(renewed), one embedding per column."""
    numbers = keras.Input((len(NUMERIC),), name="numbers")
    ids = keras.Input((len(vocab_sizes),), dtype="int32", name="categories")
    embedded = [keras.layers.Flatten()(keras.layers.Embedding(size, embedding_dim, name=f"{name}_embedding")(
        ids[:, index:index + 1])) for index, (name, size) in enumerate(vocab_sizes.items())]
    x = keras.layers.Concatenate()([numbers, *embedded])
    for units in hidden_units:
        x = keras.layers.Dropout(dropout)(keras.layers.Dense(units, activation="relu")(x))
    return keras.Model([numbers, ids], keras.layers.Dense(1, activation="sigmoid")(x), name="categorical_dnn")


def get_estimator(epochs=10, batch_size=64, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                  csv_path=None, save_dir=None, samples=3000, embedding_dim=4, hidden_units=(32, 16), dropout=0.1,
                  seed=0, log_steps=100):
    """The Pipeline -> Network -> Estimator of this application.

    Args:
        csv_path: the customers CSV file (columns as in the module docstring); by default one of `samples` rows is
            written to a new temporary folder with `write_customers_csv(seed=seed)`.
        save_dir: where BestModelSaver keeps the weights with the best eval AUC (a new temporary folder by default).
        embedding_dim: the width of each categorical column's embedding.
        hidden_units, dropout: the dense layers after the concatenation.
        seed: the data's seed and that of the 70 / 15 / 15 train / eval / test split.
    """
    if csv_path is None:
        csv_path = os.path.join(tempfile.mkdtemp(prefix="customers_"), "customers.csv")
        write_customers_csv(csv_path, samples=samples, seed=seed)
    train = CSVDataset(csv_path)
    evaluation = train.split(0.3, seed=seed, stratify="renewed")
    test = evaluation.split(0.5, seed=seed, stratify="renewed")
    vocabularies = {name: {value: index + 1 for index, value in enumerate(sorted(set(train[name].tolist())))}
                    for name in CATEGORICAL}  # 0: a value the training rows never had
    numbers = np.stack([train[name] for name in NUMERIC], 1).astype("float32")
    pipeline = fe.Pipeline(
        train_data=train, eval_data=evaluation, test_data=test, batch_size=batch_size,
        ops=[LambdaOp(fn=lambda *values: np.array(values, "float32"), inputs=NUMERIC, outputs="numbers"),
             LambdaOp(fn=lambda *words: np.array([vocabulary.get(str(word), 0) for vocabulary, word in
                                                  zip(vocabularies.values(), words)], "int32"),
                      inputs=tuple(CATEGORICAL), outputs="categories"),
             Delete(keys=list(CATEGORICAL)),  # the words themselves: a model takes numbers only
             Normalize(inputs="numbers", outputs="numbers", mean=numbers.mean(0), std=numbers.std(0) + 1e-6,
                       max_pixel_value=1.0)])
    model = fe.build(model_fn=lambda: categorical_model({name: len(v) + 1 for name, v in vocabularies.items()},
                                                        embedding_dim, hidden_units, dropout),
                     optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs=("numbers", "categories"), outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "renewed"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="renewed", pred_key="y_pred"), F1Score(true_key="renewed", pred_key="y_pred"),
              AUCScore(true_key="renewed", pred_key="y_pred"),
              BestModelSaver(model=model, save_dir=save_dir or tempfile.mkdtemp(prefix="categorical_"), metric="auc",
                             save_best_mode="max", load_best_final=True)]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=log_steps,
                        max_train_steps_per_epoch=max_train_steps_per_epoch,
                        max_eval_steps_per_epoch=max_eval_steps_per_epoch)


if __name__ == "__main__":
    run_script(get_estimator)
