import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, DataError, MissingKeyError
from kerasfe.op.numpyop import (Batch, CoarseDropout, Delete, HorizontalFlip, LambdaOp, Minmax, Normalize, RandomCrop,
                                RemoveIf, Sometimes)
from tests.pipeline.augmented_images import IMAGES, batches


def test_augmented_values_follow_the_ops():
    batch = batches("grain")[0]
    assert batch["x"].dtype == np.float32 and batch["x"].shape == (16, 8, 8, 3)
    restored = batch["x"] * 0.25 + 0.5  # undo Normalize: pixels / 255 again
    for row, index in zip(restored, batch["y"]):
        original = IMAGES["x"][index] / 255.0
        window = np.pad(original, ((1, 1), (1, 1), (0, 0)))
        kept = row != 0  # CoarseDropout and padding leave zeros
        found = any(np.allclose(candidate[kept], row[kept], atol=1e-5)
                    for top in range(3) for left in range(3)
                    for candidate in (window[top:top + 8, left:left + 8], window[top:top + 8, left:left + 8][:, ::-1]))
        assert found


def test_trailing_batch_ops_run_per_sample_on_ragged_samples_and_name_the_batch_in_errors():
    sizes = [(10, 12), (9, 9), (12, 10), (8, 11), (10, 10)]
    images = [np.random.default_rng(5).integers(0, 255, size + (3,)).astype("uint8") for size in sizes]
    ops = [RandomCrop(8, 8, image_in="x"), Sometimes(HorizontalFlip(image_in="x")), CoarseDropout(inputs="x"),
           Normalize(inputs="x", outputs="x", mean=0.5, std=0.25)]
    as_list = [{"x": image, "y": index} for index, image in enumerate(images)]
    as_objects = {"x": np.array(images + [None], dtype=object)[:-1], "y": np.arange(5)}  # a ragged array column
    for data in (as_list, as_objects):
        pipeline = fe.Pipeline(eval_data=data, batch_size=5, ops=ops, seed=1)
        batch = pipeline.get_results("eval")[0]
        assert batch["x"].shape == (5, 8, 8, 3) and batch["x"].dtype == np.float32
        for row, index in zip(batch["x"] * 0.25 + 0.5, batch["y"]):
            kept, source = row != 0, images[index] / 255.0
            crops = [source[top:top + 8, left:left + 8] for top in range(source.shape[0] - 7)
                     for left in range(source.shape[1] - 7)]
            windows = crops + [crop[:, ::-1] for crop in crops]
            assert any(np.allclose(candidate[kept], row[kept], atol=1e-5) for candidate in windows)
        np.testing.assert_array_equal(batch["x"], pipeline.get_results("eval")[0]["x"])
    with pytest.raises(DataError, match=r"RandomCrop failed on key\(s\) \['x'\] of batch 0 of the eval data \(mode "
                                        r"'eval'\): ValueError: the crop size \(9, 9\) exceeds the image size "
                                        r"\(8, 8\)"):
        fe.Pipeline(eval_data=IMAGES, batch_size=4, ops=[RandomCrop(9, 9, image_in="x")]).get_results("eval")


def test_errors_name_op_key_mode_and_sample_index(tmp_path):
    with pytest.raises(MissingKeyError, match=r"HorizontalFlip on sample \d+ of the train data needs key 'image' in "
                                              r"mode 'train', but the batch only has \['x', 'y'\]"):
        fe.Pipeline(train_data=IMAGES, batch_size=4, ops=[HorizontalFlip(image_in="image"), Delete("y")]
                    ).get_results()  # Delete has no batch form, so the flip runs per sample
    with pytest.raises(MissingKeyError, match=r"Minmax on batch 0 of the train data needs key 'image'"):
        fe.Pipeline(train_data=IMAGES, batch_size=4, ops=[Minmax(inputs="image")]).get_results()
    with pytest.raises(ConfigError, match="unknown mode 'training'"):
        Minmax(inputs="x", mode="training")
    from kerasfe.op.numpyop import ReadImage
    paths = {"path": np.array(["a.png", "b.png"])}
    with pytest.raises(DataError, match=r"ReadImage cannot read '.*a.png'.*no such file \(sample 0 of the eval data\)"):
        fe.Pipeline(eval_data=paths, batch_size=2, ops=[ReadImage(inputs="path", outputs="x",
                                                                  parent_path=str(tmp_path))]).get_results("eval")
    with pytest.raises(DataError, match=r"LambdaOp failed on key\(s\) \[.*\] of sample 1 of the eval data \(mode "
                                        r"'eval'\): ZeroDivisionError"):
        fe.Pipeline(eval_data={"x": np.array([1, 0])}, batch_size=2,
                    ops=[LambdaOp(fn=lambda x: 1 // int(x), inputs="x", outputs="x")]).get_results("eval")


def test_remove_if_delete_and_batch_op():
    pipeline = fe.Pipeline(eval_data={"x": np.arange(10), "y": np.arange(10)}, batch_size=4,
                           ops=[RemoveIf(fn=lambda x: x % 3 == 0, inputs="x"), Delete("y")])
    assert [batch["x"].tolist() for batch in pipeline.get_results("eval", 5)] == [[1, 2], [4, 5, 7], [8]]
    assert set(pipeline.get_results("eval")[0]) == {"x"}
    all_gone = fe.Pipeline(eval_data={"x": np.array([0, 3, 1, 4])}, batch_size=2,
                           ops=[RemoveIf(fn=lambda x: x % 3 == 0, inputs="x")])
    assert [b["x"].tolist() for b in all_gone.get_results("eval", 2)] == [[1], [1, 4]]
    batched = fe.Pipeline(eval_data={"x": np.arange(12.0).reshape(6, 2)}, batch_size=100,
                          ops=[Batch(batch_size=4), Minmax(inputs="x", outputs="x")])
    assert [b["x"].tolist() for b in batched.get_results("eval", 3)] == [[[0, 1]] * 4, [[0, 1]] * 2]
    with pytest.raises(ConfigError, match="comes after Batch but has no forward_batch"):
        fe.Pipeline(eval_data={"x": np.arange(6.0)}, ops=[Batch(batch_size=2), RemoveIf(fn=bool, inputs="x")]
                    ).get_results("eval")


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
def test_pad_value_pads_object_array_samples_of_a_numpy_dataset(engine):
    ragged = np.empty(3, object)
    for index in range(3):
        ragged[index] = np.arange(1, index + 2, dtype="float32")  # lengths 1, 2, 3
    expected = np.array([[1, -1, -1], [1, 2, -1], [1, 2, 3]], "float32")  # numpy padding by hand
    for settings in ({"ops": [Batch(batch_size=3, pad_value=-1)]}, {"batch_size": 3, "pad_value": -1}):
        pipeline = fe.Pipeline(eval_data=fe.dataset.NumpyDataset({"x": ragged}), engine=engine, **settings)
        np.testing.assert_array_equal(pipeline.get_results("eval", 1)[0]["x"], expected)
