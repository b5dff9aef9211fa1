import pytest
from django.http import Http404

from sanxiang.agencies import selectors
from sanxiang.agencies.tests.factories import OfficerFactory


def test_an_officer_sees_only_their_own_agency(officer, other_officer, wanxin, jinqiao):
    assert list(selectors.agencies_visible_to(user=officer)) == [wanxin]
    names = set(selectors.officers_visible_to(user=officer).values_list("agency__code", flat=True))
    assert names == {"wanxin"}


def test_an_officer_of_another_agency_cannot_reach_wanxin_people(officer, other_officer):
    wanxin_officer = officer.officer
    with pytest.raises(Http404):
        selectors.get_officer_for_user(user=other_officer, officer_id=wanxin_officer.pk)


def test_a_supervisor_sees_the_agencies_under_supervision(supervisor, wanxin, jinqiao, sifaju):
    assert set(selectors.agencies_visible_to(user=supervisor)) == {sifaju, wanxin, jinqiao}


def test_a_supervisor_does_not_see_unsupervised_agencies(supervisor):
    stranger = OfficerFactory()
    with pytest.raises(Http404):
        selectors.get_officer_for_user(user=supervisor, officer_id=stranger.pk)


def test_anonymous_sees_nothing(db, officer):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.agencies_visible_to(user=AnonymousUser()).exists()
