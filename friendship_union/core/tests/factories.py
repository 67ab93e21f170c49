"""Small factories for tests across apps."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from friendship_union.core.models import SiteIdentity
from friendship_union.core.roles import ROLE_GROUPS

PASSWORD = "Mật-khẩu-thử-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role="leadership")` puts the user in that role's group."""
        if extracted:
            # get_or_create: a transactional test before this one may have flushed the groups.
            self.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[extracted])[0])
        self.save()


def make_identity(**overrides) -> SiteIdentity:
    values = {
        "name": "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau",
        "name_en": "Ca Mau Union of Friendship Organizations",
        "short_name": "LHHN Cà Mau",
        "province": "Cà Mau",
        "email": "lienhe@huunghi-camau.example",
    }
    values.update(overrides)
    identity = SiteIdentity(**values)
    identity.save()
    return identity
