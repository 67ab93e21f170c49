import datetime

from friendship_union.partners.models import CertificateType, Partner, PartnerType, RegistrationCertificate


def make_partner(code="TEST-01", name="Test Children Fund", **extra) -> Partner:
    values = {"code": code, "name": name, "partner_type": PartnerType.INGO, "country_id": "AU"}
    values.update(extra)
    partner = Partner(**values)
    partner.save()
    return partner


def make_certificate(partner, number="123/BNG", issue=datetime.date(2023, 1, 1), expiry=None, **extra):
    cert = RegistrationCertificate(
        partner=partner,
        certificate_type=extra.pop("certificate_type", CertificateType.OPERATION),
        number=number,
        issue_date=issue,
        expiry_date=expiry or issue.replace(year=issue.year + 3),
        **extra,
    )
    cert.full_clean()
    cert.save()
    return cert
