import keras
import numpy as np

from tests.apphub.app_runs import check_run, train_and_test
from tests.apphub.test_imdb_app import write_fake_imdb


def test_transformer_classifier_app_masks_padding_and_trains_on_imdb_ids(tmp_path):
    write_fake_imdb(tmp_path)
    estimator, scored = train_and_test("nlp/transformer_classifier/transformer_classifier.py", batch_size=8,
                                       cache_dir=tmp_path, save_dir=tmp_path / "best", vocab_size=50, max_length=24,
                                       embedding_dim=8, num_heads=2, num_layers=1, intermediate_dim=8)
    check_run(estimator, scored, "ce", ["accuracy"])
    assert len(list((tmp_path / "best").glob("transformer_classifier*_best_accuracy.weights.h5"))) == 1
    model = estimator.network.models[0]
    reviews = scored.arrays("test")["x"]
    assert (reviews == 0).any()  # short reviews, padded at the start
    embedding, encoder, pooling, _, dense = model.layers[1:]

    def forward(padding_mask):  # the layers by hand, the encoder given the padding mask explicitly (or none)
        x = keras.ops.convert_to_tensor(keras.ops.convert_to_numpy(embedding(reviews)))  # no Keras mask attached
        x = encoder(x, padding_mask=padding_mask)
        return keras.ops.convert_to_numpy(dense(pooling(x, mask=keras.ops.convert_to_tensor(reviews != 0))))

    predicted = model.predict(reviews, verbose=0)
    np.testing.assert_allclose(predicted, forward(reviews != 0), rtol=1e-4, atol=1e-6)
    assert not np.allclose(predicted, forward(None), rtol=1e-4, atol=1e-6)  # the mask does change the result
