"""A sqlite history of training runs (FastEstimator's `fe.summary.history`): `HistoryRecorder` writes one row per
run (file, experiment, status, arguments, versions, start and end, devices, the ops / traces / data sets used, the
printed log and any error), `HistoryReader` queries it, `connect` / `delete` / `update_settings` manage it.

Recording is off until `fe.record_history(True)` (the default database, `~/kerasfe_data/history.db`) or
`fe.record_history(path)`; FastEstimator records by default, kerasfe does not write to the home folder unasked.
"""
import contextlib
import functools
import inspect
import itertools
import multiprocessing
import os
import pathlib
import sqlite3
import sys
import threading
import time
import traceback
import warnings
from datetime import datetime

TABLES = (
    "CREATE TABLE IF NOT EXISTS history (file TEXT, experiment TEXT, status TEXT, args TEXT, fe_version TEXT, "
    "train_start TIMESTAMP, train_end TIMESTAMP, n_gpus INTEGER, n_cpus INTEGER, n_workers INTEGER, "
    "n_restarts INTEGER, pk INTEGER PRIMARY KEY)",
    *(f"CREATE TABLE IF NOT EXISTS {table} ({column} TEXT, "
      "fk INTEGER REFERENCES history(pk) ON DELETE CASCADE ON UPDATE CASCADE)"
      for table, column in (("features", "feature"), ("pipeline", "pipe_op"), ("network", "net_op"),
                            ("postprocess", "pp_op"), ("traces", "trace"))),
    "CREATE TABLE IF NOT EXISTS datasets (mode TEXT, dataset TEXT, "
    "fk INTEGER REFERENCES history(pk) ON DELETE CASCADE ON UPDATE CASCADE)",
    "CREATE TABLE IF NOT EXISTS errors (exc_type TEXT, exc_tb TEXT, "
    "fk INTEGER PRIMARY KEY REFERENCES history(pk) ON DELETE CASCADE ON UPDATE CASCADE)",
    "CREATE TABLE IF NOT EXISTS logs (log TEXT, "
    "fk INTEGER PRIMARY KEY REFERENCES history(pk) ON DELETE CASCADE ON UPDATE CASCADE)",
    "CREATE TABLE IF NOT EXISTS settings (pk INTEGER PRIMARY KEY NOT NULL, schema_version INTEGER, n_keep INTEGER, "
    "n_keep_logs INTEGER)",
    "INSERT OR IGNORE INTO settings (pk, schema_version, n_keep, n_keep_logs) VALUES (0, 1, 500, 500)",
)
SETTINGS = {"path": False}  # False: not recording; None: the default database; else its path
_IDS = itertools.count()


def default_db_path():
    """Where the history is kept by default: `~/kerasfe_data/history.db`.

    Example:
        >>> default_db_path().endswith(os.path.join("kerasfe_data", "history.db"))
        True
    """
    return os.path.join(str(pathlib.Path.home()), "kerasfe_data", "history.db")


def record_history(path):
    """Turns the history of runs on or off: True records to `default_db_path()`, False stops, a path records
    there. While on, every `Estimator.fit` / `test` is recorded (`HistoryRecorder`).

    Example:
        >>> import kerasfe as fe
        >>> fe.record_history(False); SETTINGS["path"]
        False
    """
    SETTINGS["path"] = None if path is True else path


def connect(db_path=None):
    """An open connection to the history database at `db_path` (None: `default_db_path()`; ":memory:" for one in
    memory), made with its tables when new; rows come back as `sqlite3.Row`, foreign keys are enforced. A
    database that fails sqlite's integrity check is moved aside (`corrupt_<time>_<name>`) with a warning, and a
    new one is made.

    Example:
        >>> with contextlib.closing(connect(":memory:")) as db:
        ...     [row["n_keep"] for row in db.execute("SELECT n_keep FROM settings")]
        [500]
    """
    db_path = default_db_path() if db_path is None else str(db_path)
    if db_path != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(db_path)), exist_ok=True)
    connection = sqlite3.connect(db_path)
    if db_path != ":memory:":
        try:
            response = tuple(connection.execute("PRAGMA integrity_check").fetchone())
        except sqlite3.DatabaseError as error:
            response = (str(error),)
        if response != ("ok",):
            connection.close()
            corrupt = os.path.join(os.path.dirname(db_path), f"corrupt_{datetime.now():%Y_%m_%d_%H_%M_%S}_"
                                                             f"{os.path.basename(db_path)}")
            os.replace(db_path, corrupt)
            warnings.warn(f"the kerasfe history database failed its integrity check ({response}); it was moved to "
                          f"{corrupt} and a new one was made", stacklevel=2)
            connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA foreign_keys = 1")
    connection.row_factory = sqlite3.Row
    for statement in TABLES:
        connection.execute(statement)
    connection.commit()
    return connection


def delete(n_keep=20, db_path=None):
    """Removes all but the `n_keep` newest runs (and their logs, errors and ops) from the history.

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "history.db")
        >>> with contextlib.closing(connect(path)) as db:
        ...     _ = db.executemany("INSERT INTO history (pk, train_start) VALUES (?, ?)", [(i, i) for i in range(5)])
        ...     db.commit()
        >>> delete(2, db_path=path)
        >>> with contextlib.closing(connect(path)) as db:
        ...     [row["pk"] for row in db.execute("SELECT pk FROM history ORDER BY pk")]
        [3, 4]
    """
    with contextlib.closing(connect(db_path)) as db:
        db.execute("DELETE FROM history WHERE train_start <= (SELECT train_start FROM history "
                   "ORDER BY train_start DESC LIMIT 1 OFFSET (?))", [n_keep])
        db.commit()
        db.execute("VACUUM")
        db.commit()


def update_settings(n_keep=None, n_keep_logs=None, db_path=None):
    """Sets how many runs (`n_keep`) and how many of their logs (`n_keep_logs`, at most `n_keep`) the history keeps;
    applied at the end of each recorded run. Prints the settings.

    Example:
        >>> import tempfile
        >>> update_settings(n_keep=30, n_keep_logs=40, db_path=os.path.join(tempfile.mkdtemp(), "h.db"))
        +--------+-------------+
        | n_keep | n_keep_logs |
        +--------+-------------+
        |   30   |      30     |
        +--------+-------------+
    """
    from prettytable import from_db_cursor
    with contextlib.closing(connect(db_path)) as db:
        if n_keep is not None:
            db.execute("UPDATE settings SET n_keep = :keep, n_keep_logs = MIN(n_keep_logs, :keep) WHERE pk = 0",
                       {"keep": max(n_keep, 0)})
        if n_keep_logs is not None:
            db.execute("UPDATE settings SET n_keep_logs = MIN(n_keep, (?)) WHERE pk = 0", [max(n_keep_logs, 0)])
        db.commit()
        with contextlib.closing(db.execute("SELECT n_keep, n_keep_logs FROM settings")) as cursor:
            print(from_db_cursor(cursor))


class HistoryRecorder:
    """Records one run in the history database while its `with` block runs: a row when it starts, everything it
    prints (stdout is passed through and copied into the run's log), and at the end its status ("Completed",
    "Aborted" for a KeyboardInterrupt, "Failed" with the traceback) and end time. A `test()` after `fit()` of one
    Estimator updates the same row. Old runs beyond the settings' limits are removed at the end.

    Args:
        system: the loop's `System` (its network, pipeline, traces and summary are recorded).
        est_path: the script that made the Estimator (any string; its file name is kept).
        db_path: the database (None: `default_db_path()`).

    Example:
        >>> import tempfile
        >>> from kerasfe.trace.system import System
        >>> from kerasfe.summary import Summary
        >>> path = os.path.join(tempfile.mkdtemp(), "h.db")
        >>> system = System(network=None, summary=Summary("demo"))
        >>> with HistoryRecorder(system, "train.py", db_path=path):
        ...     print("FastEstimator-Train: step: 1; ce: 0.5")
        FastEstimator-Train: step: 1; ce: 0.5
        >>> with contextlib.closing(connect(path)) as db:
        ...     [tuple(row) for row in db.execute("SELECT file, experiment, status, log FROM history JOIN logs "
        ...                                       "ON logs.fk = history.pk")]
        [('train.py', 'demo', 'Completed', 'FastEstimator-Train: step: 1; ce: 0.5\\n')]
    """

    def __init__(self, system, est_path, db_path=None):
        self.filename = os.path.basename(str(est_path))
        self.db_path = default_db_path() if db_path is None else db_path
        self.system = system
        self.db = None
        self.pk = None
        self.stdout = None
        self.ident = None

    def __enter__(self):
        self.db = connect(self.db_path)
        self.ident = (multiprocessing.current_process().pid, threading.get_ident())
        if getattr(self.system, "exp_id", None) is None:
            self.system.exp_id = time.time_ns() // 1000 * 1000 + next(_IDS) % 1000
        self.pk = self.system.exp_id
        if not self.db.execute("SELECT pk FROM history WHERE pk = (?)", [self.pk]).fetchall():
            self._insert_run()
        self.stdout, sys.stdout = sys.stdout, self
        return self

    def _insert_run(self):
        import kerasfe
        pipeline, network, summary = self.system.pipeline, self.system.network, self.system.summary
        self.db.execute(
            "INSERT INTO history (pk, file, experiment, args, fe_version, train_start, status, n_gpus, n_cpus, "
            "n_workers, n_restarts) VALUES (?, ?, ?, ?, ?, ?, 'Launched', ?, ?, ?, 0)",
            [self.pk, self.filename, getattr(summary, "name", None), repr(sys.argv[1:]), kerasfe.__version__,
             datetime.now().isoformat(" "), _num_gpus(), os.cpu_count(), getattr(pipeline, "num_process", None)])
        rows = {"features": self._features(),
                "pipeline": _names(getattr(pipeline, "ops", [])),
                "network": _names(getattr(network, "op_items", [])),
                "traces": _names(getattr(self.system, "traces", []))}
        for table, column in (("features", "feature"), ("pipeline", "pipe_op"), ("network", "net_op"),
                              ("traces", "trace")):
            self.db.executemany(f"INSERT INTO {table} ({column}, fk) VALUES (?, ?)",
                                [(name, self.pk) for name in rows[table]])
        datasets = [(mode, type(source).__name__, self.pk) for mode, by_id in getattr(pipeline, "data", {}).items()
                    for source in by_id.values()]
        self.db.executemany("INSERT INTO datasets (mode, dataset, fk) VALUES (?, ?, ?)", datasets)
        self.db.execute("INSERT INTO logs (log, fk) VALUES ('', ?)", [self.pk])
        self.db.commit()

    def _features(self):
        from kerasfe.reproducibility import default_pipeline_seed
        pipeline = self.system.pipeline
        features = ["Deterministic"] if default_pipeline_seed() is not None else []
        if any(len(by_id) > 1 for by_id in getattr(pipeline, "data", {}).values()):
            features.append("MultiDataset")
        keras = sys.modules.get("keras")
        if keras is not None and keras.config.dtype_policy().compute_dtype in ("float16", "bfloat16"):
            features.append("MixedPrecision")
        return features

    def __exit__(self, exc_type, exc_value, exc_traceback):
        sys.stdout = self.stdout
        status = "Completed" if exc_type is None else "Aborted" if exc_type is KeyboardInterrupt else "Failed"
        try:
            end = "(?)" if self.system.mode in ("train", "eval", None) else "IFNULL(train_end, (?))"
            self.db.execute(f"UPDATE history SET train_end = {end}, status = (?), experiment = IFNULL((?), experiment) "
                            "WHERE pk = (?)",  # the Summary (and its name) is made inside the run
                            [datetime.now().isoformat(" "), status, getattr(self.system.summary, "name", None),
                             self.pk])
            if exc_type is not None:
                self.db.execute("INSERT OR REPLACE INTO errors (exc_type, exc_tb, fk) VALUES (?, ?, ?)",
                                [exc_type.__name__, "".join(traceback.format_exception(exc_type, exc_value,
                                                                                      exc_traceback)), self.pk])
            self.db.execute("DELETE FROM history WHERE train_start <= (SELECT train_start FROM history ORDER BY "
                            "train_start DESC LIMIT 1 OFFSET (SELECT n_keep FROM settings WHERE pk = 0))")
            self.db.execute("DELETE FROM logs WHERE fk IN (SELECT pk FROM history ORDER BY train_start DESC LIMIT -1 "
                            "OFFSET (SELECT n_keep_logs FROM settings WHERE pk = 0))")
            self.db.commit()
        except sqlite3.DatabaseError as error:
            warnings.warn(f"kerasfe's history could not record the end of the run: {error}", stacklevel=2)
        finally:
            self.db.close()

    def write(self, output):
        """Passes `output` to the real stdout and appends it to the run's log (from the recording thread only)."""
        self.stdout.write(output)
        if (multiprocessing.current_process().pid, threading.get_ident()) != self.ident:
            return
        try:
            self.db.execute("UPDATE logs SET log = log || (?) WHERE fk = (?)", [output, self.pk])
            self.db.commit()
        except sqlite3.DatabaseError as error:
            self.ident = (-1, -1)
            warnings.warn(f"kerasfe's history stopped copying the log of this run: {error}", stacklevel=2)

    def flush(self):
        """Flushes the real stdout."""
        self.stdout.flush()

    def __getattr__(self, name):  # the rest of the stream interface (isatty, encoding, ...) is stdout's
        return getattr(self.__dict__["stdout"], name)


def recorded(method):
    """Decorates `Estimator.fit` / `test`: while `fe.record_history` is on, the call runs inside a
    `HistoryRecorder` of the Estimator's system, named after the script that called it.

    Example:
        >>> class Runner:
        ...     system = None
        ...     @recorded
        ...     def fit(self):
        ...         return "trained"
        >>> Runner().fit()
        'trained'
    """
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        if SETTINGS["path"] is False:
            return method(self, *args, **kwargs)
        with HistoryRecorder(self.system, inspect.stack()[1].filename, db_path=SETTINGS["path"]):
            return method(self, *args, **kwargs)
    return run


class HistoryReader:
    """Queries the history database; use it as a context manager. Each query is printed before it runs (so it can
    be adapted), then its answer as a table.

    Args:
        db_path: the database (None: `default_db_path()`).

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "h.db")
        >>> with HistoryReader(path) as reader:
        ...     reader.read_sql("SELECT n_keep FROM settings")
        SELECT n_keep FROM settings
        +--------+
        | n_keep |
        +--------+
        |  500   |
        +--------+
    """

    def __init__(self, db_path=None):
        self.db_path = db_path
        self.db = None
        self.response = None

    def __enter__(self):
        self.db = connect(self.db_path)
        self.db.set_trace_callback(print)
        return self

    def __exit__(self, exc_type, exc_value, exc_traceback):
        self.db.close()

    def read_basic(self, limit=10, interactive=False, include_args=False, errors=False, include_pk=False,
                   include_features=False, include_traces=False, include_datasets=False, include_pipeline=False,
                   include_network=False, as_csv=False):
        """Prints the newest `limit` runs, with the columns asked for (see FastEstimator's `read_basic`); `errors`
        keeps only runs that did not complete, with their error type."""
        groups = {"features": ("feature", "features", include_features),
                  "traces": ("trace", "traces", include_traces),
                  "pipeline": ("pipe_op", "pipeline_ops", include_pipeline),
                  "network": ("net_op", "network_ops", include_network),
                  "postprocess": ("pp_op", "postprocessing_ops", include_network)}
        selects, joins = [], []
        for table, (column, alias, wanted) in groups.items():
            if wanted:
                selects.append(f", {table}_g.{alias}")
                joins.append(f"LEFT JOIN (SELECT fk, GROUP_CONCAT({column}, ', ') {alias} FROM {table} GROUP BY fk) "
                             f"{table}_g ON {table}_g.fk = h.pk ")
        if include_datasets:
            selects.append(", ds_g.datasets")
            joins.append("LEFT JOIN (SELECT fk, GROUP_CONCAT(dataset || ' (' || mode || ')', ', ') datasets "
                         "FROM datasets GROUP BY fk) ds_g ON ds_g.fk = h.pk ")
        if errors:
            selects.insert(0, ", errors.exc_type error")
            joins.insert(0, "LEFT JOIN errors ON errors.fk = h.pk ")
        query = (f"SELECT h.*{''.join(selects)} FROM history h {''.join(joins)}"
                 f"{'WHERE h.status <> ' + repr('Completed') + ' ' if errors else ''}"
                 "ORDER BY h.train_start DESC LIMIT (?)")
        hide = [name for name, shown in (("pk", include_pk), ("args", include_args)) if not shown]
        self.read_sql(query, args=[limit], hide_cols=hide, as_csv=as_csv, interactive=interactive)

    def read_sql(self, query, args=(), hide_cols=(), as_csv=False, interactive=False):
        """Runs `query` (with `args`), prints the answer without `hide_cols` (as csv or a table). `interactive`
        then reads commands: `log I...` / `err I...` print the log / traceback of rows I (from 1), `vis I...`
        plots their logs (`visualize_logs`), `sql QUERY` runs another query, an empty line prints the answer
        again, `X` ends."""
        from prettytable import PrettyTable
        with contextlib.closing(self.db.execute(query, list(args))) as cursor:
            self.response = cursor.fetchall()
            names = [column[0] for column in cursor.description]
        table = PrettyTable(field_names=names)
        for row in self.response:
            table.add_row(list(row))
        for column in hide_cols:
            if column in table.field_names:
                table.del_column(column)
        if interactive:
            table.add_autoindex()
        print(table.get_csv_string() if as_csv else table)
        while interactive:
            command, _, rest = input("log I / err I / vis I / sql QUERY / X (exit): ").strip().partition(" ")
            if command in ("X", "x"):
                return
            if command == "":
                print(table)
            elif command == "sql":
                return self.read_sql(rest, hide_cols=hide_cols, as_csv=as_csv, interactive=True)
            elif command in ("log", "err", "vis"):
                self._show(command, [int(index) for index in rest.split()])

    def _show(self, command, indices):
        from kerasfe.summary.logs import parse_log_iter, visualize_logs
        from kerasfe.summary.summary import Summary
        runs = []
        for index in indices:
            row = self.response[index - 1]
            table, column = ("errors", "exc_tb") if command == "err" else ("logs", "log")
            found = self.db.execute(f"SELECT {column} FROM {table} WHERE fk = (?)", [row["pk"]]).fetchall()
            text = found[0][0] if found else None
            if command == "vis":
                runs.append(parse_log_iter((text or "").splitlines(), Summary(f"{row['experiment']} ({index})")))
            else:
                print(text if text is not None else f"no {'traceback' if command == 'err' else 'log'} for {index}")
        if runs:
            visualize_logs(runs)


def _names(items):
    """The class names of ops / traces, and of every value of a scheduler among them (the scheduler too)."""
    from kerasfe.schedule import get_all_values
    names = []
    for item in items:
        values = [value for value in get_all_values(item) if value is not None]
        names += [type(value).__name__ for value in values] + ([type(item).__name__] if values != [item] else [])
    return names


def _num_gpus():
    """The GPUs Keras's backend sees (0 where it cannot list devices: no GPU platform, or PyTorch)."""
    keras = sys.modules.get("keras")
    try:
        return sum(device.lower().startswith("gpu") for device in keras.distribution.list_devices())
    except (AttributeError, RuntimeError):
        return 0
