"""The one write path of partners and their registration certificates (admin, import, demo and
merge call these), and the merge of two partners that are the same organization. A partner's
derived values — its folded name keys and search text — are filled by Partner.prepare_for_save."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from friendship_union.core.services import record_save
from friendship_union.reference.models import AdministrativeUnit, RegistrationSector

from .models import Partner, RegistrationCertificate


@transaction.atomic
def partner_save(*, partner: Partner, user=None, validated: bool = False) -> Partner:
    """Validate (unless `validated`) and save a partner, with its history. Raises ValidationError."""
    return record_save(partner, user=user, validated=validated)


@transaction.atomic
def certificate_save(
    *,
    certificate: RegistrationCertificate,
    provinces: Iterable[AdministrativeUnit] | None = None,
    sectors: Iterable[RegistrationSector] | None = None,
    user=None,
    validated: bool = False,
) -> RegistrationCertificate:
    """Save a registration certificate; set the provinces and sectors it permits when given (None
    leaves them). The permitted sectors are in the certificate's history. Raises ValidationError."""
    record_save(certificate, user=user, validated=validated)
    if provinces is not None:
        certificate.permitted_provinces.set(list(provinces))
    if sectors is not None:
        certificate.permitted_sectors.set(list(sectors))
    return certificate


# Fields copied from the removed partner when the kept one has them blank.
FILLABLE = [
    "name_vi",
    "acronym",
    "country",
    "iati_identifier",
    "website",
    "email",
    "phone",
    "address",
    "description_vi",
    "description_en",
    "logo",
    "relationship_since",
]


@transaction.atomic
def partner_merge(*, keep: Partner, remove: Partner, user) -> int:
    """Move every record pointing at `remove` to `keep`, fill `keep`'s blank fields from `remove`,
    delete `remove`. Returns how many related rows were moved. History notes the merge on both."""
    if keep.pk == remove.pk:
        raise ValueError("cannot merge a partner into itself")
    moved = 0
    for relation in Partner._meta.related_objects:
        if relation.related_model._meta.auto_created and not relation.many_to_many:
            continue
        if relation.one_to_many or relation.one_to_one:
            field = relation.field.name
            manager = relation.related_model._base_manager
            if relation.related_model.__name__.startswith("Historical"):
                continue
            rows = manager.filter(**{field: remove})
            for row in rows:
                setattr(row, field, keep)
                try:
                    with transaction.atomic():
                        record_save(row, user=user, validated=True)
                    moved += 1
                except IntegrityError:  # a unique constraint (e.g. the same provider role twice): drop the copy
                    row.delete()
        elif relation.many_to_many:
            through = relation.through if hasattr(relation, "through") else relation.field.remote_field.through
            if not through._meta.auto_created:
                continue  # explicit through models are moved as one-to-many above
            source = relation.field.m2m_reverse_field_name()
            for row in through.objects.filter(**{source: remove}):
                target = relation.field.m2m_field_name()
                if not through.objects.filter(**{source: keep, target: getattr(row, target)}).exists():
                    setattr(row, source, keep)
                    row.save()
                    moved += 1
    for name in FILLABLE:
        if not getattr(keep, name) and getattr(remove, name):
            setattr(keep, name, getattr(remove, name))
    record_save(keep, user=user, reason=f"Gộp đối tác {remove.code} ({remove.name}) vào đây", validated=True)
    remove._history_user = user
    remove._change_reason = f"Đã gộp vào {keep.code}"
    remove.delete()
    return moved
