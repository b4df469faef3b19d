"""AttentionUNet: a UNet whose skip connections are gated by attention (FastEstimator's AttentionUNet)."""
import keras

from kerasfe.errors import ConfigError


def AttentionUNet(input_size=(128, 128, 1), filters=64, depth=4, output_channel=1, dropout=0.5,  # noqa: N802
                  name="attention_unet"):
    """Per-pixel sigmoid masks: a UNet (https://arxiv.org/abs/1804.03999) whose encoder features are multiplied by
    an attention map computed from them and the decoder's features before they are concatenated.

    The defaults build FastEstimator's network: widths 64 ... 1024, dropout on the two deepest stages, bilinear
    up-sampling followed by a 3x3 conv, He-normal ReLU convs, one output channel.

    Args:
        input_size: (height, width, channels); height and width must be multiples of `2**depth`.
        filters: the width of the first stage (doubling each stage down).
        depth: how many times the image is halved.
        output_channel: output channels (independent sigmoid masks).
        dropout: the dropout rate of the two deepest stages.
        name: the model's name.

    Example:
        >>> AttentionUNet(input_size=(4, 4, 3), filters=1, depth=1).output_shape
        (None, 4, 4, 1)
    """
    if len(input_size) != 3:
        raise ConfigError(f"AttentionUNet: input_size is (height, width, channels); got {tuple(input_size)}")
    if any(size is None or size < 2 ** depth or size % 2 ** depth for size in input_size[:2]):
        raise ConfigError(f"AttentionUNet: height and width must be multiples of 2**depth = {2 ** depth}; "
                          f"got input_size {tuple(input_size)}")
    conv = {"activation": "relu", "padding": "same", "kernel_initializer": "he_normal"}
    inputs = keras.Input(input_size)
    x, skips = inputs, []
    for level in range(depth + 1):
        if level:
            x = keras.layers.MaxPooling2D(2)(x)
        x = keras.layers.Conv2D(filters * 2 ** level, 3, **conv)(x)
        x = keras.layers.Conv2D(filters * 2 ** level, 3, **conv)(x)
        if level >= depth - 1:
            x = keras.layers.Dropout(dropout)(x)
        skips.append(x)
    for level in reversed(range(depth)):
        width = filters * 2 ** level
        up = keras.layers.UpSampling2D(2, interpolation="bilinear")(x)
        up = keras.layers.Conv2D(width, 3, **conv)(up)
        gated = attention_block(width, decoder_input=up, encoder_input=skips[level])
        x = keras.layers.Concatenate()([gated, up])
        x = keras.layers.Conv2D(width, 3, **conv)(x)
        x = keras.layers.Conv2D(width, 3, **conv)(x)
    outputs = keras.layers.Conv2D(output_channel, 1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs, name=name)


def attention_block(n_filters, decoder_input, encoder_input):
    """`encoder_input * sigmoid(BN(conv1x1(relu(BN(conv1x1(encoder)) + BN(conv1x1(decoder))))))`: the attention
    gate of an AttentionUNet, on Keras tensors of the same height and width.

    Example:
        >>> encoder, decoder = keras.Input((8, 8, 4)), keras.Input((8, 8, 6))
        >>> attention_block(3, decoder_input=decoder, encoder_input=encoder).shape
        (None, 8, 8, 4)
    """
    decoder = keras.layers.BatchNormalization()(keras.layers.Conv2D(n_filters, 1)(decoder_input))
    encoder = keras.layers.BatchNormalization()(keras.layers.Conv2D(n_filters, 1)(encoder_input))
    attention = keras.layers.ReLU()(keras.layers.Add()([encoder, decoder]))
    attention = keras.layers.BatchNormalization()(keras.layers.Conv2D(1, 1)(attention))
    attention = keras.layers.Activation("sigmoid")(attention)
    return keras.layers.Multiply()([encoder_input, attention])
