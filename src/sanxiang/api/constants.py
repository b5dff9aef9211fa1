"""Limits of the API in one place."""

# Tokens look like ``sx_<prefix>_<secret>``; the prefix finds the row, the hash checks it.
TOKEN_PREFIX = "sx"
TOKEN_LOOKUP_LENGTH = 8
TOKEN_SECRET_BYTES = 32

# Pagination: ?limit=&offset=. A larger limit is refused (400), not silently cut.
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Offsets past this are refused rather than sent to the database (integer overflow).
MAX_OFFSET = 10**9

# Path ids: digits only, at most 18 (fits a 64-bit integer); anything else is 404.
ID_PATTERN = r"[0-9]{1,18}"

# Largest integer accepted in query parameters (well inside a 64-bit column).
MAX_QUERY_INTEGER = 2**62

# Bulk import of people from Excel.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 2000
