"""The FastEstimator -> kerasfe porting table (docs/porting.md), generated from the code.

Each public name of FastEstimator 1.7 (docs/fastestimator_public_api.json: pkg, name, kind, params) is looked
up at its mirrored kerasfe path (`fastestimator.trace.io.CSVLogger` -> `kerasfe.trace.io.CSVLogger`). A name is
*present* when it imports there, and *present with FastEstimator's signature* when its signature also has every
parameter name FastEstimator's has. Names kerasfe leaves out on purpose are listed, with the reason (and the
Keras 3 equivalent), in docs/porting_left_out.tsv as `fastestimator.<pkg>.<Name><TAB><reason>` lines.

Regenerate the table with `python -m kerasfe.cli.porting` (or check it is current with `--check`).
"""
import argparse
import importlib
import inspect
import json
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
API_LIST = REPO / "docs" / "fastestimator_public_api.json"
LEFT_OUT = REPO / "docs" / "porting_left_out.tsv"
TABLE = REPO / "docs" / "porting.md"
STATUSES = ("present", "different signature", "left out", "missing")


def kerasfe_path(fe_pkg):
    """The kerasfe module that mirrors a FastEstimator package.

    Example:
        >>> kerasfe_path("fastestimator.trace.io"), kerasfe_path("fastestimator")
        ('kerasfe.trace.io', 'kerasfe')
    """
    return "kerasfe" + fe_pkg.removeprefix("fastestimator")


def find(fe_entry):
    """The kerasfe object standing for one FastEstimator entry (for a data module, its `load_data`), or None
    when it does not import at the mirrored path.

    Example:
        >>> find({"pkg": "fastestimator", "name": "Estimator", "kind": "class"}).__name__
        'Estimator'
        >>> find({"pkg": "fastestimator.trace", "name": "NoSuchTrace", "kind": "class"}) is None
        True
    """
    try:
        value = getattr(importlib.import_module(kerasfe_path(fe_entry["pkg"])), fe_entry["name"])
        if fe_entry["kind"].startswith("module"):
            value = value.load_data if inspect.ismodule(value) else value
    except (ImportError, AttributeError):
        return None
    return value


def missing_params(value, fe_params):
    """FastEstimator's parameter names (not `*args` / `**kwargs`) that the signature of `value` (of a class: its
    `__signature__` where it declares one, else its `__init__`'s) lacks.

    Example:
        >>> def load_data(root_dir=None, image_key="x"): pass
        >>> missing_params(load_data, [{"name": "root_dir", "kind": "pos"}, {"name": "label_key", "kind": "pos"},
        ...                            {"name": "kwargs", "kind": "varkw"}])
        ['label_key']
    """
    declared = inspect.isclass(value) and getattr(value, "__signature__", None) is not None
    try:  # a class's own __init__: a generic __new__(*args, **kwargs) would hide it from signature(cls)
        names = set(inspect.signature(value.__init__ if inspect.isclass(value) and not declared else value).parameters)
    except (TypeError, ValueError):
        names = set()
    return [param["name"] for param in fe_params or () if param["kind"] in ("pos", "kwonly")
            and param["name"] not in names]


def read_left_out(path=LEFT_OUT):
    """`{fastestimator name: reason}` from the left-out file (blank lines and `#` comments skipped; a line
    without a reason maps to "").

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "left_out.tsv")
        >>> _ = open(path, "w").write("# name<TAB>reason\\nfastestimator.util.Timer\\tuse time.perf_counter\\n")
        >>> read_left_out(path)
        {'fastestimator.util.Timer': 'use time.perf_counter'}
    """
    path = pathlib.Path(path)
    entries = {}
    for line in path.read_text().splitlines() if path.exists() else ():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition("\t")
            entries[name.strip()] = reason.strip()
    return entries


def rows(api, left_out):
    """One `(FastEstimator name, status, note)` per FastEstimator entry, in the API list's order.

    Example:
        >>> api = [{"pkg": "fastestimator", "name": "Estimator", "kind": "class",
        ...         "params": [{"name": "epochs", "kind": "pos"}, {"name": "no_such", "kind": "pos"}]},
        ...        {"pkg": "fastestimator.util", "name": "draw", "kind": "function", "params": []},
        ...        {"pkg": "fastestimator.util", "name": "NoSuch", "kind": "class", "params": []}]
        >>> for row in rows(api, {"fastestimator.util.draw": "prints a banner"}):
        ...     print(row)
        ('fastestimator.Estimator', 'different signature', 'kerasfe.Estimator lacks: no_such')
        ('fastestimator.util.draw', 'left out', 'prints a banner')
        ('fastestimator.util.NoSuch', 'missing', '')
    """
    table = []
    for entry in api:
        fe_name = f"{entry['pkg']}.{entry['name']}"
        ours = f"{kerasfe_path(entry['pkg'])}.{entry['name']}"
        value = find(entry)
        if value is not None:
            lacking = missing_params(value, entry["params"])
            table.append((fe_name, "different signature", f"{ours} lacks: {', '.join(lacking)}") if lacking
                         else (fe_name, "present", ours))
        elif fe_name in left_out:
            table.append((fe_name, "left out", left_out[fe_name]))
        else:
            table.append((fe_name, "missing", ""))
    return table


def totals(table):
    """`{status: count}` over every status, and the share present with FastEstimator's signature.

    Example:
        >>> totals([("a", "present", ""), ("b", "missing", ""), ("c", "different signature", "")])
        ({'present': 1, 'different signature': 1, 'left out': 0, 'missing': 1}, 0.3333333333333333)
    """
    counts = {status: sum(row[1] == status for row in table) for status in STATUSES}
    return counts, counts["present"] / max(len(table), 1)


def render(table):
    """The Markdown of docs/porting.md for a table of rows.

    Example:
        >>> print(render([("fastestimator.Estimator", "present", "kerasfe.Estimator")]))  # doctest: +ELLIPSIS
        # FastEstimator -> kerasfe
        ...
        | `fastestimator.Estimator` | present | kerasfe.Estimator |
        <BLANKLINE>
    """
    counts, share = totals(table)
    with_any = counts["present"] + counts["different signature"]
    lines = ["# FastEstimator -> kerasfe", "",
             "Generated by `python -m kerasfe.cli.porting` from FastEstimator 1.7's public names "
             "(`docs/fastestimator_public_api.json`) and the reasons in `docs/porting_left_out.tsv`; do not edit "
             "by hand. A name is looked up at its mirrored path (`fastestimator.x.Name` -> `kerasfe.x.Name`); "
             "*present* means it imports there with every FastEstimator parameter name.", "",
             f"Of {len(table)} names: {with_any} exist in kerasfe ({with_any / max(len(table), 1):.0%}), "
             f"{counts['present']} with FastEstimator's signature ({share:.0%}), "
             f"{counts['different signature']} with a different signature, {counts['left out']} left out on "
             f"purpose, {counts['missing']} missing.", "",
             "| status | count |", "|---|---|", *(f"| {status} | {counts[status]} |" for status in STATUSES), "",
             "| FastEstimator | status | note |", "|---|---|---|"]
    lines += [f"| `{name}` | {status} | {note.replace('|', '/')} |" for name, status, note in table]
    return "\n".join(lines) + "\n"


def build_table(api_list=API_LIST, left_out=LEFT_OUT):
    """The rows for the checked-in API list and left-out file.

    Example:
        >>> table = build_table()
        >>> len(table), table[0][0]
        (387, 'fastestimator.Estimator')
    """
    return rows(json.loads(pathlib.Path(api_list).read_text()), read_left_out(left_out))


def main(argv=None):
    """`python -m kerasfe.cli.porting [--check]`: writes docs/porting.md, or (with --check) exits 1 when it is
    not current. Prints the totals.

    Example:
        >>> import contextlib, io
        >>> with contextlib.redirect_stdout(io.StringIO()) as out:
        ...     code = main(["--check", "--output", "/nonexistent/porting.md"])
        >>> code, "out of date" in out.getvalue()
        (1, True)
    """
    parser = argparse.ArgumentParser(prog="python -m kerasfe.cli.porting", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the table is not current")
    parser.add_argument("--output", default=str(TABLE), help="where the table goes (default docs/porting.md)")
    args = parser.parse_args(argv)
    table = build_table()
    text, output = render(table), pathlib.Path(args.output)
    counts, share = totals(table)
    print(", ".join(f"{status}: {count}" for status, count in counts.items()) + f" ({share:.1%} present)")
    if args.check:
        current = output.exists() and output.read_text() == text
        print(f"{output} is {'current' if current else 'out of date: run python -m kerasfe.cli.porting'}")
        return 0 if current else 1
    from kerasfe.atomic_file import atomic_open
    with atomic_open(output) as file:
        file.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
