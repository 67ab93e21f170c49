"""A password validator for Vietnamese staff, on top of Django's four.

Passwords staff actually choose — "Matkhau123", "Huunghi@123", "caMau2026!" — pass Django's validators:
they are long enough, not numeric, and not in its English-language list. This validator estimates how
many guesses a password needs with zxcvbn (Dropbox's estimator: dictionaries, years and dates,
keyboard patterns, l33t, repeats), fed with the words a guesser would try first here: "matkhau",
"huunghi", the role names, the 34 provinces, the site identity's name and province, and the user's own
names. zxcvbn's dictionaries include 30.000 passwords from public breaches (the Xato list), shipped
inside the package — no network at run time; Django's CommonPasswordValidator adds its 20.000.
The password is folded first (no diacritics, đ → d): "Mật khẩu" is "mat khau".
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

from .models import SiteIdentity
from .text import fold

# Folded, without spaces: what Vietnamese staff type for a password.
VIETNAMESE_WORDS = (
    "matkhau", "matma", "bimat", "taikhoan", "dangnhap", "xinchao", "anhyeuem", "emyeuanh", "yeuem",
    "huunghi", "lienhiep", "lienhiephuunghi", "tochuchuunghi", "hoihuunghi", "doingoai", "nhandan",
    "vietnam", "tinh", "thanhpho", "uyban", "ubnd",
    "quantri", "admin", "bientap", "nhaplieu", "lanhdao", "kiemduyet", "canbo", "chutich", "vanphong",
    # the 34 provinces and cities after the 2025 reform
    "hanoi", "hue", "laichau", "dienbien", "sonla", "langson", "quangninh", "thanhhoa", "nghean",
    "hatinh", "caobang", "tuyenquang", "laocai", "thainguyen", "phutho", "bacninh", "hungyen",
    "haiphong", "ninhbinh", "quangtri", "danang", "quangngai", "gialai", "khanhhoa", "lamdong",
    "daklak", "daklac", "hochiminh", "saigon", "dongnai", "tayninh", "cantho", "vinhlong", "dongthap",
    "camau", "angiang",
)  # fmt: skip
# At least 10^10 guesses: out of reach of an online guesser, and costly offline against Django's hashes.
# (zxcvbn's score 3 is 10^8: "Saigon1975!!" and "HaNoi@19451945" would pass.)
MIN_GUESSES_LOG10 = 10
_SEPARATORS = re.compile(r"[\s\-_.·,]+")
_ADMINISTRATIVE = re.compile(r"^.*\b(?:tinh|thanh pho|tp)\s+")


def _words(*texts: str) -> list[str]:
    """Each text folded, as single words of 3+ letters and as one run without spaces — also the run after
    "tỉnh"/"thành phố": "Liên hiệp … tỉnh Bến Tre Mới" gives "bentremoi"."""
    words = []
    for text in texts:
        folded = fold(text)
        if not folded:
            continue
        words.append(folded.replace(" ", ""))
        place = _ADMINISTRATIVE.sub("", folded)
        if place != folded:
            words.append(place.replace(" ", ""))
        words.extend(word for word in folded.split() if len(word) >= 3)
    return words


class VietnamesePasswordValidator:
    def __init__(self, min_guesses_log10: float = MIN_GUESSES_LOG10):
        self.min_guesses_log10 = min_guesses_log10

    def site_words(self) -> list[str]:
        identity = SiteIdentity.current()
        return _words(identity.name, identity.name_en, identity.short_name, identity.province)

    def validate(self, password: str, user=None) -> None:
        personal = []
        if user is not None:
            personal = _words(
                *(str(getattr(user, field, "") or "") for field in ("username", "first_name", "last_name"))
            )
            personal += _words(str(getattr(user, "email", "") or "").split("@")[0])
        inputs = [*VIETNAMESE_WORDS, *self.site_words(), *personal]
        # Folded and without separators: "Mật khẩu 2025" is tried as "matkhau2025".
        result = zxcvbn(_SEPARATORS.sub("", fold(password))[:100], user_inputs=inputs)
        if result["guesses_log10"] >= self.min_guesses_log10:
            return
        found = [
            match["matched_word"]
            for match in result["sequence"]
            if match.get("pattern") == "dictionary" and match.get("dictionary_name") in ("user_inputs", "passwords")
        ]
        if found:
            raise ValidationError(
                _(
                    "Mật khẩu này dễ bị đoán: nó dựa trên “%(word)s”, một từ kẻ gian thử đầu tiên (từ thông dụng, "
                    "tên đơn vị, tên tỉnh, tên người dùng hoặc mật khẩu đã bị lộ), thêm số hoặc năm không làm nó "
                    "an toàn hơn. Hãy dùng một cụm bốn từ không liên quan đến nhau, ví dụ “sông-mây-bếp-lửa-xanh”."
                ),
                params={"word": found[0]},
                code="password_guessable",
            )
        raise ValidationError(
            _(
                "Mật khẩu này dễ bị đoán (dãy phím, ngày tháng, lặp lại hoặc quá ngắn). Hãy dùng một cụm bốn từ "
                "không liên quan đến nhau, ví dụ “sông-mây-bếp-lửa-xanh”."
            ),
            code="password_guessable",
        )

    def get_help_text(self) -> str:
        return _(
            "Mật khẩu không được dựa trên từ dễ đoán như “matkhau”, “huunghi”, tên đơn vị, tên tỉnh, tên người "
            "dùng hay năm sinh; một cụm bốn từ không liên quan là dễ nhớ và an toàn."
        )
