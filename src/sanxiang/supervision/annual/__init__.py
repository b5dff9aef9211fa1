"""The annual enforcement statistics report (行政执法统计年报, plan P9; domain-notes §5)."""
