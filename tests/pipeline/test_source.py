"""Source kinds: generator functions start over every read, one-shot iterators are read once and replayed,
endless sources are recognized, and loaders read at most `max_steps` batches."""
import grain
import numpy as np
import pytest
import tensorflow as tf

import kerasfe as fe
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.numpyop import LambdaOp, RemoveIf, Sometimes
from kerasfe.pipeline import num_batches

SAMPLES = [{"x": np.float32(i)} for i in range(10)]


def values(batches):
    return [batch["x"].tolist() for batch in batches]


def loader_values(loader):
    return values(loader.as_numpy_iterator() if hasattr(loader, "as_numpy_iterator") else loader)


class Counting:
    """A generator function that counts its calls and the samples it gave."""

    def __init__(self):
        self.calls, self.given = 0, 0

    def __call__(self):
        self.calls += 1
        for sample in SAMPLES:
            self.given += 1
            yield sample


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
def test_a_generator_function_is_called_anew_and_read_no_further_than_max_steps(engine):
    function = Counting()
    pipeline = fe.Pipeline(train_data=function, batch_size=4, engine=engine)
    first = [loader_values(pipeline.get_loader("train", epoch)) for epoch in (1, 2)]
    assert first == [[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]] * 2
    function.given = 0
    loader = pipeline.get_loader("train", max_steps=2)
    assert num_batches(loader) is None and loader_values(loader) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert function.given == (8 if engine == "grain" else 12)  # tf.data reads the first batch for its signature


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
def test_a_one_shot_iterator_is_read_once_and_replayed(engine):
    given = []

    def samples():
        for sample in SAMPLES:
            given.append(int(sample["x"]))
            yield sample

    pipeline = fe.Pipeline(train_data=samples(), batch_size=4, engine=engine)
    assert values(pipeline.get_results("train", num_steps=1)) == [[0, 1, 2, 3]] and given == [0, 1, 2, 3]
    epochs = [loader_values(pipeline.get_loader("train", epoch)) for epoch in (1, 2)]
    assert epochs == [[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]] * 2 and given == list(range(10))


def test_iterables_restart_and_non_iterables_are_clear_errors():
    iterable = grain.MapDataset.source(SAMPLES).to_iter_dataset()
    pipeline = fe.Pipeline(eval_data=iterable, test_data=SAMPLES[:3], batch_size=4)
    assert values(pipeline.get_loader("eval")) == values(pipeline.get_loader("eval")) == [[0, 1, 2, 3], [4, 5, 6, 7],
                                                                                          [8, 9]]
    assert num_batches(pipeline.get_loader("test")) == 1  # a list of samples is map-style
    with pytest.raises(WrongTypeError, match="the function given as eval_data must return an iterable of sample "
                                             "dicts .* it returned int"):
        fe.Pipeline(eval_data=lambda: 3, batch_size=2).get_results("eval")
    with pytest.raises(WrongTypeError, match="train_data must be a dict of arrays, .* got int"):
        fe.Pipeline(train_data=3, batch_size=2)


def test_tf_data_lengths_stay_known_unless_an_op_may_remove_samples():
    source = tf.data.Dataset.from_tensor_slices({"x": np.arange(10.0)})
    double = LambdaOp(fn=lambda x: 2 * x, inputs="x", outputs="x")
    assert num_batches(fe.Pipeline(train_data=source, batch_size=4, ops=[double]).get_loader("train")) == 3
    assert num_batches(fe.Pipeline(train_data=source.batch(3)).get_loader("train", max_steps=2)) == 2
    removing = fe.Pipeline(train_data=source, batch_size=4, ops=[Sometimes(RemoveIf(fn=lambda x: x > 6, inputs="x"),
                                                                           prob=1.0)])
    loader = removing.get_loader("train")
    assert num_batches(loader) is None and loader_values(loader) == [[0, 1, 2, 3], [4, 5, 6]]
    filtered = fe.Pipeline(train_data=source.filter(lambda sample: sample["x"] < 5)).get_loader("train")
    assert num_batches(filtered) is None


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
def test_endless_sources_need_a_step_limit_and_debugging_reads_need_none(engine):
    endless = {"a tf.data.Dataset of infinite cardinality": tf.data.Dataset.from_tensor_slices(
        {"x": np.arange(10.0)}).repeat(), "a grain MapDataset repeated without end": grain.MapDataset.source(
        SAMPLES).repeat()}
    for kind, source in endless.items():
        pipeline = fe.Pipeline(train_data=source, eval_data={"clean": source}, batch_size=4, engine=engine)
        assert values(pipeline.get_results("train", num_steps=3)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]]
        assert loader_values(pipeline.get_loader("eval", ds_id="clean", max_steps=1)) == [[0, 1, 2, 3]]
        with pytest.raises(ConfigError, match=rf"the train data never runs out \({kind}\), so its epochs need a "
                                              r"step limit: Estimator\(max_train_steps_per_epoch=...\)"):
            pipeline.get_loader("train")
        with pytest.raises(ConfigError, match=r"the eval data set 'clean' never runs out .* "
                                              r"Estimator\(max_eval_steps_per_epoch=...\)"):
            pipeline.check_epoch_end("eval", ds_id="clean")
        pipeline.check_epoch_end("eval", max_steps=3, ds_id="clean")


def test_benchmark_reads_a_source_of_unknown_length(capsys):
    result = fe.Pipeline(train_data=lambda: iter(SAMPLES), batch_size=4).benchmark(num_steps=5, log_interval=2)
    assert "10 samples in 3 steps" in capsys.readouterr().out and sorted(result) == ["samples_per_second"]
