import keras
import numpy as np

from kerasfe.dataset.data import digits
from tests.apphub.app_runs import check_run, train_and_test


def test_vit_app_trains_evaluates_and_tests_a_vision_transformer_on_digits(tmp_path):
    estimator, scored = train_and_test("image_classification/vit/vit.py", batch_size=16, num_layers=1, em_dim=16,
                                       num_heads=2, dff=32, save_dir=tmp_path)
    check_run(estimator, scored, "ce", ["accuracy"])
    assert len(list(tmp_path.glob("vit*_best_accuracy.weights.h5"))) == 1
    model = estimator.network.models[0]
    assert model.input_shape == (None, 16, 16, 1) and model.get_layer("patch_tokens").output.shape == (None, 17, 16)
    assert sum(isinstance(layer, keras.layers.MultiHeadAttention) for layer in model.layers) == 1
    # eval and test score the digits loader's own splits, unaugmented, in order
    _, evaluation, test = digits.load_data(image_size=16)
    for mode, split in (("eval", evaluation), ("test", test)):
        arrays = scored.arrays(mode)
        np.testing.assert_array_equal(arrays["x"], split["x"][:len(arrays["x"])])
    batch = estimator.pipeline.get_results("train", num_steps=1)[0]  # padded to 20x20, cropped back to 16x16
    assert np.asarray(batch["x"]).shape == (16, 16, 16, 1)
