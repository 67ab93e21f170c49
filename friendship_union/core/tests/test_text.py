import unicodedata

import pytest

from friendship_union.core.text import clean_text, fold, nfc, slugify, strip_diacritics


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đất Mũi", "dat-mui"),
        ("Đà Nẵng", "da-nang"),
        ("Cà Mau với bầu bạn nước ngoài", "ca-mau-voi-bau-ban-nuoc-ngoai"),
        ("Xã Đông Thới, huyện Cái Nước", "xa-dong-thoi-huyen-cai-nuoc"),
        ("Hội hữu nghị Việt Nam – Nhật Bản", "hoi-huu-nghi-viet-nam-nhat-ban"),
        ("Trường Tiểu học Đông Thới 1", "truong-tieu-hoc-dong-thoi-1"),
    ],
)
def test_slugify_keeps_d_and_drops_marks(text, slug):
    assert slugify(text) == slug
    assert slugify(nfd(text)) == slug  # pasted decomposed text gives the same slug


def test_nfc_recomposes_decomposed_vietnamese():
    composed = "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau"
    decomposed = nfd(composed)
    assert decomposed != composed  # the test input really is NFD
    assert nfc(decomposed) == composed
    assert nfc(None) == ""


def test_clean_text_collapses_spaces_and_no_break_spaces():
    assert clean_text("  Loreto\u00a0Kids   Charity\t\n") == "Loreto Kids Charity"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Cà Mau", "ca mau"),
        ("ĐÔNG THỚI", "dong thoi"),
        ("  Xã   Đất Mũi ", "xa dat mui"),
        ("Nhật Bản", "nhat ban"),
        ("Thụy Sĩ", "thuy si"),
        ("Hàn Quốc", "han quoc"),
    ],
)
def test_fold_for_search(text, folded):
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def test_strip_diacritics_keeps_case():
    assert strip_diacritics("Đất Mũi") == "Dat Mui"
    assert strip_diacritics(nfd("Ủy ban nhân dân")) == "Uy ban nhan dan"
