"""Passwords Vietnamese staff choose are judged by a guesser's dictionary, not only by length."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from friendship_union.core.models import SiteIdentity

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def refused(password, user=None) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "password",
    [
        "Matkhau123",
        "Huunghi@123",
        "caMau2026!",
        "Mật khẩu 2025",  # folded: "mat khau 2025"
        "Lienhiep2025",
        "bientap1234",  # a role's name
        "HaNoi@19451945",
        "Saigon1975!!",
    ],
)
def test_weak_vietnamese_passwords_are_refused_with_a_reason(password):
    message = refused(password)
    assert "dễ bị đoán" in message
    assert "cụm bốn từ" in message


def test_the_site_identity_and_the_users_own_names_count_as_guessable(settings):
    SiteIdentity.objects.update_or_create(
        pk=1, defaults={"name": "Liên hiệp các tổ chức hữu nghị tỉnh Bến Tre Mới", "province": "Tỉnh Bến Tre Mới"}
    )
    assert "“bentremoi”" in refused("BenTreMoi#2026")
    user = UserFactory(username="thuhuong", first_name="Thu Hương", last_name="Trần")
    assert "dễ bị đoán" in refused("Tranthuhuong@88", user)


def test_passwords_from_public_breaches_are_refused_offline():
    # In zxcvbn's breached-password list (Xato), not in Django's 20.000 common passwords.
    assert "“translator”" in refused("translator")


@pytest.mark.parametrize("password", ["Đông-Thới-Cái-Nước-2026", "sông-mây-bếp-lửa-xanh", "Hoa sen nở giữa đầm"])
def test_long_unrelated_phrases_pass(password):
    validate_password(password)


def test_the_rule_is_explained_before_it_refuses():
    assert any("matkhau" in text for text in password_validators_help_texts())


def test_an_administrator_setting_a_weak_password_sees_why_and_nothing_changes(client):
    admin = UserFactory(username="quantri_mk", is_staff=True, is_superuser=True)
    colleague = UserFactory(username="nhaplieu_mk", is_staff=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/auth/user/{colleague.pk}/password/",
        {"password1": "Huunghi@2026", "password2": "Huunghi@2026", "usable_password": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "dễ bị đoán" in html and "huunghi" in html
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)
