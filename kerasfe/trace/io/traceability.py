"""Traceability: at the end of a run, a report of what ran and how it went, as one self-contained HTML file and
a PDF (FastEstimator's `fe.trace.io.Traceability`, drawn with jinja2, fpdf2, matplotlib and networkx instead of
LaTeX and graphviz)."""
import importlib.metadata
import inspect
import os
import platform
import re
import sys
import time

import numpy as np

from kerasfe.errors import ConfigError
from kerasfe.op.op import MODES
from kerasfe.schedule import Scheduler, get_all_values, get_current_items, get_current_value
from kerasfe.trace.bus import ALL_KEYS
from kerasfe.trace.io.report_document import ReportDocument
from kerasfe.trace.trace import Trace

PACKAGES = ("kerasfe", "keras", "numpy", "tensorflow", "tensorflow-cpu", "jax", "jaxlib", "torch", "grain", "albumentations",
            "scikit-learn", "matplotlib", "networkx", "jinja2", "fpdf2")
KINDS = {"data": "#d0d7de", "pipeline": "#a5d6a7", "network": "#90caf9", "trace": "#ffcc80"}
SHOWN = 60  # characters of a parameter's value shown in the tables


class Traceability(Trace):
    """Writes a report of the run when it ends (after `fit`, and again after `test` with its results):
    `<save_path>/<experiment name>.html`, one file with every image inlined, and the same as a `.pdf`.

    The report holds: the history plots of every logged key (the Summary), the timings (the whole run, each
    epoch of each mode), the configuration (the Estimator's settings; the Pipeline's and the Network's ops with
    their inputs, outputs, modes, data set ids and parameters; the Traces; `extra_objects`), a diagram of the ops
    and Traces of every mode (which key goes where), each model's layers and parameter counts with its
    optimizer, the data sets (kind, size, keys with shapes and dtypes, raw and after the Pipeline's ops), and the
    system (Python, platform, Keras backend, devices, package versions). Under distribution only the chief
    writes.

    Args:
        save_path: the folder to write the report into (made if missing; a file name's extension is dropped).
        extra_objects: anything else to describe in the report (e.g. another Pipeline that prepared the data).

    Raises:
        ConfigError: (when training starts) the run has no experiment name (`estimator.fit("name")`).

    Example:
        >>> import pathlib, tempfile, keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp, MeanSquaredError, UpdateOp
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]), "sgd")
        >>> network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
        ...                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
        ...                           UpdateOp(model=model, loss_name="mse")])
        >>> data = {"x": np.ones((4, 2), "float32"), "y": np.zeros((4, 1), "float32")}
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> estimator = fe.Estimator(fe.Pipeline(train_data=data, batch_size=2), network, epochs=1, log_steps=None,
        ...                          traces=Traceability(folder / "report"))
        >>> _ = estimator.fit("My Experiment")
        >>> sorted(path.name for path in (folder / "report").iterdir())
        ['my_experiment.html', 'my_experiment.pdf']
    """

    def __init__(self, save_path, extra_objects=None):
        super().__init__(inputs=ALL_KEYS, mode="!infer")  # reading "*" sorts it after every Trace that writes
        path = os.path.abspath(os.path.normpath(str(save_path)))
        self.save_dir = os.path.join(os.path.dirname(path), os.path.basename(path).split(".")[0] or "report")
        self.extra_objects = extra_objects
        self.report_name = None
        self.timings = {}  # {"run": seconds, (mode, epoch): seconds}
        self._started = {}

    def on_begin(self, data):
        name = self.system.summary.name if self.system.summary is not None else None
        if not name:
            raise ConfigError("Traceability needs an experiment name to name its report; fix: "
                              "estimator.fit(\"my experiment\") (or estimator.test(\"my experiment\"))")
        self.report_name = report_file_name(name)
        self._started.setdefault("run", time.perf_counter())

    def on_epoch_begin(self, data):
        self._started[self.system.mode] = time.perf_counter()

    def on_epoch_end(self, data):
        key = (self.system.mode, self.system.epoch_idx)
        self.timings[key] = self.timings.get(key, 0.0) + time.perf_counter() - self._started[self.system.mode]

    def on_end(self, data):
        self.timings["run"] = time.perf_counter() - self._started["run"]
        os.makedirs(self.save_dir, exist_ok=True)
        document = self.make_document()
        base = os.path.join(self.save_dir, self.report_name)
        document.save(base + ".html", base + ".pdf")

    def make_document(self):
        """The report (a `ReportDocument`) of the run so far."""
        import kerasfe
        import keras
        summary = self.system.summary
        document = ReportDocument(f"{summary.name}", f"kerasfe {kerasfe.__version__} on Keras {keras.__version__} "
                                                     f"({keras.backend.backend()}), {time.strftime('%Y-%m-%d %H:%M')}")
        self._document_history(document.section("Training Graphs"))
        self._document_timings(document.section("Timings"))
        self._document_configuration(document.section("Parameters"))
        self._document_graphs(document.section("Op Graphs"))
        self._document_models(document.section("Models"))
        self._document_datasets(document.section("Datasets"))
        self._document_system(document.section("System Config"))
        return document

    # Sections ---------------------------------------------------------------------------------------------
    def _document_history(self, section):
        from kerasfe.summary.logs import plot_logs
        figure = plot_logs([self.system.summary])
        keys = [axis.get_title() for axis in figure.axes if axis.get_visible()]
        if keys:
            section.add_image(figure, caption=f"Every logged key by step: {', '.join(keys)}")
        else:
            import matplotlib.pyplot as plt
            plt.close(figure)
            section.add_text("Nothing was logged.")
        rows = []
        for mode, keys_values in self.system.summary.history.items():
            for key, values in keys_values.items():
                if key != "epoch" and values:
                    step = max(values)
                    rows.append([mode, key, step, shorten(values[step])])
        if rows:
            section.add_table(["mode", "key", "last step", "last value"], rows, caption="Final values")

    def _document_timings(self, section):
        section.add_text(f"The run took {self.timings.get('run', 0.0):.2f} s.")
        rows = [[mode, epoch, f"{seconds:.3f}"] for (mode, epoch), seconds in
                sorted(((key, value) for key, value in self.timings.items() if key != "run"),
                       key=lambda item: (item[0][1], MODES.index(item[0][0])))]
        if rows:
            section.add_table(["mode", "epoch", "seconds"], rows, caption="Time per epoch")

    def _document_configuration(self, section):
        system, pipeline = self.system, self.system.pipeline
        estimator = [["epochs", system.total_epochs], ["log_steps", system.log_steps],
                     ["max_train_steps_per_epoch", system.max_train_steps_per_epoch],
                     ["max_eval_steps_per_epoch", system.max_eval_steps_per_epoch]]
        section.add_table(["parameter", "value"], estimator, caption="Estimator")
        if pipeline is not None:
            settings = [[name, shorten(getattr(pipeline, name, None))] for name in
                        ("batch_size", "num_process", "pad_value", "drop_last", "engine", "seed")]
            section.add_table(["parameter", "value"], settings, caption="Pipeline")
            section.add_table(OP_HEADERS, op_rows(pipeline.ops), caption="Pipeline ops")
        if system.network is not None:
            section.add_table(OP_HEADERS, op_rows(system.network.op_items), caption="Network ops")
        traces = [trace for trace in system.traces if trace is not self]
        section.add_table(OP_HEADERS, op_rows(traces), caption="Traces")
        if self.extra_objects is not None:
            extras = self.extra_objects if isinstance(self.extra_objects, (list, tuple)) else [self.extra_objects]
            section.add_table(["object", "parameters"], [[type(obj).__name__, parameters(obj)] for obj in extras],
                              caption="Extra objects")

    def _document_graphs(self, section):
        pipeline = self.system.pipeline
        modes = pipeline.modes() if pipeline is not None else ["train"]
        epoch = max(self.system.epoch_idx, 1)
        for mode in modes:
            for ds_id in (pipeline.get_ds_ids(mode) if pipeline is not None else [None]):
                graph = op_graph(self.system, mode, epoch, ds_id)
                title = f"mode '{mode}'" + (f", data set '{ds_id}'" if ds_id else "") + f", epoch {epoch}"
                section.add_image(draw_op_graph(graph, title), caption=f"Ops and Traces of {title}: data (grey), "
                                  "Pipeline (green), Network (blue), Traces (orange); edges carry keys")

    def _document_models(self, section):
        network = self.system.network
        for model in getattr(network, "models", []):
            optimizer = getattr(model, "optimizer", None)
            trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
            total = sum(int(np.prod(w.shape)) for w in model.weights)
            text = (f"{model.name}: {total:,} parameters ({trainable:,} trainable, {total - trainable:,} "
                    f"non-trainable); optimizer {type(optimizer).__name__ if optimizer is not None else 'none'}")
            learning_rate = _learning_rate(optimizer)
            section.add_text(text + (f", learning rate {learning_rate}" if learning_rate is not None else ""))
            section.add_table(["layer", "type", "output shape", "parameters"], layer_rows(model),
                              caption=f"Layers of {model.name}")

    def _document_datasets(self, section):
        pipeline = self.system.pipeline
        if pipeline is None:
            return
        epoch = max(self.system.epoch_idx, 1)
        rows, batches = [], []
        for mode in pipeline.modes():
            for ds_id in pipeline.get_ds_ids(mode):
                source = get_current_value(pipeline.data[mode][ds_id], epoch)
                size = len(source) if _has_length(source) else "unknown"
                sample = source[0] if _has_length(source) and not hasattr(source, "get_batch") else {}
                rows.append([mode, ds_id or "", type(source).__name__, size, describe_keys(sample)])
                batch = pipeline.first_batch(mode, epoch=epoch, ds_id=ds_id)
                batches.append([mode, ds_id or "", describe_keys(batch)])
        section.add_table(["mode", "ds_id", "data set", "samples", "keys (shape, dtype) of a sample"], rows,
                          caption="Data sets")
        section.add_table(["mode", "ds_id", "keys (shape, dtype) of the first batch"], batches,
                          caption="Batches after the Pipeline's ops")

    def _document_system(self, section):
        import keras
        try:
            devices = ", ".join(keras.distribution.list_devices())
        except (AttributeError, RuntimeError):
            devices = "(not listed by this backend)"
        section.add_table(["item", "value"], [
            ["Python", sys.version.split()[0]], ["platform", platform.platform()],
            ["processor", platform.processor() or platform.machine()], ["CPU cores", os.cpu_count()],
            ["Keras backend", keras.backend.backend()], ["devices", devices],
            ["dtype policy", keras.config.dtype_policy().name]], caption="System")
        section.add_table(["package", "version"], [[name, version] for name, version in package_versions()],
                          caption="Packages")


OP_HEADERS = ["#", "type", "inputs", "outputs", "modes", "ds_ids", "parameters"]


def report_file_name(experiment_name):
    """The file name (without extension) of a report on the experiment `experiment_name`: lower case letters,
    digits and single underscores (FastEstimator's rule).

    Example:
        >>> report_file_name("My Experiment (v2)!")
        'my_experiment_v2'
    """
    name = "".join("_" if c == " " else c for c in experiment_name if c.isalnum() or c in " _").rstrip("_").lower()
    return re.sub("_{2,}", "_", name) or "report"


def shorten(value, limit=SHOWN):
    """`str(value)` cut to `limit` characters (numpy arrays as their shape and dtype).

    Example:
        >>> shorten("x" * 100, 10), shorten(np.zeros((2, 3))), shorten(0.123456789)
        ('xxxxxxx...', 'array(2, 3) float64', '0.123457')
    """
    if isinstance(value, np.ndarray) and value.ndim:
        text = f"array{tuple(value.shape)} {value.dtype}".replace(",)", ")")
    elif isinstance(value, (float, np.floating)):
        text = f"{float(value):.6g}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def parameters(obj):
    """The arguments an object was made with, as far as it keeps them: `name=value` for each parameter of its
    class's `__init__` stored under the same name (keys, modes and data set ids left out).

    Example:
        >>> from kerasfe.op.numpyop import NumpyOp
        >>> class Scale(NumpyOp):
        ...     def __init__(self, inputs, outputs, factor=2.0, mode=None):
        ...         super().__init__(inputs=inputs, outputs=outputs, mode=mode)
        ...         self.factor = factor
        >>> parameters(Scale(inputs="x", outputs="x", factor=0.5))
        'factor=0.5'
    """
    try:
        names = list(inspect.signature(type(obj).__init__).parameters)[1:]
    except (TypeError, ValueError):
        return ""
    skip = {"inputs", "outputs", "mode", "ds_id", "args", "kwargs"}
    shown = [f"{name}={shorten(_named(getattr(obj, name)), 40)}" for name in names
             if name not in skip and name in getattr(obj, "__dict__", {})]
    return ", ".join(shown)


def _named(value):
    name = getattr(value, "name", None)
    return name if isinstance(name, str) and hasattr(value, "weights") else value


def op_rows(items):
    """Table rows (see `OP_HEADERS`) of ops or Traces; a scheduler's values are listed under it.

    Example:
        >>> from kerasfe.op.numpyop import NumpyOp
        >>> from kerasfe.schedule import EpochScheduler
        >>> first, second = NumpyOp(inputs="x", outputs="x2", mode="train"), NumpyOp(inputs="x", outputs="x3")
        >>> for row in op_rows([first, EpochScheduler({1: second, 3: None})]):
        ...     print(row)
        [1, 'NumpyOp', 'x', 'x2', 'train', 'all', '']
        [2, 'EpochScheduler', '', '', '', '', '']
        ['', 'NumpyOp', 'x', 'x3', 'all', 'all', '']
    """
    rows = []
    for index, item in enumerate(items, start=1):
        values = get_all_values(item)
        if isinstance(item, Scheduler):
            rows.append([index, type(item).__name__, "", "", "", "", ""])
        for value in values:
            modes = "all" if value.mode == frozenset(MODES) else ", ".join(m for m in MODES if m in value.mode)
            ds_ids = ", ".join(sorted(value.ds_ids) + [f"!{i}" for i in sorted(value.excluded_ds_ids)]) or "all"
            rows.append([index if not isinstance(item, Scheduler) else "", value.describe(), ", ".join(value.inputs),
                         ", ".join(value.outputs), modes, ds_ids, parameters(value)])
    return rows


def layer_rows(model):
    """[name, type, output shape, parameters] of each layer of a Keras model.

    Example:
        >>> import keras
        >>> layer_rows(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="d")]))
        [['d', 'Dense', '(None, 2)', 8]]
    """
    rows = []
    for layer in model.layers:
        try:
            shape = str(tuple(layer.output.shape))
        except (AttributeError, ValueError):
            shape = "?"
        rows.append([layer.name, type(layer).__name__, shape, layer.count_params() if layer.built else 0])
    return rows


def describe_keys(sample):
    """"key: shape dtype" of each array of a sample or batch dict, joined by "; ".

    Example:
        >>> describe_keys({"x": np.zeros((2, 3), "float32"), "y": 1})
        'x: (2, 3) float32; y: () int64'
    """
    parts = []
    for key, value in dict(sample).items():
        array = np.asarray(value) if not hasattr(value, "shape") else value
        parts.append(f"{key}: {tuple(array.shape)} {getattr(array, 'dtype', type(value).__name__)}")
    return "; ".join(parts)


def op_graph(system, mode, epoch=1, ds_id=None):
    """A networkx DiGraph of how keys flow in `mode`: a node per data key ("kind": "data"), per Pipeline op,
    Network op and Trace active then (kinds "pipeline", "network", "trace"; "label": its name); an edge from
    the last writer of each key (or the data) to each reader, its "keys" the keys it carries.

    Example:
        >>> from kerasfe.trace.system import System
        >>> from kerasfe.trace.trace import Trace
        >>> graph = op_graph(System(network=None), "train")
        >>> graph.number_of_nodes()
        0
    """
    import networkx as nx
    graph = nx.DiGraph()
    writers = {}
    pipeline, network = system.pipeline, system.network
    if pipeline is not None:
        source = get_current_value(pipeline.data[mode][ds_id], epoch)
        keys = dict(source[0]) if _has_length(source) and not hasattr(source, "get_batch") else {}
        for key in keys:
            graph.add_node(f"data:{key}", kind="data", label=key)
            writers[key] = f"data:{key}"
        stages = [("pipeline", get_current_items(pipeline.ops, mode, epoch, ds_id))]
    else:
        stages = []
    if network is not None:
        stages.append(("network", get_current_items(network.op_items, mode, epoch, ds_id)))
    stages.append(("trace", [trace for trace in system.traces if trace.should_run(mode, ds_id)
                             and ALL_KEYS not in trace.inputs]))
    for kind, ops in stages:
        for index, op in enumerate(ops):
            node = f"{kind}:{index}:{op.describe()}"
            graph.add_node(node, kind=kind, label=op.describe())
            for key in op.inputs:
                source_node = writers.get(key)
                if source_node is None:
                    source_node = writers[key] = f"data:{key}"
                    graph.add_node(source_node, kind="data", label=key)
                keys = graph.edges[source_node, node]["keys"] if graph.has_edge(source_node, node) else []
                graph.add_edge(source_node, node, keys=keys + [key])
            for key in op.outputs:
                writers[key] = node
    return graph


def draw_op_graph(graph, title):
    """A matplotlib Figure of `op_graph`'s graph: layers top to bottom in the order keys flow, nodes coloured by
    kind, edges labelled with their keys."""
    import matplotlib.pyplot as plt
    import networkx as nx
    if graph.number_of_nodes() == 0:
        figure = plt.figure(figsize=(4, 1))
        figure.text(0.5, 0.5, f"{title}: no ops", ha="center")
        return figure
    for layer, nodes in enumerate(nx.topological_generations(graph)):
        for node in nodes:
            graph.nodes[node]["layer"] = layer
    layers = max(data["layer"] for _, data in graph.nodes(data=True)) + 1
    widest = max(sum(1 for _, d in graph.nodes(data=True) if d["layer"] == layer) for layer in range(layers))
    positions = nx.multipartite_layout(graph, subset_key="layer", align="horizontal", scale=1)
    positions = {node: (x, -y) for node, (x, y) in positions.items()}
    figure, axis = plt.subplots(figsize=(max(6.0, 2.4 * widest), max(3.0, 1.5 * layers)))
    nx.draw_networkx_edges(graph, positions, ax=axis, arrows=True, arrowsize=12, edge_color="#57606a",
                           node_size=700, node_shape="s")
    nx.draw_networkx_edge_labels(graph, positions, ax=axis, font_size=7, font_color="#0550ae", rotate=False,
                                 bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 0.3},
                                 edge_labels={(a, b): ", ".join(d["keys"]) for a, b, d in graph.edges(data=True)})
    for kind, colour in KINDS.items():  # boxes sized to their labels, one colour per kind
        nodes = [node for node, data in graph.nodes(data=True) if data["kind"] == kind]
        nx.draw_networkx_labels(graph.subgraph(nodes), positions, ax=axis, font_size=8,
                                labels={node: graph.nodes[node]["label"] for node in nodes},
                                bbox={"boxstyle": "round,pad=0.5", "facecolor": colour, "edgecolor": "#57606a"})
    xs, ys = zip(*positions.values())  # text does not widen the axes' limits, so set them to every node
    x_pad, y_pad = 0.25 * max(max(xs) - min(xs), 0.5), 0.2 * max(max(ys) - min(ys), 0.5)
    axis.set_xlim(min(xs) - x_pad, max(xs) + x_pad)
    axis.set_ylim(min(ys) - y_pad, max(ys) + y_pad)
    axis.set_title(title)
    axis.set_axis_off()
    return figure


def package_versions():
    """(name, version) of the packages a kerasfe run uses that are installed.

    Example:
        >>> dict(package_versions())["numpy"] == np.__version__
        True
    """
    found = []
    for name in PACKAGES:
        try:
            found.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def _has_length(source):
    try:
        len(source)
    except TypeError:
        return False
    return hasattr(source, "__getitem__")


def _learning_rate(optimizer):
    rate = getattr(optimizer, "learning_rate", None)
    try:
        return f"{float(np.asarray(rate)):.6g}"
    except (TypeError, ValueError):
        return None if rate is None else type(rate).__name__
