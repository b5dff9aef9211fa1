"""Fuzzing the ID-number and USCC validators: valid numbers pass, any mutation fails, and
nothing but a ValidationError ever comes out."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from fuzzing import FUZZ, USCC_ALPHABET, resident_ids, usccs
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.core.identifiers import normalise_resident_id, normalise_uscc

TODAY = dt.date(2026, 11, 27)


@FUZZ
@given(resident_ids(), st.sampled_from(["", " "]), st.booleans())
def test_every_valid_id_number_is_accepted_as_written(number, pad, lower):
    written = pad + (number.lower() if lower else number) + pad
    assert normalise_resident_id(written, today=TODAY) == number


@FUZZ
@given(resident_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_an_id_number_with_any_one_character_changed_is_rejected(number, position, new):
    if number[position] == new or (position < 17 and new == "X"):
        new = "0" if number[position] != "0" else "1"
    mutated = number[:position] + new + number[position + 1 :]
    try:
        normalise_resident_id(mutated, today=TODAY)
    except ValidationError as error:
        assert error.code in {"ric_checksum", "ric_birth_date", "ric_format"}
    else:
        raise AssertionError(f"{mutated} (from {number}) was accepted")


@FUZZ
@given(resident_ids(), st.integers(0, 15))
def test_an_id_number_with_two_neighbours_swapped_is_rejected(number, position):
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    try:
        normalise_resident_id(swapped, today=TODAY)
    except ValidationError:
        return
    raise AssertionError(f"{swapped} (from {number}) was accepted")


@FUZZ
@given(st.text(max_size=40))
def test_any_text_as_id_number_gives_a_result_or_a_validation_error(text):
    try:
        result = normalise_resident_id(text, today=TODAY)
    except ValidationError as error:
        assert str(error.messages[0])  # a message the user can read
    else:
        assert result.isascii() and len(result) == 18


@FUZZ
@given(resident_ids())
def test_an_id_number_typed_in_full_width_digits_is_normalised_to_ascii(number):
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    assert normalise_resident_id(full_width, today=TODAY) == number


@FUZZ
@given(st.text(st.characters(categories=["Nd"]), min_size=18, max_size=18))
def test_digits_of_other_scripts_are_not_accepted_as_an_id_number(text):
    try:
        result = normalise_resident_id(text, today=TODAY)
    except ValidationError:
        return
    assert result.isascii()


@FUZZ
@given(usccs(), st.booleans())
def test_every_valid_credit_code_is_accepted(code, lower):
    assert normalise_uscc(f" {code.lower() if lower else code} ") == code


@FUZZ
@given(usccs(), st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "IOSVZ-"))
def test_a_credit_code_with_any_one_character_changed_is_rejected(code, position, new):
    if code[position] == new:
        return
    mutated = code[:position] + new + code[position + 1 :]
    try:
        normalise_uscc(mutated)
    except ValidationError as error:
        assert error.code in {"uscc_checksum", "uscc_format", "uscc_length"}
    else:
        raise AssertionError(f"{mutated} (from {code}) was accepted")


@FUZZ
@given(st.text(max_size=40))
def test_any_text_as_credit_code_gives_a_result_or_a_validation_error(text):
    try:
        result = normalise_uscc(text)
    except ValidationError as error:
        assert str(error.messages[0])
    else:
        assert len(result) == 18 and result.isascii()


@FUZZ
@given(usccs())
def test_a_credit_code_typed_in_full_width_characters_is_normalised_to_ascii(code):
    full_width = code.translate({ord(c): ord(c) + 0xFEE0 for c in USCC_ALPHABET})
    assert normalise_uscc(full_width) == code
