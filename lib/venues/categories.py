"""Venue categories of the directive, with the rules attached to each: default stay (for visits left open),
typical capacity, and whether the venue is temporary (a start and an end set by the organiser).
Labels live in the i18n catalogue under `cat.<code>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from lib.platform.errors import InvalidInputError
from lib.platform.i18n import t
from lib.platform.validation import match_key


@dataclass(frozen=True)
class Category:
    code: str
    default_stay_minutes: int
    typical_capacity: int
    temporary: bool = False


CATEGORIES: tuple[Category, ...] = (
    Category("office", 240, 80),
    Category("business", 60, 40),
    Category("entertainment", 120, 150),
    Category("factory", 480, 600),
    Category("restaurant", 60, 60),
    Category("karaoke", 150, 40),
    Category("massage_beauty", 60, 15),
    Category("gym", 75, 40),
    Category("meeting", 180, 100, temporary=True),
    Category("hospital", 120, 300),
    Category("school", 360, 800),
    Category("transport", 45, 200),
    Category("supermarket", 45, 300),
    Category("market", 60, 500),
    Category("essential_shop", 20, 20),
    Category("wedding_funeral", 180, 200, temporary=True),
    Category("tourism", 120, 300),
    Category("religious", 90, 200),
    Category("household", 60, 10),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}


def default_stay(code: str) -> int:
    """Minutes a visit is assumed to last when nobody checked out (capped at 24 h by the check-in rules)."""
    return BY_CODE[code].default_stay_minutes


# The words offices write in a "Loại hình" column, beside the catalogue's own labels (matched without
# diacritics, case or punctuation). A value that starts with one of them ("Trường THCS Nguyễn Du", "Chợ đêm")
# takes the longest word it starts with.
WORDS: dict[str, tuple[str, ...]] = {
    "office": ("Cơ quan", "Cơ quan nhà nước", "Đơn vị", "Văn phòng", "Trụ sở", "UBND", "Ủy ban", "Công an", "Ngân hàng"),
    "business": ("Doanh nghiệp", "Công ty", "Cơ sở kinh doanh", "Hộ kinh doanh", "Cửa hàng", "Kinh doanh", "Tiệm"),
    "entertainment": ("Giải trí", "Vui chơi", "Khu vui chơi", "Rạp chiếu phim", "Rạp phim", "Quán bar", "Vũ trường", "Internet"),
    "factory": ("Nhà máy", "Xí nghiệp", "Khu công nghiệp", "Cụm công nghiệp", "Cơ sở sản xuất", "Sản xuất", "Xưởng"),
    "restaurant": ("Nhà hàng", "Quán ăn", "Nhà hàng, quán ăn", "Quán cơm", "Quán cà phê", "Cà phê", "Cafe", "Quán nhậu", "Ăn uống"),
    "karaoke": ("Karaoke", "Quán karaoke"),
    "massage_beauty": ("Massage", "Spa", "Thẩm mỹ", "Thẩm mỹ viện", "Làm đẹp", "Tiệm tóc", "Cắt tóc", "Salon", "Làm móng"),
    "gym": ("Gym", "Phòng gym", "Phòng tập", "Thể hình", "Thể dục", "Yoga", "Thể thao"),
    "meeting": ("Hội nghị", "Hội thảo", "Hội họp", "Cuộc họp", "Tập huấn", "Đào tạo", "Sự kiện"),
    "hospital": ("Bệnh viện", "Phòng khám", "Trạm y tế", "Trung tâm y tế", "Y tế", "Cơ sở y tế"),
    "school": ("Trường học", "Trường", "Trường mầm non", "Mầm non", "Mẫu giáo", "Tiểu học", "THCS", "THPT", "Đại học", "Cao đẳng"),
    "transport": ("Bến xe", "Bến đò", "Bến phà", "Bến tàu", "Nhà ga", "Phòng chờ", "Giao thông công cộng", "Xe buýt"),
    "supermarket": ("Siêu thị", "Trung tâm thương mại", "TTTM", "Cửa hàng tiện lợi"),
    "market": ("Chợ", "Chợ đầu mối", "Chợ dân sinh", "Chợ truyền thống"),
    "essential_shop": ("Tạp hóa", "Tạp hoá", "Cửa hàng thiết yếu", "Nhà thuốc", "Hiệu thuốc", "Cây xăng", "Cửa hàng xăng dầu"),
    "wedding_funeral": ("Đám cưới", "Tiệc cưới", "Nhà hàng tiệc cưới", "Đám tang", "Tang lễ", "Đám giỗ"),
    "tourism": ("Du lịch", "Khu du lịch", "Điểm du lịch", "Tham quan", "Di tích", "Công viên", "Khu di tích"),
    "religious": ("Tôn giáo", "Khu tâm linh", "Tâm linh", "Chùa", "Nhà thờ", "Đình", "Miếu", "Thánh thất", "Tịnh xá", "Nhà nguyện"),
    "household": ("Hộ gia đình", "Gia đình", "Cá nhân", "Nhà riêng", "Nhà dân"),
}


def _words() -> dict[str, str]:
    """Match key -> category code, for the codes, both languages' labels and the everyday words."""
    out: dict[str, str] = {}
    for cat in CATEGORIES:
        for text in (cat.code, t(f"cat.{cat.code}", "vi"), t(f"cat.{cat.code}", "en"), *WORDS[cat.code]):
            out.setdefault(match_key(text), cat.code)
    return out


_WORDS = _words()


def find(text: str) -> str:
    """The category a person means by `text`; InvalidInputError (field 'category') with the nearest
    categories' labels when it is not clear."""
    key = match_key(text)
    if not key:
        raise InvalidInputError("val.category", field="category")
    words = _WORDS
    if key in words:
        return words[key]
    starts = [w for w in words if key.startswith(w) and len(w) >= 3]
    if starts:
        return words[max(starts, key=len)]
    close = process.extract(key, list(words), scorer=fuzz.WRatio, limit=10, score_cutoff=60)
    codes = list(dict.fromkeys(words[c[0]] for c in close))[:3]
    if close and close[0][1] >= 90 and len(codes) == 1:
        return codes[0]
    if not codes:
        raise InvalidInputError("imp.category_unknown", field="category", value=str(text)[:60])
    raise UnclearCategory(str(text)[:60], tuple(codes))


class UnclearCategory(InvalidInputError):
    """A category value close to some categories but not clearly one: the message lists them ("did you
    mean"), labelled in the reader's language; `codes` holds them for a page that offers a choice."""

    def __init__(self, value: str, codes: tuple[str, ...]) -> None:
        self.codes = codes
        super().__init__("imp.category_suggest", field="category", value=value, options=self._labels("en"))

    def _labels(self, lang: str) -> str:
        return ", ".join(f"“{t(f'cat.{c}', lang)}”" for c in self.codes)

    def message(self, lang: str = "vi") -> str:
        return t(self.key, lang, value=self.params["value"], options=self._labels(lang))
