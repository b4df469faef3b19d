import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import DataError


def test_padding_and_ragged_error_name_key_and_samples():
    data = [{"t": np.arange(n)} for n in (1, 3, 2)]
    padded = fe.Pipeline(eval_data=data, batch_size=3, pad_value=-1).get_results("eval")[0]
    assert padded["t"].tolist() == [[0, -1, -1], [0, 1, 2], [0, 1, -1]]
    tf_padded = fe.Pipeline(eval_data=data, batch_size=3, pad_value=-1, engine="tf.data").get_results("eval")[0]
    np.testing.assert_array_equal(tf_padded["t"], padded["t"])
    with pytest.raises(DataError, match=r"key 't' has shape \(1,\) in sample 0 but \(3,\) in sample 1 of the eval "
                                        r"data.*pad_value"):
        fe.Pipeline(eval_data=data, batch_size=3).get_results("eval")
