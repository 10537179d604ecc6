"""Streamlit's own texts (and those of the calendar it draws), which no widget argument replaces: the "en" text is
exactly what Streamlit 1.67 writes, so lib/ui/streamlit_texts.py can find it in the page and put the "vi" text
in its place. Keys ending in `_re` are patterns: "en" is a regular expression over the whole text, "vi" the
replacement ($1 ... are its groups; a group that is itself a month or weekday name below is translated too)."""

MESSAGES = {
    # select boxes and multiselects (the placeholders are passed as `placeholder=` by lib/ui/choices.py)
    "stw.choose_option": {"vi": "Chọn…", "en": "Choose an option"},
    "stw.choose_options": {"vi": "Chọn…", "en": "Choose options"},
    "stw.no_options": {"vi": "Không có mục nào để chọn", "en": "No options to select"},
    "stw.select_all": {"vi": "Chọn tất cả", "en": "Select all"},
    "stw.select_matches_re": {"vi": "Chọn $1 mục khớp", "en": r"^Select (\d+) matches$"},
    "stw.no_results": {"vi": "Không có kết quả", "en": "No results"},
    "stw.clear_all": {"vi": "Bỏ chọn tất cả", "en": "Clear all"},
    "stw.clear_value": {"vi": "Bỏ chọn", "en": "Clear value"},
    "stw.open": {"vi": "Mở danh sách", "en": "Open"},
    "stw.options_available_re": {"vi": "Có $1 lựa chọn.", "en": r"^(\d+) options? available\.$"},
    # text boxes (the hint under a box being typed in)
    "stw.enter_apply": {"vi": "Nhấn Enter để áp dụng", "en": "Press Enter to apply"},
    "stw.enter_submit": {"vi": "Nhấn Enter để gửi", "en": "Press Enter to submit form"},
    "stw.ctrl_enter_apply": {"vi": "Nhấn Ctrl+Enter để áp dụng", "en": "Press Ctrl+Enter to apply"},
    "stw.cmd_enter_apply": {"vi": "Nhấn ⌘+Enter để áp dụng", "en": "Press ⌘+Enter to apply"},
    "stw.increment": {"vi": "Tăng", "en": "Increment"},
    "stw.decrement": {"vi": "Giảm", "en": "Decrement"},
    # file uploader
    "stw.drop_file": {"vi": "Kéo và thả tệp vào đây", "en": "Drag and drop file here"},
    "stw.drop_a_file": {"vi": "Kéo và thả tệp vào đây", "en": "Drag and drop a file here"},
    "stw.drop_files": {"vi": "Kéo và thả các tệp vào đây", "en": "Drag and drop files here"},
    "stw.upload": {"vi": "Tải lên", "en": "Upload"},
    "stw.browse_files": {"vi": "Chọn tệp", "en": "Browse files"},
    "stw.file_upload": {"vi": "Tải tệp lên", "en": "file upload"},
    "stw.add_files": {"vi": "Thêm tệp", "en": "Add files"},
    "stw.per_file_re": {"vi": "Tối đa $1 mỗi tệp$2", "en": r"^(?:Limit )?(\S+) per file(.*)$"},
    # camera input
    "stw.take_photo": {"vi": "Chụp ảnh", "en": "Take Photo"},
    "stw.clear_photo": {"vi": "Xoá ảnh", "en": "Clear photo"},
    "stw.switch_camera": {"vi": "Đổi camera", "en": "Switch camera"},
    "stw.camera_ask": {"vi": "Trang này cần dùng camera của bạn.", "en": "This app would like to use your camera."},
    "stw.camera_how": {"vi": "Xem cách cho phép dùng camera.", "en": "Learn how to allow access."},
    # connection (the status in the corner and the dialog when the server cannot be reached)
    "stw.connecting": {"vi": "Đang kết nối", "en": "Connecting"},
    "stw.connecting_server": {"vi": "Đang kết nối tới máy chủ", "en": "Connecting to Streamlit server"},
    "stw.connection_error": {"vi": "Mất kết nối", "en": "Connection error"},
    "stw.cannot_connect": {"vi": "Không kết nối được tới máy chủ", "en": "Unable to connect to Streamlit server"},
    "stw.timed_out": {"vi": "Hết thời gian chờ kết nối.", "en": "Connection timed out."},
    "stw.dismiss": {"vi": "Đóng", "en": "Dismiss"},
    "stw.close": {"vi": "Đóng", "en": "Close"},
    # the toolbar of tables
    "stw.download_csv": {"vi": "Tải xuống CSV", "en": "Download as CSV"},
    "stw.fullscreen": {"vi": "Toàn màn hình", "en": "Fullscreen"},
    "stw.close_fullscreen": {"vi": "Thoát toàn màn hình", "en": "Close fullscreen"},
    "stw.search": {"vi": "Tìm kiếm", "en": "Search"},
    "stw.show_hide_columns": {"vi": "Ẩn/hiện cột", "en": "Show/hide columns"},
    # page frame
    "stw.skip_to_main": {"vi": "Chuyển tới nội dung chính", "en": "Skip to main content"},
    "stw.collapse_sidebar": {"vi": "Thu gọn thanh bên", "en": "Collapse sidebar"},
    "stw.expand_sidebar": {"vi": "Mở thanh bên", "en": "Expand sidebar"},
    "stw.sidebar": {"vi": "Thanh bên", "en": "Sidebar"},
    "stw.app_pages": {"vi": "Các trang", "en": "App pages"},
    "stw.link_to_heading": {"vi": "Liên kết tới tiêu đề", "en": "Link to heading"},
    # date input and its calendar
    "stw.choose_date": {"vi": "Chọn ngày", "en": "Choose date"},
    "stw.choose_date_range": {"vi": "Chọn khoảng ngày", "en": "Choose date range"},
    "stw.previous_month": {"vi": "Tháng trước", "en": "Previous month"},
    "stw.next_month": {"vi": "Tháng sau", "en": "Next month"},
    "stw.next": {"vi": "Tiếp", "en": "Next"},
    "stw.start_date_re": {"vi": "$1 – ngày bắt đầu", "en": r"^(.+) start date$"},
    "stw.end_date_re": {"vi": "$1 – ngày kết thúc", "en": r"^(.+) end date$"},
    "stw.date_range": {"vi": "Khoảng ngày", "en": "Date range"},
    "stw.select_dots": {"vi": "Chọn…", "en": "Select..."},
    "stw.quick_range": {"vi": "Chọn nhanh khoảng ngày", "en": "Quick select a date range"},
    "stw.selected_date_re": {"vi": "Ngày đã chọn: $2 $1 $3", "en": r"^Selected Date: (\w+) (\d+), (\d+)$"},
    "stw.selected_range_re": {
        "vi": "Khoảng đã chọn: $2 $1 $3 – $5 $4 $6",
        "en": r"^Selected date range is (\w+) (\d+), (\d+) to (\w+) (\d+), (\d+)$",
    },
    "stw.choose_day_re": {"vi": "Chọn $1, $3 $2 $4", "en": r"^Choose (\w+), (\w+) (\d+)\w\w (\d+)\. It's available\.$"},
    "stw.choose_day_start_re": {
        "vi": "Chọn $1, $3 $2 $4 làm ngày bắt đầu",
        "en": r"^Choose (\w+), (\w+) (\d+)\w\w (\d+) as start date\. It's available\.$",
    },
    "stw.choose_day_end_re": {
        "vi": "Chọn $1, $3 $2 $4 làm ngày kết thúc",
        "en": r"^Choose (\w+), (\w+) (\d+)\w\w (\d+) as end date\. It's available\.$",
    },
    "stw.day_selected_re": {"vi": "Đã chọn $1, $3 $2 $4", "en": r"^Selected\. (\w+), (\w+) (\d+)\w\w (\d+)\. It's available\.$"},
    "stw.month_year_re": {
        "vi": "$1 $2",
        "en": r"^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})$",
    },
    **{
        f"stw.month.{n}": {"vi": f"Tháng {n}", "en": name}
        for n, name in enumerate(
            ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"), 1
        )
    },
    **{
        f"stw.weekday.{name}": {"vi": vi, "en": name}
        for name, vi in (
            ("Monday", "Thứ Hai"),
            ("Tuesday", "Thứ Ba"),
            ("Wednesday", "Thứ Tư"),
            ("Thursday", "Thứ Năm"),
            ("Friday", "Thứ Sáu"),
            ("Saturday", "Thứ Bảy"),
            ("Sunday", "Chủ Nhật"),
        )
    },
    # the calendar's two-letter weekday heads, translated only inside the calendar (CALENDAR_SCOPE). Streamlit 1.67
    # names months and weekdays in the browser's own locale (a Vietnamese phone shows them in Vietnamese already):
    # these are for a browser set to English
    **{
        f"stw.weekday_short.{name}": {"vi": vi, "en": name}
        for name, vi in (("Mo", "T2"), ("Tu", "T3"), ("We", "T4"), ("Th", "T5"), ("Fr", "T6"), ("Sa", "T7"), ("Su", "CN"))
    },
}
