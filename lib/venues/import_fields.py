"""The venue fields of an import and the headings offices write for each ("Tên cơ sở", "Loại hình", "Phường/Xã"...),
the old template's snake_case among them; lib.venues.importer reads files with them. The first heading of each
field is the template's."""

from __future__ import annotations

from lib.platform.table_reading import Field

FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "venue.name",
        (
            "Tên cơ sở",
            "Tên địa điểm",
            "Tên đơn vị",
            "Tên cơ sở kinh doanh",
            "Tên cửa hàng",
            "Tên doanh nghiệp",
            "Tên cơ quan",
            "Tên",
            "Cơ sở",
            "Địa điểm",
            "ten_dia_diem",
            "Venue name",
            "Name",
        ),
        required=True,
    ),
    Field(
        "category",
        "venue.category",
        (
            "Loại hình",
            "Loại hình cơ sở",
            "Loại hình kinh doanh",
            "Loại",
            "Loại địa điểm",
            "Lĩnh vực",
            "Ngành nghề",
            "loai_hinh",
            "Category",
        ),
        required=True,
    ),
    Field("province", "imp.f_province", ("Tỉnh/TP", "Tỉnh", "Tỉnh/Thành phố", "Tỉnh thành", "Tỉnh/Thành", "tinh", "Province")),
    Field(
        "district",
        "imp.f_district",
        ("Quận/Huyện", "Quận", "Huyện", "Quận/Huyện/Thị xã", "Huyện/Thị xã/Thành phố", "quan_huyen", "District"),
    ),
    Field("ward", "imp.f_ward", ("Phường/Xã", "Phường", "Xã", "Phường/Xã/Thị trấn", "Xã/Phường", "phuong_xa", "Ward"), required=True),
    Field(
        "address",
        "venue.address",
        ("Địa chỉ", "Số nhà, đường", "Số nhà, tên đường", "Địa chỉ cụ thể", "Số nhà", "Đường", "dia_chi", "Address"),
        required=True,
    ),
    Field(
        "registrant_name",
        "venue.registrant_name",
        (
            "Người đăng ký",
            "Họ tên người đăng ký",
            "Người đại diện",
            "Chủ cơ sở",
            "Người liên hệ",
            "Họ và tên",
            "Họ tên",
            "Người phụ trách",
            "nguoi_dang_ky",
            "Registrant",
        ),
        required=True,
    ),
    Field(
        "registrant_phone",
        "venue.registrant_phone",
        ("Số điện thoại", "Điện thoại", "SĐT", "Số ĐT", "ĐT", "Điện thoại liên hệ", "Di động", "SĐT liên hệ", "dien_thoai", "Phone"),
        required=True,
    ),
    Field(
        "staff_phones", "venue.staff_phones", ("Điện thoại nhân viên", "SĐT nhân viên", "Số điện thoại nhân viên", "dien_thoai_nhan_vien")
    ),
    Field("capacity", "venue.capacity", ("Sức chứa", "Sức chứa (người)", "Quy mô", "Số người tối đa", "suc_chua", "Capacity")),
    Field("default_stay_minutes", "venue.stay", ("Thời gian lưu (phút)", "Thời gian lưu lại", "Thời gian lưu", "thoi_gian_luu_phut")),
    Field("opening_hours", "venue.hours", ("Giờ mở cửa", "Giờ hoạt động", "Thời gian hoạt động", "gio_mo_cua", "Opening hours")),
    Field("starts_at", "venue.starts", ("Bắt đầu", "Thời gian bắt đầu", "Ngày bắt đầu", "bat_dau")),
    Field("ends_at", "venue.ends", ("Kết thúc", "Thời gian kết thúc", "Ngày kết thúc", "ket_thuc")),
)
BY_NAME = {f.name: f for f in FIELDS}
TEMPLATE_HEADINGS = {f.aliases[0]: f.name for f in FIELDS}  # the template's Vietnamese headings -> field
REQUIRED = tuple(f.aliases[0] for f in FIELDS if f.required)
