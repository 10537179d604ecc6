"""Word lists and rhythms of the demo city: Vietnamese names, Sa Đéc streets, venue name prefixes, and each
category's opening pattern (first hour, span, second peak, weekend factor)."""

from __future__ import annotations

RHYTHMS = {
    "office": (14, 7.5, 9.5, None, 0.15), "business": (12, 8.0, 11.0, None, 0.9),
    "entertainment": (3, 15.0, 7.0, None, 1.6), "factory": (3, 6.0, 3.0, 13.0, 0.5),
    "restaurant": (12, 10.5, 3.0, 17.0, 1.3), "karaoke": (4, 18.5, 5.0, None, 1.7),
    "massage_beauty": (4, 9.0, 11.0, None, 1.3), "gym": (3, 5.0, 3.0, 17.0, 1.1),
    "meeting": (3, 7.5, 9.0, None, 0.3), "hospital": (2, 6.5, 10.0, None, 0.6),
    "school": (5, 6.5, 10.0, None, 0.05), "transport": (2, 4.5, 15.0, None, 1.2),
    "supermarket": (3, 8.0, 13.0, None, 1.4), "market": (5, 4.0, 5.0, None, 1.2),
    "essential_shop": (12, 6.0, 15.0, None, 1.0), "wedding_funeral": (2, 9.0, 10.0, None, 1.5),
    "tourism": (2, 7.0, 10.0, None, 1.8), "religious": (2, 4.5, 4.0, 17.0, 1.6), "household": (3, 7.0, 13.0, None, 1.0),
}
PREFIX = {
    "office": "UBND / Cơ quan", "business": "Cửa hàng", "entertainment": "Khu vui chơi", "factory": "Công ty",
    "restaurant": "Quán ăn", "karaoke": "Karaoke", "massage_beauty": "Thẩm mỹ viện", "gym": "Phòng tập",
    "meeting": "Hội nghị", "hospital": "Phòng khám", "school": "Trường", "transport": "Bến",
    "supermarket": "Siêu thị", "market": "Chợ", "essential_shop": "Tạp hoá", "wedding_funeral": "Tiệc cưới",
    "tourism": "Làng hoa", "religious": "Chùa", "household": "Hộ gia đình",
}
PLACE_NAMES = ["Sa Đéc", "Phú Quý", "Hoa Hồng", "Minh Châu", "Thanh Bình", "Tân Phát", "Hồng Phúc", "Sen Vàng",
                "Bảo An", "Ngọc Lan", "Kim Long", "Tân Quy", "Hưng Thịnh", "Mỹ Phước", "Phước Lộc", "Tân Khánh",
                "Hoà Bình", "Thành Công", "Cẩm Tú", "Nguyệt Quế"]
STREETS = ["Nguyễn Huệ", "Hùng Vương", "Trần Hưng Đạo", "Lý Thường Kiệt", "Nguyễn Sinh Sắc", "Phạm Hữu Lầu",
            "Lê Lợi", "Hai Bà Trưng", "Nguyễn Tất Thành", "Trần Phú", "Võ Thị Sáu", "Đống Đa", "Lê Thánh Tôn",
            "Nguyễn Trãi", "Quốc lộ 80", "ĐT 848", "Nguyễn Văn Phối", "Trần Thị Nhượng"]
FAMILY = ["NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HUỲNH", "HOÀNG", "VÕ", "PHAN", "TRƯƠNG", "BÙI", "ĐẶNG", "ĐỖ",
           "NGÔ", "HỒ", "DƯƠNG", "LÂM", "NGUYỄN", "NGUYỄN", "TRẦN", "LÊ"]
MIDDLE_M = ["VĂN", "HỮU", "MINH", "THANH", "HOÀNG", "QUỐC", "ĐỨC", "CÔNG"]
MIDDLE_F = ["THỊ", "NGỌC", "THANH", "KIM", "MỸ", "HỒNG", "THỊ", "THUỲ"]
GIVEN_M = ["AN", "BÌNH", "DŨNG", "HẢI", "HIẾU", "HÙNG", "KHÁNH", "LONG", "MINH", "NAM", "PHÚC", "QUÂN", "TÂM",
            "TUẤN", "THỊNH", "VINH", "TRÍ", "SƠN", "PHONG", "LỘC"]
GIVEN_F = ["CHÂU", "HÀ", "HẠNH", "HƯƠNG", "LAN", "LINH", "MAI", "NHI", "PHƯƠNG", "THẢO", "TRANG", "VY", "YẾN",
            "NGÂN", "TUYẾT", "DUNG", "HIỀN", "NHUNG", "QUYÊN", "XUÂN"]
PHONE_PREFIXES = ["090", "091", "093", "094", "097", "098", "086", "070", "077", "079", "081", "083", "085",
                   "032", "033", "035", "036", "038", "039", "056"]


def sql_list(values: list[str]) -> str:
    """A SQL list literal of fixed, trusted strings (the module's own word lists, never user input)."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"

