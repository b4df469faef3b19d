"""Evaluation and prediction steps for the backends whose variables are stateful (TensorFlow, PyTorch)."""


def test_step(network, data):
    mode = network.evaluation_mode
    return network.step_logs(network.run_ops(network.batch_from(data), mode), mode)


def predict_step(network, data):
    return network.prediction(network.run_ops(network.batch_from(data), "infer"))
