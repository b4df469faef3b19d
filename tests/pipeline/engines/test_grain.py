import keras
import numpy as np

import kerasfe as fe
from tests.pipeline.augmented_images import IMAGES, augment_ops


def test_eval_runs_only_its_ops_in_order_and_trailing_batch_ops_match_per_sample():
    pipeline = fe.Pipeline(train_data=IMAGES, eval_data=IMAGES, batch_size=16, ops=augment_ops(), seed=0)
    evaluation = pipeline.get_results("eval", num_steps=1)[0]
    np.testing.assert_allclose(evaluation["x"], (IMAGES["x"][:16] / 255.0 - 0.5) / 0.25, atol=1e-5)
    loader = pipeline.get_loader("eval")
    assert len(loader) == 3 and isinstance(loader, keras.utils.PyDataset)
    assert pipeline.get_loader("train").num_threads == pipeline.num_process >= 1
    assert loader.num_threads == pipeline.num_process  # eval runs Normalize once per batch, ahead in threads
    assert fe.Pipeline(eval_data=IMAGES, batch_size=4).get_loader("eval").num_threads == 0  # a bare gather
    assert fe.Pipeline(train_data=IMAGES, batch_size=4, ops=augment_ops(), num_process=0).get_loader(
        "train").num_threads == 0
