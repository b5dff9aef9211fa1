"""Where a party applies for reconsideration of an agency's acts: one answer for every reader.

行政复议法 (2023) 第四条: the reconsideration organ (复议机关) is a people's government at
county level or above; its justice bureau (复议机构) only handles the application.
第二十四条: the county-level government hears applications against its own departments
(工作部门) and against its 派出机关 — a 街道办事处 is the district government's 派出机关 — so
for both the body is the district government (e.g. 东丽区人民政府), never the justice bureau.

The served documents (``records.context``), the published decisions (``publicity.content``)
and the portal's agency page all ask :func:`reconsideration_body`, so they cannot disagree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sanxiang.agencies.models import Agency

GOVERNMENT = "人民政府"
# Where no government can be read from the record: the words the law itself uses.
FALLBACK = "本机关所属的县级以上地方人民政府"
# "天津市东丽区城市管理委员会" → "天津市东丽区"; "东丽区司法局" → "东丽区".
_COUNTY = re.compile(r"^(.*?(?:自治县|自治旗|区|县|旗))")
_CITY = re.compile(r"^(.*?市)")


def government_of(agency: Agency) -> str:
    """The people's government an agency belongs to, read from its record (parent, name)."""
    parent = agency.parent
    if parent is not None and parent.name.endswith(GOVERNMENT):
        return parent.name
    name = agency.name
    if GOVERNMENT in name:  # "东丽区人民政府万新街道办事处": the government that set it up
        return name[: name.index(GOVERNMENT) + len(GOVERNMENT)]
    found = _COUNTY.match(name) or _CITY.match(name)
    return f"{found.group(1)}{GOVERNMENT}" if found else FALLBACK


def reconsideration_body(agency: Agency) -> str:
    """The 复议机关 named to the party: the agency's own record where it says, else derived.

    A body recorded on the agency that is not a government (a 司法局 is only the 复议机构)
    is not used: the government it belongs to is named instead.
    """
    recorded = agency.reconsideration_body.strip()
    if recorded and GOVERNMENT in recorded.split("（")[0]:
        return recorded
    return government_of(agency)
