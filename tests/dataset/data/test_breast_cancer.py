import numpy as np

from kerasfe.dataset.data import breast_cancer


def test_breast_cancer_matches_scikit_learn_and_keeps_class_shares():
    from sklearn.datasets import load_breast_cancer
    train, evaluation = breast_cancer.load_data(eval_fraction=0.25)
    reference = load_breast_cancer()
    assert len(train) + len(evaluation) == len(reference.target)
    shares = [np.mean([int(s["y"]) for s in part]) for part in (train, evaluation)]
    assert abs(shares[0] - shares[1]) < 0.02
    row = int(np.flatnonzero(np.all(np.isclose(reference.data, evaluation[0]["x"], rtol=1e-6), axis=1))[0])
    assert int(reference.target[row]) == int(evaluation[0]["y"])
