"""A Vision Transformer (https://arxiv.org/abs/2010.11929), as FastEstimator's apphub `vision_transformer` builds
it: patch embedding, a class token and learned position embeddings, pre-norm transformer encoder blocks."""
import keras

from kerasfe.errors import ConfigError


@keras.saving.register_keras_serializable(package="kerasfe")
class PatchTokens(keras.layers.Layer):
    """Turns a sequence of patch embeddings (batch, patches, dim) into transformer tokens: prepends a learned class
    token (if `class_token`) and adds a learned position embedding to every token (both initialized at 0, as
    FastEstimator's ViT does).

    Args:
        class_token: whether to prepend a class token (the output then has patches + 1 tokens).

    Example:
        >>> import numpy as np
        >>> tuple(PatchTokens()(np.ones((2, 4, 3), "float32")).shape)
        (2, 5, 3)
    """

    def __init__(self, class_token=True, **kwargs):
        super().__init__(**kwargs)
        self.class_token = class_token

    def build(self, input_shape):
        if len(input_shape) != 3 or input_shape[1] is None or input_shape[2] is None:
            raise ConfigError(f"PatchTokens takes (batch, patches, dim) with known patches and dim; got "
                              f"{tuple(input_shape)}")
        _, patches, dim = input_shape
        self.token = self.add_weight(shape=(1, 1, dim), initializer="zeros", name="class_token") \
            if self.class_token else None
        self.positions = self.add_weight(shape=(1, patches + self.class_token, dim), initializer="zeros",
                                         name="position_embedding")

    def call(self, patches):
        if self.class_token:
            token = keras.ops.broadcast_to(keras.ops.cast(self.token, patches.dtype),
                                           (keras.ops.shape(patches)[0], 1, patches.shape[-1]))
            patches = keras.ops.concatenate([token, patches], axis=1)
        return patches + keras.ops.cast(self.positions, patches.dtype)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] + self.class_token, input_shape[2])

    def get_config(self):
        return {**super().get_config(), "class_token": self.class_token}


def ViT(input_shape, classes=10, patch_size=4, num_layers=2, em_dim=64, num_heads=4, dff=128,  # noqa: N802
        dropout=0.1, pooling="class_token", activation="softmax", name="vit"):
    """A Vision Transformer classifier.

    The image is cut into `patch_size` x `patch_size` patches, each embedded to `em_dim` by one strided Conv2D;
    `PatchTokens` prepends a class token (`pooling="class_token"`) and adds position embeddings; `num_layers`
    pre-norm encoder blocks follow (LayerNorm -> `keras.layers.MultiHeadAttention` -> dropout -> residual, then
    LayerNorm -> Dense(`dff`, gelu) -> Dense(`em_dim`) -> dropout -> residual); a final LayerNorm of the class
    token (or of the mean of all tokens, `pooling="mean"`) goes to a Dense output.

    FastEstimator's `vision_transformer(num_class, image_size, patch_size=16, num_layers=12, em_dim=768,
    num_heads=12, dff=3072, rate=0.1)` uses post-norm blocks with ReLU; these are the paper's pre-norm blocks.

    Args:
        input_shape: (height, width, channels), both sides multiples of `patch_size`.
        classes: the number of outputs.
        patch_size: the side of a square patch.
        num_layers: the number of encoder blocks.
        em_dim: the width of every token.
        num_heads: attention heads per block (`em_dim` must be a multiple of it).
        dff: the hidden width of each block's feed-forward network.
        dropout: the dropout rate of the embeddings, attention weights and block outputs.
        pooling: "class_token" or "mean": what the classifier reads.
        activation: the output activation (None: logits).
        name: the model's name.

    Example:
        >>> model = ViT((8, 8, 1), classes=3, patch_size=4, num_layers=1, em_dim=8, num_heads=2, dff=16)
        >>> model.output_shape, model.get_layer("patch_tokens").output.shape
        ((None, 3), (None, 5, 8))
    """
    height, width = input_shape[0], input_shape[1]
    if height % patch_size or width % patch_size:
        raise ConfigError(f"ViT: the image sides {(height, width)} must be multiples of patch_size {patch_size}")
    if em_dim % num_heads:
        raise ConfigError(f"ViT: em_dim ({em_dim}) must be a multiple of num_heads ({num_heads})")
    if pooling not in ("class_token", "mean"):
        raise ConfigError(f"ViT: pooling must be 'class_token' or 'mean'; got {pooling!r}")
    inputs = keras.Input(input_shape)
    x = keras.layers.Conv2D(em_dim, patch_size, strides=patch_size, name="patch_embedding")(inputs)
    x = keras.layers.Reshape(((height // patch_size) * (width // patch_size), em_dim))(x)
    x = PatchTokens(class_token=pooling == "class_token", name="patch_tokens")(x)
    x = keras.layers.Dropout(dropout)(x)
    for _ in range(num_layers):
        x = _encoder_block(x, em_dim, num_heads, dff, dropout)
    x = x[:, 0] if pooling == "class_token" else keras.layers.GlobalAveragePooling1D()(x)
    x = keras.layers.LayerNormalization(epsilon=1e-6)(x)
    outputs = keras.layers.Dense(classes, activation=activation)(x)
    return keras.Model(inputs, outputs, name=name)


def _encoder_block(x, em_dim, num_heads, dff, dropout):
    attended = keras.layers.LayerNormalization(epsilon=1e-6)(x)
    attended = keras.layers.MultiHeadAttention(num_heads, em_dim // num_heads, dropout=dropout)(attended, attended)
    x = keras.layers.Add()([x, keras.layers.Dropout(dropout)(attended)])
    mlp = keras.layers.LayerNormalization(epsilon=1e-6)(x)
    mlp = keras.layers.Dense(dff, activation="gelu")(mlp)
    mlp = keras.layers.Dense(em_dim)(mlp)
    return keras.layers.Add()([x, keras.layers.Dropout(dropout)(mlp)])
