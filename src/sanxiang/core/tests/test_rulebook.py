"""The rulebook: one shape for every rule, every rule enforced somewhere real and tested."""

from __future__ import annotations

import importlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sanxiang.core import rulebook

ROOT = Path(__file__).resolve().parents[4]


def _resolve(path: str):
    module_path, _, name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module_path), name)
    except ModuleNotFoundError:
        # A method: module.Class.method
        module_path, _, owner = module_path.rpartition(".")
        return getattr(getattr(importlib.import_module(module_path), owner), name)


def test_every_rule_cites_its_statute_and_article_and_is_enforced_where_it_says():
    rules = rulebook.all_rules()
    assert len(rules) >= 2
    for declared in rules:
        assert declared.statute.startswith("《") and declared.statute.endswith("》"), declared.id
        assert declared.article.startswith("第") and declared.article.endswith(
            ("条", "款", "项")
        ), declared.id
        assert declared.words.strip(), declared.id
        assert declared.enforced_in, declared.id
        for path in declared.enforced_in:
            assert callable(_resolve(path)), (declared.id, path)


def test_every_rule_is_named_by_a_test_beside_the_behaviour():
    """A rule no test names is a rule whose removal nothing would notice."""
    texts = [
        path.read_text(encoding="utf-8")
        for pattern in ("src/sanxiang/*/tests/**/*.py", "tests/**/*.py")
        for path in ROOT.glob(pattern)
        if path.name != "test_rulebook.py"
    ]
    unnamed = [r.id for r in rulebook.all_rules() if not any(f'"{r.id}"' in t for t in texts)]
    assert unnamed == []


def test_a_refusal_names_the_rule_and_its_article_in_chinese():
    two_officers = rulebook.get("penalty.two_officers")
    with pytest.raises(ValidationError) as excinfo:
        rulebook.raise_refusals([rulebook.refusal(two_officers, "人员不足", "officers")])
    message = excinfo.value.message_dict["officers"][0]
    assert message.startswith("人员不足")
    assert "《中华人民共和国行政处罚法》第四十二条" in message
    assert "penalty.two_officers" in message


def test_general_refusals_are_not_lost_beside_field_ones():
    rule = rulebook.get("penalty.two_officers")
    with pytest.raises(ValidationError) as excinfo:
        rulebook.raise_refusals(
            [rulebook.refusal(rule, "甲", "officers"), rulebook.refusal(rule, "乙")]
        )
    assert set(excinfo.value.message_dict) == {"officers", "__all__"}
    rulebook.raise_refusals([])  # nothing to refuse: no error


def test_a_rule_is_declared_once():
    with pytest.raises(ValueError):
        rulebook.rule(
            "penalty.two_officers", statute="《法》", article="第一条", words="…", summary="x",
            guards=[rulebook.Guards.RECORD], enforced_in=[],
        )  # fmt: skip


def test_the_command_lists_every_rule_as_json():
    out = StringIO()
    call_command("rules", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert [r["id"] for r in listed] == [r.id for r in rulebook.all_rules()]
    assert all(r["statute"] and r["article"] and r["enforced_in"] for r in listed)


def test_the_readable_list_is_chinese():
    out = StringIO()
    call_command("rules", stdout=out)
    assert "penalty.two_officers\t《中华人民共和国行政处罚法》第四十二条" in out.getvalue()
    assert "条规则" in out.getvalue()


def test_the_guide_page_is_the_rulebook():
    """docs/guide/rules.md is generated: `sanxiang rules --markdown > docs/guide/rules.md`."""
    out = StringIO()
    call_command("rules", "--markdown", stdout=out)
    assert (ROOT / "docs" / "guide" / "rules.md").read_text(encoding="utf-8") == out.getvalue()
