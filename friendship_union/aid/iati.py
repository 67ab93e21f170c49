"""IATI 2.03 export: the published aid items as an activities file, and the Union as an
organisation file. The reporting organisation is the site identity.

Rules the XSD does not check, applied here: recipient country on the activity (Việt Nam, 100%),
not on transactions; sector percentages summing to 100 within one vocabulary (an item whose
sectors mix 5-digit codes and 3-digit categories is reported by category).
"""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from lxml import etree

from friendship_union.core.models import SiteIdentity
from friendship_union.partners.models import Partner
from friendship_union.reference.models import Sector

from .models import AidItem, AidStatus, ProviderRole

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = "2.03"
# The Union is a state-funded socio-political organisation: IATI "Other Public Sector".
UNION_ORGANISATION_TYPE = "15"
DATE_TYPES = [("planned_start", "1"), ("actual_start", "2"), ("planned_end", "3"), ("actual_end", "4")]


def _narrative(parent, text: str, lang: str | None = None):
    element = etree.SubElement(parent, "narrative")
    if lang:
        element.set(XML_LANG, lang)
    element.text = text
    return element


def _reporting_org(parent, identity: SiteIdentity):
    org = etree.SubElement(
        parent, "reporting-org", ref=identity.iati_org_identifier or "", type=UNION_ORGANISATION_TYPE
    )
    _narrative(org, identity.name)
    if identity.name_en:
        _narrative(org, identity.name_en, "en")
    return org


def _decimal(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def export_sectors(item: AidItem) -> list[tuple[str, str, Decimal]]:
    """(vocabulary, code, percentage) with percentages summing to 100 in one vocabulary."""
    rows = [(s.sector.vocabulary, s.sector.code, s.sector.category_id, s.percentage) for s in item.sectors.all()]
    if not rows:
        return []
    if len({vocabulary for vocabulary, *_rest in rows}) == 1:
        return [(vocabulary, code, percentage) for vocabulary, code, _category, percentage in rows]
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    for vocabulary, code, category, percentage in rows:
        by_category[code if vocabulary == Sector.Vocabulary.DAC3 else category] += percentage
    return [(Sector.Vocabulary.DAC3, code, percentage) for code, percentage in by_category.items()]


def activities_queryset():
    return (
        AidItem.objects.public()
        .select_related("currency")
        .prefetch_related("providers__partner", "sectors__sector", "locations", "disbursements")
        .order_by("code")
    )


def build_activities(items=None, identity: SiteIdentity | None = None) -> bytes:
    identity = identity or SiteIdentity.current()
    items = activities_queryset() if items is None else items
    root = etree.Element(
        "iati-activities",
        version=VERSION,
        **{"generated-datetime": timezone.now().replace(microsecond=0).isoformat()},
    )
    prefix = identity.iati_org_identifier or "VN-UNION"
    for item in items:
        activity = etree.SubElement(
            root,
            "iati-activity",
            **{XML_LANG: "vi", "last-updated-datetime": item.updated_at.replace(microsecond=0).isoformat()},
        )
        if item.currency_id:
            activity.set("default-currency", item.currency_id)
        etree.SubElement(activity, "iati-identifier").text = f"{prefix}-{item.code}"
        _reporting_org(activity, identity)
        title = etree.SubElement(activity, "title")
        _narrative(title, item.title)
        if item.title_en:
            _narrative(title, item.title_en, "en")
        if item.description or item.objectives:
            if item.description:
                _narrative(etree.SubElement(activity, "description", type="1"), item.description)
            if item.objectives:
                _narrative(etree.SubElement(activity, "description", type="2"), item.objectives)
        for provider in item.providers.all():
            partner: Partner = provider.partner
            attrs = {"role": provider.role, "type": partner.iati_organisation_type}
            if partner.iati_ref:
                attrs["ref"] = partner.iati_ref
            _narrative(etree.SubElement(activity, "participating-org", **attrs), partner.name)
        if item.aid_owner:
            _narrative(
                etree.SubElement(activity, "participating-org", role=ProviderRole.IMPLEMENTING),
                item.aid_owner,
            )
        etree.SubElement(activity, "activity-status", code=item.status or AidStatus.PIPELINE)
        for field, code in DATE_TYPES:
            value = getattr(item, field)
            if value:
                etree.SubElement(activity, "activity-date", type=code, **{"iso-date": value.isoformat()})
        etree.SubElement(activity, "recipient-country", code="VN", percentage="100")
        for location in item.locations.all():
            element = etree.SubElement(activity, "location")
            _narrative(etree.SubElement(element, "name"), location.place_text or location.site or "")
            if location.latitude is not None and location.longitude is not None:
                point = etree.SubElement(element, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
                etree.SubElement(point, "pos").text = f"{location.latitude} {location.longitude}"
        for vocabulary, code, percentage in export_sectors(item):
            etree.SubElement(activity, "sector", vocabulary=vocabulary, code=code, percentage=f"{percentage:f}")
        if item.committed_amount is not None and item.commitment_date:
            transaction = etree.SubElement(activity, "transaction")
            etree.SubElement(transaction, "transaction-type", code="2")  # outgoing commitment
            etree.SubElement(transaction, "transaction-date", **{"iso-date": item.commitment_date.isoformat()})
            value = etree.SubElement(
                transaction,
                "value",
                currency=item.currency_id,
                **{"value-date": item.commitment_date.isoformat()},
            )
            value.text = _decimal(item.committed_amount)
        for disbursement in item.disbursements.all():
            transaction = etree.SubElement(activity, "transaction")
            etree.SubElement(transaction, "transaction-type", code="3")  # disbursement
            etree.SubElement(transaction, "transaction-date", **{"iso-date": disbursement.date.isoformat()})
            value = etree.SubElement(
                transaction,
                "value",
                currency=disbursement.currency_id,
                **{"value-date": disbursement.date.isoformat()},
            )
            value.text = _decimal(disbursement.amount)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def build_organisation(identity: SiteIdentity | None = None) -> bytes:
    identity = identity or SiteIdentity.current()
    root = etree.Element(
        "iati-organisations",
        version=VERSION,
        **{"generated-datetime": timezone.now().replace(microsecond=0).isoformat()},
    )
    organisation = etree.SubElement(
        root,
        "iati-organisation",
        **{
            XML_LANG: "vi",
            "last-updated-datetime": (identity.updated_at or timezone.now()).replace(microsecond=0).isoformat(),
        },
    )
    etree.SubElement(organisation, "organisation-identifier").text = identity.iati_org_identifier or "VN-UNION"
    name = etree.SubElement(organisation, "name")
    _narrative(name, identity.name)
    if identity.name_en:
        _narrative(name, identity.name_en, "en")
    _reporting_org(organisation, identity)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
