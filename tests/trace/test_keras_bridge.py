import keras

import kerasfe as fe
from kerasfe.trace import as_callbacks
from tests.conftest import classifier_network, dense_model
from tests.trace.helpers import Recorder


def test_traces_in_plain_keras_fit_under_jit_and_keras_callbacks_do_not_see_the_bus(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    network.compile(jit_compile=True)  # the bus keys are outputs of the compiled step
    recorder = Recorder(inputs=["y_pred", "y"])
    seen = []
    lambda_callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(set(logs)))
    history = network.fit(blobs, batch_size=16, epochs=2, verbose=0, validation_data=blobs,
                          callbacks=as_callbacks([recorder]) + [lambda_callback])
    assert network.bus_keys["train"] == network.bus_keys["eval"] == ("y_pred", "y")
    assert {mode for mode, _ in recorder.batch_keys} == {"train", "eval"}
    assert all(keys == ["ce", "loss", "y", "y_pred"] for _, keys in recorder.batch_keys)
    assert seen and all(not any(key.startswith("bus/") for key in keys) for keys in seen)
    assert not any(key.startswith("bus/") for key in history.history) and "val_ce" in history.history
    assert len(recorder.weights) == 2
