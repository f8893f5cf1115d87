import factory

from accounts.models import Role, User
from units.models import Academy, Battalion, PartyCell

PASSWORD = "pw-test-123456"


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy
        django_get_or_create = ("code",)

    code = "HV"
    name = "Học viện Kỹ thuật Quân sự"


class BattalionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Battalion

    academy = factory.SubFactory(AcademyFactory)
    code = factory.Sequence(lambda n: f"TD{n + 1}")
    name = factory.LazyAttribute(lambda o: f"Tiểu đoàn {o.code[2:]}")
    committee_name = factory.LazyAttribute(lambda o: f"Đảng ủy {o.name}")


class PartyCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell

    battalion = factory.SubFactory(BattalionFactory)
    code = factory.Sequence(lambda n: f"C{n + 1}")
    name = factory.LazyAttribute(lambda o: f"Chi bộ {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Nguyễn Văn"
    first_name = factory.Sequence(lambda n: f"Người {n}")
    role = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role: Role | str = "", **kwargs) -> User:
    return UserFactory(role=role, **kwargs)
