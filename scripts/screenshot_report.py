"""Render a kerasfe HTML report (Traceability / TestReport) in headless Chromium and save a PNG screenshot.

    python scripts/screenshot_report.py REPORT.html --output report.png
    python scripts/screenshot_report.py --demo runs/ --output report.png   # train a tiny run, then shoot its report

Chromium must be installed (`apt-get install -y chromium`); the report needs nothing else (its images are inlined),
so the browser runs with networking off.
"""
import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser():
    """The path of an installed Chromium (or Chrome); raises FileNotFoundError naming how to install one."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise FileNotFoundError(f"no Chromium found (looked for {', '.join(BROWSERS)}); install it: "
                            "apt-get install -y chromium")


def screenshot(html_path, output, width=1280, height=6000, browser=None, timeout=120):
    """Renders `html_path` at `width` x `height` CSS pixels in headless Chromium and writes the PNG to `output`."""
    html_path, output = pathlib.Path(html_path).resolve(), pathlib.Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kerasfe-chromium-") as profile:
        command = [browser or find_browser(), "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update", "--no-first-run",
                   "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                   f"--screenshot={output}", html_path.as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not output.is_file():
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return output


def demo_report(folder):
    """Trains a tiny classifier for 2 epochs with a Traceability and returns its HTML report's path."""
    import keras
    import numpy as np

    import kerasfe as fe
    from kerasfe.op.numpyop import Minmax
    from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
    from kerasfe.trace.io import Traceability
    from kerasfe.trace.metric import Accuracy

    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 96)
    x = (rng.normal(size=(96, 8, 8, 1)) + y[:, None, None, None]).astype("float32")
    data = {"x": x, "y": y.astype("int64")}
    model = fe.build(lambda: keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, activation="relu"),
                                               keras.layers.GlobalAveragePooling2D(),
                                               keras.layers.Dense(3, activation="softmax")], name="tiny_cnn"), "adam")
    pipeline = fe.Pipeline(train_data=data, eval_data=data, batch_size=16, ops=[Minmax(inputs="x", outputs="x")])
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), UpdateOp(model=model, loss_name="ce")])
    traces = [Accuracy(true_key="y", pred_key="y_pred"), Traceability(pathlib.Path(folder) / "report")]
    fe.Estimator(pipeline, network, epochs=2, traces=traces, log_steps=2).fit("Tiny CNN demo")
    return pathlib.Path(folder) / "report" / "tiny_cnn_demo.html"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", help="the report to render")
    parser.add_argument("--demo", metavar="DIR", help="first train a tiny run writing its report into DIR")
    parser.add_argument("--output", default="report.png", help="the PNG to write (default report.png)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=6000)
    args = parser.parse_args(argv)
    if (args.html is None) == (args.demo is None):
        parser.error("give a report (html) or --demo DIR")
    html = demo_report(args.demo) if args.demo else args.html
    print(f"wrote {screenshot(html, args.output, args.width, args.height)}")


if __name__ == "__main__":
    sys.exit(main())
