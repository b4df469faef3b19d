import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.xai import SaliencyNet

RNG = np.random.default_rng(0)
W = RNG.normal(size=(4, 3)).astype("float32")
X = RNG.normal(size=(5, 4)).astype("float32")


@pytest.fixture(scope="module")
def linear():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, use_bias=False)])
    model.set_weights([W])
    return SaliencyNet(model, model_inputs="x", model_outputs="y_pred", outputs="sal")


def test_vanilla_gradient_of_a_linear_model_is_the_weight_column_of_the_class(linear):
    raw = linear.get_raw_masks({"x": X})
    classes = np.argmax(X @ W, axis=1)
    np.testing.assert_array_equal(raw["y_pred"], classes)
    np.testing.assert_allclose(raw["sal"], W[:, classes].T, rtol=1e-6)
    chosen = np.array([2, 2, 0, 1, 0])
    np.testing.assert_allclose(linear.get_raw_masks({"x": X}, targets=chosen)["sal"], W[:, chosen].T, rtol=1e-6)
    masks = linear.get_masks({"x": X})
    np.testing.assert_allclose(masks["sal"], SaliencyNet.convert_for_visualization(W[:, classes].T), rtol=1e-6)


def test_integrated_gradients_of_a_linear_model_are_input_minus_baseline_times_weight(linear):
    baseline = RNG.normal(size=X.shape).astype("float32")
    classes = np.argmax(X @ W, axis=1)
    integrated = linear.get_raw_integrated_masks({"x": X}, nsamples=4, baseline=baseline)["sal"]
    np.testing.assert_allclose(integrated, (X - baseline) * W[:, classes].T, rtol=1e-5, atol=1e-6)
    masks = linear.get_integrated_masks({"x": X}, nsamples=3)
    assert masks["sal"].shape == (5, 1) and masks["sal"].min() >= 0 and masks["sal"].max() <= 1


def test_smoothgrad_of_a_linear_model_averages_constant_gradients(linear):
    classes = np.argmax(X @ W, axis=1)
    column = W[:, classes].T
    squared = linear.get_smoothed_masks({"x": X}, nsamples=4)
    np.testing.assert_allclose(squared["sal"], SaliencyNet.convert_for_visualization(column ** 2), rtol=1e-5)
    plain = linear.get_smoothed_masks({"x": X}, nsamples=3, magnitude=False)
    np.testing.assert_allclose(plain["sal"], SaliencyNet.convert_for_visualization(column), rtol=1e-5)
    mixed = linear.get_smoothed_masks({"x": X}, nsamples=2, nintegration=3)
    np.testing.assert_array_equal(mixed["y_pred"], classes)
    assert mixed["sal"].shape == (5, 1)


def test_smoothgrad_of_one_sample_is_the_input_gradient_with_or_without_integration(linear):
    # the Saliency Trace's integrating=(steps, 1) asks for one SmoothGrad sample of integrated gradients
    column = W[:, np.argmax(X @ W, axis=1)].T
    for nintegration in (None, 3):
        single = linear.get_smoothed_masks({"x": X}, nsamples=1, nintegration=nintegration)
        np.testing.assert_allclose(single["sal"], SaliencyNet.convert_for_visualization(column ** 2), rtol=1e-5)
    with pytest.raises(ConfigError, match="nsamples must be an int >= 1"):
        linear.get_smoothed_masks({"x": X}, nsamples=0)


def test_gradients_of_a_conv_model_match_finite_differences():
    images = RNG.normal(size=(2, 4, 4, 2)).astype("float32")
    model = keras.Sequential([keras.Input((4, 4, 2)), keras.layers.Conv2D(3, 3, activation="tanh"),
                              keras.layers.Flatten(), keras.layers.Dense(2)])
    kernel, bias, dense, dense_bias = (w.astype("float64") for w in model.get_weights())

    def score(image, cls):  # the model in float64 numpy
        patches = np.stack([[image[r:r + 3, c:c + 3].ravel() for c in range(2)] for r in range(2)])
        hidden = np.tanh(patches @ kernel.reshape(-1, 3) + bias)
        return (hidden.reshape(-1) @ dense + dense_bias)[cls]

    net = SaliencyNet(model, model_inputs="image", model_outputs="pred")
    raw = net.get_raw_masks({"image": images})
    for index, image in enumerate(images.astype("float64")):
        cls = raw["pred"][index]
        numeric = np.zeros_like(image)
        for position in np.ndindex(image.shape):
            step = np.zeros_like(image)
            step[position] = 1e-5
            numeric[position] = (score(image + step, cls) - score(image - step, cls)) / 2e-5
        np.testing.assert_allclose(raw["saliency"][index], numeric, rtol=1e-3, atol=1e-5)
    visual = net.get_masks({"image": images})["saliency"]
    flat = np.abs(raw["saliency"]).sum(-1, keepdims=True)
    low, high = flat.min(axis=(1, 2, 3), keepdims=True), np.percentile(flat, 99, axis=(1, 2, 3), keepdims=True)
    np.testing.assert_allclose(visual, np.clip((flat - low) / (high - low), 0, 1), rtol=1e-5, atol=1e-6)


def test_integrated_gradients_are_complete_on_a_nonlinear_model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="tanh"), keras.layers.Dense(3)])
    net = SaliencyNet(model, model_inputs="x", model_outputs="y")
    baseline = np.zeros_like(X)
    classes = np.array([0, 1, 2, 0, 1])
    integrated = net.get_raw_integrated_masks({"x": X}, nsamples=200, baseline=baseline, targets=classes)["saliency"]
    scores = keras.ops.convert_to_numpy(model(X)) - keras.ops.convert_to_numpy(model(baseline))
    np.testing.assert_allclose(integrated.sum(axis=1), scores[np.arange(5), classes], rtol=2e-2, atol=2e-3)


def test_misuse_names_the_keys():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    with pytest.raises(ConfigError, match="one output key per model input"):
        SaliencyNet(model, model_inputs="x", model_outputs="y", outputs=["a", "b"])
    with pytest.raises(ConfigError, match="no \\['x'\\]"):
        SaliencyNet(model, model_inputs="x", model_outputs="y").get_masks({"image": X})
