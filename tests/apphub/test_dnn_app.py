import numpy as np

from tests.apphub.app_runs import check_run, train_and_test


def test_dnn_app_standardizes_with_train_statistics_and_reports_f1_and_auc(tmp_path):
    estimator, scored = train_and_test("tabular/dnn/dnn.py", batch_size=16, hidden_units=(8,), save_dir=tmp_path)
    check_run(estimator, scored, "ce", ["accuracy", "f1_score", "auc"])
    assert len(list(tmp_path.glob("dnn*_best_auc.weights.h5"))) == 1
    train = estimator.pipeline.get_results("train", num_steps=40)  # the 455 training samples, standardized
    features = np.concatenate([batch["x"] for batch in train])
    assert len(features) == 455
    np.testing.assert_allclose(features.mean(0), 0.0, atol=1e-4)
    np.testing.assert_allclose(features.std(0), 1.0, atol=1e-3)
    evaluation = np.concatenate([batch["x"] for batch in estimator.pipeline.get_results("eval", num_steps=4)])
    assert len(evaluation) == 57 and evaluation.shape[1] == 30 and not np.allclose(evaluation.mean(0), 0.0, atol=1e-4)
