"""Limits of publicity, each with the rule it comes from."""

# 国办发〔2018〕118号: licensing and penalty decisions within 7 working days, others within 20.
PUBLISH_WORKING_DAYS_FAST = 7
PUBLISH_WORKING_DAYS_OTHER = 20
# 行政处罚法 第四十八条 (with 市场监管总局令第45号 第十一条): withdrawn within 3 working days.
WITHDRAW_WORKING_DAYS = 3
# Warn the publisher this many working days before a publication falls due.
DUE_SOON_WORKING_DAYS = 2
# Progress look-up: attempts per address per window (seconds), then 429.
PROGRESS_ATTEMPTS = 10
PROGRESS_WINDOW_SECONDS = 600
# "Long-term" in the 双公示 exchange format.
LONG_TERM = "2099-12-31"
