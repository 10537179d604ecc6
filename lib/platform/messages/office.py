"""Interface strings of the office's files: importing the lists offices keep (header search, column mapping,
category and unit guesses, row cap), the template, and the weekly reports; merged into
`lib.platform.i18n.CATALOGUE`."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- reading an office's file
    "imp.no_header": {
        "vi": "Không tìm thấy dòng tiêu đề của bảng. Bảng cần có các cột: {columns}.",
        "en": "No header row found. The table needs the columns: {columns}.",
    },
    "imp.missing_fields": {
        "vi": "Chưa có cột nào cho: {columns}. Chọn cột tương ứng ở bước ghép cột.",
        "en": "No column chosen for: {columns}. Pick the matching column in the mapping step.",
    },
    "imp.field_twice": {
        "vi": "Mỗi thông tin chỉ ghép với một cột; đang ghép nhiều cột cho: {columns}.",
        "en": "Each field takes one column only; several columns are mapped to: {columns}.",
    },
    "imp.unit_suggest": {
        "vi": "Không tìm thấy đơn vị hành chính '{name}'. Có phải: {options}?",
        "en": "Unknown administrative unit '{name}'. Did you mean: {options}?",
    },
    "imp.category_unknown": {
        "vi": "Không rõ loại hình '{value}'. Chọn loại hình địa điểm trong danh mục của tệp mẫu.",
        "en": "Unknown category '{value}'. Choose a venue category from the template's list.",
    },
    "imp.category_suggest": {
        "vi": "Không rõ loại hình '{value}'. Có phải: {options}?",
        "en": "Unclear category '{value}'. Did you mean: {options}?",
    },
    "imp.col_line": {"vi": "Dòng", "en": "Line"},
    "imp.col_status": {"vi": "Kết quả", "en": "Result"},
    "imp.col_reason": {"vi": "Lý do", "en": "Reason"},
    "imp.f_province": {"vi": "Tỉnh/TP", "en": "Province"},
    "imp.f_district": {"vi": "Quận/Huyện", "en": "District"},
    "imp.f_ward": {"vi": "Phường/Xã", "en": "Ward"},
    "imp.f_ignore": {"vi": "(bỏ qua cột này)", "en": "(ignore this column)"},
    "imp.mapping": {"vi": "Ghép cột", "en": "Column mapping"},
    "imp.mapping_help": {
        "vi": "Bảng được tìm thấy ở {where}, tiêu đề ở dòng {line}. Kiểm tra cột nào ứng với thông tin nào; sửa nếu cần.",
        "en": "Table found in {where}, header on line {line}. Check which column holds which field; change it if needed.",
    },
    "imp.where_sheet": {"vi": "trang tính “{sheet}”", "en": "sheet “{sheet}”"},
    "imp.where_csv": {"vi": "tệp CSV", "en": "the CSV file"},
    "imp.column": {"vi": "Cột trong tệp", "en": "Column in the file"},
    "imp.sample": {"vi": "Ví dụ: {values}", "en": "E.g. {values}"},
    "imp.template_sheet": {"vi": "Danh sách cơ sở", "en": "Venues"},
    "imp.lists_sheet": {"vi": "Danh mục", "en": "Lists"},
    "imp.list_categories": {"vi": "Loại hình", "en": "Categories"},
    "imp.list_wards": {"vi": "Phường/Xã", "en": "Wards"},
    "imp.pick_from_list": {"vi": "Chọn trong danh sách", "en": "Pick from the list"},
    "imp.pick_category": {"vi": "Chọn loại hình ở trang Danh mục.", "en": "Pick a category from the Lists sheet."},
    "imp.pick_ward": {"vi": "Chọn phường/xã ở trang Danh mục.", "en": "Pick a ward from the Lists sheet."},
    # --- expected counts file
    "target.f_ward": {"vi": "Phường/Xã", "en": "Ward"},
    "target.f_category": {"vi": "Loại hình", "en": "Category"},
    "target.f_expected": {"vi": "Số dự kiến", "en": "Expected count"},
    "target.count_wrong": {
        "vi": "“{value}” không phải số nguyên từ 0 trở lên",
        "en": "“{value}” is not a whole number, 0 or more",
    },
    "target.file_wrong": {
        "vi": "Tệp có {n} dòng lỗi, chưa nhập dòng nào. Dòng {line}: {reason}",
        "en": "The file has {n} wrong rows; nothing was imported. Line {line}: {reason}",
    },
    "target.preview_summary": {
        "vi": "{ok} dòng hợp lệ, {bad} dòng lỗi. Chỉ nhập khi mọi dòng hợp lệ.",
        "en": "{ok} valid rows, {bad} wrong rows. The file is imported only when every row is valid.",
    },
}
