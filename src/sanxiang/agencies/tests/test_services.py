import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxiang.agencies import services
from sanxiang.agencies.choices import (
    AgencyKind,
    CredentialIssuer,
    CredentialState,
    CredentialStatus,
)
from sanxiang.agencies.models import Credential, CredentialEvent, Officer
from sanxiang.agencies.tests.factories import (
    CredentialFactory,
    OfficerFactory,
    make_resident_id,
    make_uscc,
)

TODAY = dt.date.today()


def _issue(actor, officer, number="N-1", start=TODAY, end=TODAY + dt.timedelta(days=365)):
    return services.issue_credential(
        actor=actor, officer=officer, number=number, issuer=CredentialIssuer.MUNICIPAL,
        issuing_authority="天津市人民政府", valid_from=start, valid_to=end,
    )  # fmt: skip


def test_an_agency_with_a_bad_uscc_checksum_is_refused_in_chinese(superuser):
    good = make_uscc(77)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        services.create_agency(
            actor=superuser, code="x", name="某机关", kind=AgencyKind.STATUTORY, uscc=bad
        )
    assert "校验位" in str(info.value.messages)


def test_an_entrusted_organisation_needs_its_entrusting_body(superuser):
    with pytest.raises(ValidationError) as info:
        services.create_agency(
            actor=superuser, code="x", name="某受委托组织", kind=AgencyKind.ENTRUSTED,
            uscc=make_uscc(78),
        )  # fmt: skip
    assert "委托机关" in str(info.value)


def test_only_a_superuser_creates_agencies(agency_admin):
    with pytest.raises(PermissionDenied):
        services.create_agency(
            actor=agency_admin, code="x", name="某机关", kind=AgencyKind.STATUTORY,
            uscc=make_uscc(79),
        )  # fmt: skip


def test_an_officer_with_a_malformed_id_number_is_refused(agency_admin, wanxin):
    with pytest.raises(ValidationError) as info:
        services.register_officer(
            actor=agency_admin, agency=wanxin, name="张三", id_number="12011019850615123"
        )
    assert "18位身份证号码" in str(info.value)
    assert not Officer.objects.filter(name="张三").exists()


def test_an_officer_cannot_be_registered_in_two_agencies(agency_admin, wanxin, jinqiao):
    OfficerFactory(agency=jinqiao, id_number=make_resident_id(501))
    with pytest.raises(ValidationError) as info:
        services.register_officer(
            actor=agency_admin, agency=wanxin, name="李四", id_number=make_resident_id(501)
        )
    assert jinqiao.name in str(info.value)


def test_an_agency_admin_cannot_register_officers_in_another_agency(agency_admin, jinqiao):
    with pytest.raises(PermissionDenied):
        services.register_officer(
            actor=agency_admin, agency=jinqiao, name="王五", id_number=make_resident_id(502)
        )


def test_overlapping_credential_periods_are_refused_and_nothing_is_written(agency_admin, wanxin):
    officer = OfficerFactory(agency=wanxin)
    _issue(agency_admin, officer, "N-1", TODAY, TODAY + dt.timedelta(days=365))
    with pytest.raises(ValidationError) as info:
        _issue(
            agency_admin,
            officer,
            "N-2",
            TODAY + dt.timedelta(days=100),
            TODAY + dt.timedelta(days=800),
        )
    assert "N-1" in str(info.value)
    assert not Credential.objects.filter(number="N-2").exists()


def test_a_revoked_credential_does_not_block_a_new_one(agency_admin, wanxin):
    officer = OfficerFactory(agency=wanxin)
    old = _issue(agency_admin, officer, "N-1")
    services.change_credential_status(
        actor=agency_admin, credential=old, status=CredentialStatus.REVOKED, reason="遗失补办"
    )
    new = _issue(agency_admin, officer, "N-2")
    assert officer.current_credential() == new


def test_credential_status_changes_keep_a_history_with_reasons(agency_admin, wanxin):
    credential = CredentialFactory(officer=OfficerFactory(agency=wanxin))
    services.change_credential_status(
        actor=agency_admin,
        credential=credential,
        status=CredentialStatus.SUSPENDED,
        reason="涉嫌违纪",
    )
    services.change_credential_status(
        actor=agency_admin, credential=credential, status=CredentialStatus.VALID, reason="调查结束"
    )
    kinds = list(
        CredentialEvent.objects.filter(credential=credential).values_list("kind", "reason")
    )
    assert kinds == [("suspended", "涉嫌违纪"), ("restored", "调查结束")]


def test_a_status_change_needs_a_reason(agency_admin, wanxin):
    credential = CredentialFactory(officer=OfficerFactory(agency=wanxin))
    with pytest.raises(ValidationError):
        services.change_credential_status(
            actor=agency_admin, credential=credential, status=CredentialStatus.REVOKED, reason=" "
        )
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.VALID


def test_a_revoked_credential_cannot_be_restored(agency_admin, wanxin):
    credential = CredentialFactory(
        officer=OfficerFactory(agency=wanxin), status=CredentialStatus.REVOKED
    )
    with pytest.raises(ValidationError) as info:
        services.change_credential_status(
            actor=agency_admin,
            credential=credential,
            status=CredentialStatus.VALID,
            reason="误操作",
        )
    assert "已注销" in str(info.value)


@pytest.mark.parametrize(
    ("status", "offset", "state"),
    [
        (CredentialStatus.VALID, 0, CredentialState.VALID),
        (CredentialStatus.VALID, 400, CredentialState.EXPIRED),
        (CredentialStatus.VALID, -400, CredentialState.NOT_YET_VALID),
        (CredentialStatus.SUSPENDED, 0, CredentialState.SUSPENDED),
        (CredentialStatus.REVOKED, 0, CredentialState.REVOKED),
    ],
)
def test_a_credentials_state_on_a_day_follows_status_and_dates(db, status, offset, state):
    credential = CredentialFactory.build(
        status=status, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31)
    )
    assert credential.state_on(dt.date(2026, 6, 1) + dt.timedelta(days=offset)) == state


def test_a_staff_user_with_a_weak_password_is_refused(agency_admin, wanxin):
    from sanxiang.core.roles import Role

    with pytest.raises(ValidationError):
        services.create_staff_user(
            actor=agency_admin, agency=wanxin, username="weak", password="12345678",
            full_name="弱口令", roles=[Role.OFFICER],
        )  # fmt: skip
