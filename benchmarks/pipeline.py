"""Samples/s of a CIFAR-shaped augmentation pipeline: kerasfe (grain and tf.data) against a hand-written
tf.data map pipeline and a plain Python loop doing the same work.

Every runner reads one epoch of 32x32x3 uint8 images: pad to 40x40, random 32x32 crop, random
horizontal flip, one 8x8 cutout, normalize to float32. No model is trained: this measures the input
pipeline alone. Each runner is timed `--repeats` times (order rotated per round); the median samples/s
and its ratio to the hand-written tf.data pipeline are printed.

    python benchmarks/pipeline.py                              # 10000 samples, batch 128, 5 repeats
    python benchmarks/pipeline.py --samples 2000 --repeats 3 --num-process 2
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: runs without PYTHONPATH

import numpy as np  # noqa: E402

RUNNERS = ("tf_handwritten", "kerasfe_grain", "kerasfe_tf_data", "python_loop")
MEAN, STD = np.array([0.4914, 0.4822, 0.4465], "float32"), np.array([0.2471, 0.2435, 0.2616], "float32")


def _data(samples):
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (samples, 32, 32, 3), dtype=np.uint8), rng.integers(0, 10, samples)


def _kerasfe(x, y, batch_size, engine, num_process):
    import kerasfe as fe
    from kerasfe.op.numpyop import CoarseDropout, HorizontalFlip, Normalize, PadIfNeeded, RandomCrop, Sometimes
    pipeline = fe.Pipeline(train_data={"x": x, "y": y}, batch_size=batch_size, engine=engine, num_process=num_process,
                           seed=0, ops=[PadIfNeeded(min_height=40, min_width=40, image_in="x"),
                                        RandomCrop(32, 32, image_in="x"), Sometimes(HorizontalFlip(image_in="x")),
                                        CoarseDropout(inputs="x", hole_height_range=(8, 8), hole_width_range=(8, 8)),
                                        Normalize(inputs="x", outputs="x", mean=MEAN, std=STD)])
    epoch = [0]

    def run():
        epoch[0] += 1
        loader = pipeline.get_loader("train", epoch=epoch[0])
        if engine == "grain":
            return sum(len(loader[index]["y"]) for index in range(len(loader)))
        return sum(len(batch["y"]) for batch in loader.as_numpy_iterator())
    return run


def _tf_handwritten(x, y, batch_size):
    import tensorflow as tf
    mean, std = tf.constant(MEAN * 255.0), tf.constant(STD * 255.0)

    def augment(image, label):
        image = tf.image.pad_to_bounding_box(image, 4, 4, 40, 40)
        image = tf.image.random_crop(image, (32, 32, 3))
        image = tf.image.random_flip_left_right(image)
        top, left = tf.random.uniform((), 0, 25, tf.int32), tf.random.uniform((), 0, 25, tf.int32)
        hole = tf.pad(tf.zeros((8, 8, 3), tf.uint8), [[top, 24 - top], [left, 24 - left], [0, 0]], constant_values=1)
        image = (tf.cast(image * hole, tf.float32) - mean) / std
        return {"x": image, "y": label}

    dataset = (tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x))
               .map(augment, num_parallel_calls=tf.data.AUTOTUNE).batch(batch_size).prefetch(tf.data.AUTOTUNE))
    return lambda: sum(len(batch["y"]) for batch in dataset.as_numpy_iterator())


def _python_loop(x, y, batch_size):
    rng = np.random.default_rng(0)

    def augment(image):
        image = np.pad(image, ((4, 4), (4, 4), (0, 0)))
        top, left = rng.integers(0, 9, 2)
        image = image[top:top + 32, left:left + 32]
        if rng.random() < 0.5:
            image = image[:, ::-1]
        image = image.copy()
        top, left = rng.integers(0, 25, 2)
        image[top:top + 8, left:left + 8] = 0
        return (image / np.float32(255.0) - MEAN) / STD

    def run():
        order, count = rng.permutation(len(x)), 0
        for start in range(0, len(x), batch_size):
            rows = order[start:start + batch_size]
            batch = {"x": np.stack([augment(x[row]) for row in rows]), "y": y[rows]}
            count += len(batch["y"])
        return count
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=5, help="timed epochs per runner (median taken)")
    parser.add_argument("--num-process", type=int, default=None, help="kerasfe worker threads (default: all cores)")
    args = parser.parse_args()
    x, y = _data(args.samples)
    runners = {"tf_handwritten": _tf_handwritten(x, y, args.batch_size),
               "kerasfe_grain": _kerasfe(x, y, args.batch_size, "grain", args.num_process),
               "kerasfe_tf_data": _kerasfe(x, y, args.batch_size, "tf.data", args.num_process),
               "python_loop": _python_loop(x, y, args.batch_size)}
    for run in runners.values():
        run()  # warm-up: tf.data graph building, thread start-up
    rates = {name: [] for name in RUNNERS}
    for round_index in range(args.repeats):
        shift = round_index % len(RUNNERS)
        for name in RUNNERS[shift:] + RUNNERS[:shift]:
            start = time.perf_counter()
            samples = runners[name]()
            rates[name].append(samples / (time.perf_counter() - start))
    reference = statistics.median(rates["tf_handwritten"])
    print(f"{'runner':<18}{'samples/s':>12}{'vs tf.data':>12}   (medians of {args.repeats}; {args.samples} samples, "
          f"batch {args.batch_size}, {os.cpu_count()} cores)")
    for name in RUNNERS:
        median = statistics.median(rates[name])
        print(f"{name:<18}{median:>12.0f}{median / reference:>12.3f}")


if __name__ == "__main__":
    main()
