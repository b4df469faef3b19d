import keras

from kerasfe import backend


def test_current_backend_module_matches_keras():
    assert backend.current().__name__ == f"kerasfe.backend.{keras.backend.backend()}_backend"
    for name in ("train_step", "test_step", "predict_step"):
        assert callable(getattr(backend.current(), name))
