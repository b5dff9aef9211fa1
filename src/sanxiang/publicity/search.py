"""Search of published decisions that scales: a character-bigram index in front of the plain
substring match.

The meaning of a search never changes: every word of the query must occur in the record's
``search_text`` (文号, party, type of violation and the *published*, redacted text) as
``icontains`` finds it. The index only narrows the rows that substring match has to look at:

- **PostgreSQL**: a ``tsvector`` column (``search_vector``, outside the Django model) holding
  the distinct character bigrams of ``lower(upper(search_text))``, kept by a trigger on every
  insert and update (so publication, any edit of the published text and withdrawal change it
  in the same statement; only published rows have one), with a GIN index. A word of two or
  more characters becomes the tsquery of its own bigrams, built by the same SQL function, so
  both sides are normalised by the same database code: if ``UPPER(text) LIKE
  '%' || UPPER(word) || '%'`` then every bigram of the word is a bigram of the text, and the
  index never loses a match. Trigrams (pg_trgm) would not serve two-character words.
- **SQLite**: an FTS5 table (``publicity_publication_fts``, rowid = publication id) of the same
  bigrams, encoded as ASCII letters, written from Python whenever a publication is saved.
  SQLite's ``LIKE`` folds ASCII letters only, so the bigrams here fold ASCII only too.

One-character words get no index (the substring match alone); they are still correct.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "publicity_publication_fts"

# --- SQL of the PostgreSQL index (used by the migration) ----------------------------------

PG_INSTALL = r"""
CREATE OR REPLACE FUNCTION sanxiang_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array(SELECT DISTINCT a || b FROM unnest(c[1:array_length(c, 1) - 1], c[2:]) AS x(a, b))
  FROM (SELECT string_to_array(lower(upper(t)), NULL) AS c) AS chars
$$;

CREATE OR REPLACE FUNCTION sanxiang_bigram_query(t text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_to_string(array(
    SELECT '''' || replace(replace(g, '\', '\\'), '''', '''''') || ''''
    FROM unnest(sanxiang_bigrams(t)) AS g
  ), ' & ')::tsquery
$$;

CREATE OR REPLACE FUNCTION sanxiang_publication_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND NEW.search_text IS NOT DISTINCT FROM OLD.search_text THEN
    NEW.search_vector := OLD.search_vector;
  ELSIF NEW.status = 'published' THEN
    NEW.search_vector := array_to_tsvector(sanxiang_bigrams(NEW.search_text));
  ELSE
    NEW.search_vector := NULL;
  END IF;
  RETURN NEW;
END
$$;

ALTER TABLE publicity_publication ADD COLUMN search_vector tsvector;

CREATE TRIGGER publicity_publication_search_vector
BEFORE INSERT OR UPDATE ON publicity_publication
FOR EACH ROW EXECUTE FUNCTION sanxiang_publication_search_vector();

UPDATE publicity_publication SET search_vector = array_to_tsvector(sanxiang_bigrams(search_text))
WHERE status = 'published';

CREATE INDEX publicity_publication_search_gin ON publicity_publication
USING gin (search_vector);
"""

PG_UNINSTALL = """
DROP INDEX IF EXISTS publicity_publication_search_gin;
DROP TRIGGER IF EXISTS publicity_publication_search_vector ON publicity_publication;
ALTER TABLE publicity_publication DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS sanxiang_publication_search_vector();
DROP FUNCTION IF EXISTS sanxiang_bigram_query(text);
DROP FUNCTION IF EXISTS sanxiang_bigrams(text);
"""

SQLITE_INSTALL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(grams)"
SQLITE_UNINSTALL = f"DROP TABLE IF EXISTS {FTS_TABLE}"

# --- Bigrams for SQLite's FTS5 table ------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


def _encode(bigram: str) -> str:
    """A bigram as ten lowercase ASCII letters (5 base-26 digits per code point): a single
    FTS5 token whatever the characters were (punctuation, quotes, wildcards)."""
    out = []
    for char in bigram:
        n = ord(char)
        digits = []
        for _ in range(5):
            n, r = divmod(n, 26)
            digits.append(_LETTERS[r])
        out.append("".join(reversed(digits)))
    return "".join(out)


def sqlite_bigrams(text: str) -> list[str]:
    """The distinct encoded bigrams of a text, folded as SQLite's LIKE folds (ASCII only)."""
    folded = _ascii_lower(text)
    return sorted({_encode(folded[i : i + 2]) for i in range(len(folded) - 1)})


def _fts_available(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        return cursor.fetchone() is not None


def sqlite_index(publication: Any, *, using: str = "default") -> None:
    """Put a publication's bigrams into the FTS5 table, or take it out if not published."""
    connection = connections[using]
    if connection.vendor != "sqlite" or not _fts_available(using):
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [publication.pk])
        if publication.status == "published":
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, grams) VALUES (%s, %s)",
                [publication.pk, " ".join(sqlite_bigrams(publication.search_text))],
            )


def sqlite_unindex(publication: Any, *, using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor == "sqlite" and _fts_available(using):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [publication.pk])


# --- The search ---------------------------------------------------------------------------


def words_of(q: str) -> list[str]:
    return [word for word in q.split() if word]


# A word found in more than this share of the most recent published decisions is not looked
# up in the index: reading its long posting lists and sorting thousands of matches by date
# costs more than walking the date index until a page is full. The planner cannot tell (it
# multiplies the bigrams' frequencies as if they were independent, and guesses the substring
# filter), so a probe of the most recent rows decides. Both plans give the same rows.
COMMON_SHARE = 0.01
PROBE_ROWS = 1000


PROBE_SECONDS = 600
_probes: dict[tuple[str, str], tuple[float, bool]] = {}


def is_common(word: str, alias: str) -> bool:
    """Whether ``word`` is in at least 1% of the 1,000 most recent published decisions; the
    answer is kept for ten minutes in this process (it only chooses the plan)."""
    key = (alias, word.upper())
    now = time.monotonic()
    kept = _probes.get(key)
    if kept is not None and now - kept[0] < PROBE_SECONDS:
        return kept[1]
    if len(_probes) > 10_000:
        _probes.clear()
    common = _probe(word, alias)
    _probes[key] = (now, common)
    return common


def _probe(word: str, alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT search_text FROM publicity_publication "
            "WHERE status = 'published' ORDER BY decided_on DESC, id DESC LIMIT %s) AS recent "
            "WHERE strpos(upper(search_text), upper(%s)) > 0",
            [PROBE_ROWS, word],
        )
        row = cursor.fetchone()
    return bool(row) and int(row[0]) >= PROBE_ROWS * COMMON_SHARE


def narrow(publications: QuerySet[Any], word: str) -> QuerySet[Any]:
    """Rows that may contain ``word`` (a superset of the substring matches), by the index."""
    if len(word) < 2:
        return publications
    vendor = connections[publications.db].vendor
    if vendor == "postgresql":
        if is_common(word, publications.db):
            return publications
        table = publications.model._meta.db_table
        condition = RawSQL(
            f'"{table}"."search_vector" @@ sanxiang_bigram_query(%s)',
            [word],
            output_field=BooleanField(),
        )
        return publications.filter(condition)
    if vendor == "sqlite" and _fts_available(publications.db):
        grams = " ".join(f'"{gram}"' for gram in sqlite_bigrams(word))
        rows = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [grams])
        return publications.filter(pk__in=rows)
    return publications


def contains(publications: QuerySet[Any], word: str) -> QuerySet[Any]:
    """The substring match itself, exactly ``search_text__icontains=word``.

    On PostgreSQL it is written ``strpos(upper(text), upper(word)) > 0``, which matches the
    same rows as Django's ``UPPER(text) LIKE UPPER('%word%')`` (wildcards escaped) but which
    the planner does not take for a 0.5% filter: with that guess stacked on the index's own
    estimate, it sorted all 130,000 matches of a common word instead of walking the date
    index until the first page is full.
    """
    if connections[publications.db].vendor == "postgresql":
        table = publications.model._meta.db_table
        condition = RawSQL(
            f'strpos(upper("{table}"."search_text"), upper(%s)) > 0',
            [word],
            output_field=BooleanField(),
        )
        return publications.filter(condition)
    return publications.filter(search_text__icontains=word)


def search(publications: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Every word of ``q`` must occur in ``search_text`` (case folded as ``icontains`` does).

    The index narrows, the substring match decides: the result is exactly the naive search's.
    Queries are parameters: SQL, HTML or wildcards in them are only text to find.
    """
    for word in words_of(q):
        publications = contains(narrow(publications, word), word)
    return publications


def _saved(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    sqlite_index(instance, using=using)


def _deleted(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    sqlite_unindex(instance, using=using)


def connect() -> None:
    """Keep SQLite's FTS5 table in step with every save (PostgreSQL's trigger does it there)."""
    from django.db.models.signals import post_delete, post_save

    from sanxiang.publicity.models import Publication

    post_save.connect(_saved, sender=Publication, dispatch_uid="publicity-search-index")
    post_delete.connect(_deleted, sender=Publication, dispatch_uid="publicity-search-unindex")
