"""Reading FastEstimator-format log files into Summaries, and plotting Summaries side by side (FastEstimator's
`fe.summary.logs`). Importing this package loads neither Keras nor matplotlib."""
from kerasfe.summary.logs.log_parse import list_files, parse_log_dir, parse_log_file, parse_log_files, parse_log_iter, \
    parse_log_text
from kerasfe.summary.logs.log_plot import plot_logs, visualize_logs

__all__ = ["list_files", "parse_log_dir", "parse_log_file", "parse_log_files", "parse_log_iter", "parse_log_text",
           "plot_logs", "visualize_logs"]
