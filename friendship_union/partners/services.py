"""Writes on partners that touch other records."""

from django.db import IntegrityError, transaction

from .models import Partner

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
                        row.save()
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
    keep._change_reason = f"Gộp đối tác {remove.code} ({remove.name}) vào đây"
    keep._history_user = user
    keep.save()
    remove._history_user = user
    remove._change_reason = f"Đã gộp vào {keep.code}"
    remove.delete()
    return moved
