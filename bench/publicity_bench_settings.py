"""Settings of the publicity benchmark's server: the project's settings plus two views used
only by ``publicity_search.py`` (see ``publicity_bench_urls``)."""

from sanxiang.settings import *  # noqa: F403

ROOT_URLCONF = "publicity_bench_urls"
