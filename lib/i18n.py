"""The one catalogue of strings shown to people, in Vietnamese (default) and English.

`t(key, lang, **params)` formats a message; a missing English text falls back to Vietnamese, and a missing
key raises KeyError so typos are found by tests rather than shown to users.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "vi"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

CATALOGUE: dict[str, dict[str, str]] = {
    # --- app and navigation
    "app.title": {"vi": "Quét mã QR và truy vết", "en": "QR check-in and contact tracing"},
    "app.city": {"vi": "UBND thành phố Sa Đéc", "en": "Sa Đéc City People's Committee"},
    "nav.public": {"vi": "Dành cho người dân", "en": "For residents"},
    "nav.venues": {"vi": "Địa điểm", "en": "Venues"},
    "nav.doors": {"vi": "Tại cửa", "en": "At the door"},
    "nav.monitoring": {"vi": "Giám sát", "en": "Monitoring"},
    "nav.health": {"vi": "Y tế", "en": "Health"},
    "nav.admin": {"vi": "Quản trị", "en": "Administration"},
    "nav.account": {"vi": "Tài khoản", "en": "Account"},
    "page.sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "page.home": {"vi": "Trang chủ", "en": "Home"},
    "page.venues": {"vi": "Danh sách địa điểm", "en": "Venue registry"},
    "page.check_qr": {"vi": "Kiểm tra mã QR", "en": "Check QR codes"},
    "page.declaration": {"vi": "Khai báo y tế", "en": "Health declaration"},
    "page.checkin": {"vi": "Tự check-in", "en": "Self check-in"},
    "page.scan": {"vi": "Quét mã tại cửa", "en": "Door scanning"},
    "page.footfall": {"vi": "Lượt ra vào", "en": "Footfall"},
    "page.compliance": {"vi": "Tuân thủ theo phường", "en": "Ward compliance"},
    "page.risk": {"vi": "Khai báo có nguy cơ", "en": "Risky declarations"},
    "page.tracing": {"vi": "Truy vết tiếp xúc", "en": "Contact tracing"},
    "page.users": {"vi": "Người dùng", "en": "Users"},
    "page.coming": {
        "vi": "Chức năng này đang được xây dựng; dữ liệu bên dưới là số liệu thật trong phạm vi của bạn.",
        "en": "This section is being built; the figures below are real data within your scope.",
    },
    # --- sidebar
    "sidebar.language": {"vi": "Ngôn ngữ", "en": "Language"},
    "sidebar.signed_in_as": {"vi": "Đăng nhập: {name} ({role})", "en": "Signed in: {name} ({role})"},
    "sidebar.sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    # --- roles
    "role.admin": {"vi": "Quản trị hệ thống", "en": "Administrator"},
    "role.office": {"vi": "Phòng Văn hoá – Thông tin", "en": "Culture and information office"},
    "role.ward": {"vi": "Chủ tịch UBND phường/xã", "en": "Ward chair"},
    "role.health": {"vi": "Cán bộ y tế", "en": "Health officer"},
    "role.staff": {"vi": "Nhân viên địa điểm", "en": "Venue staff"},
    # --- sign-in
    "signin.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "signin.password": {"vi": "Mật khẩu", "en": "Password"},
    "signin.submit": {"vi": "Đăng nhập", "en": "Sign in"},
    "signin.public_hint": {
        "vi": "Người dân không cần tài khoản: hãy dùng trang Khai báo y tế hoặc quét mã QR tại địa điểm.",
        "en": "Residents need no account: use the Health declaration page or scan a venue's QR code.",
    },
    "signin.expired": {
        "vi": "Phiên làm việc đã hết hạn sau {minutes} phút không hoạt động. Vui lòng đăng nhập lại.",
        "en": "Your session expired after {minutes} idle minutes. Please sign in again.",
    },
    # --- errors
    "err.bad_credentials": {"vi": "Sai tên đăng nhập hoặc mật khẩu.", "en": "Wrong username or password."},
    "err.locked": {
        "vi": "Tài khoản tạm khoá đến {until} do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau.",
        "en": "The account is locked until {until} after repeated failed sign-ins. Please try again later.",
    },
    "err.disabled": {"vi": "Tài khoản đã bị vô hiệu hoá.", "en": "The account is disabled."},
    "err.forbidden": {
        "vi": "Bạn không có quyền truy cập trang này.",
        "en": "You are not allowed to open this page.",
    },
    "err.sign_in_required": {
        "vi": "Vui lòng đăng nhập để sử dụng trang này.",
        "en": "Please sign in to use this page.",
    },
    "err.db_busy": {
        "vi": "Cơ sở dữ liệu {path} đang được máy chủ ứng dụng sử dụng. Hãy dừng máy chủ rồi chạy lại lệnh.",
        "en": "The database {path} is in use by the running server. Stop the server, then run the command again.",
    },
    "err.db_key": {
        "vi": "Không mở được cơ sở dữ liệu {path}: khoá mã hoá bị thiếu hoặc sai.",
        "en": "Cannot open the database {path}: the encryption key is missing or wrong.",
    },
    "err.username_taken": {"vi": "Tên đăng nhập {username} đã tồn tại.", "en": "Username {username} is taken."},
    "err.username_invalid": {
        "vi": "Tên đăng nhập chỉ gồm 3–32 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.",
        "en": "A username is 3–32 letters, digits, dots, dashes or underscores.",
    },
    "err.password_short": {
        "vi": "Mật khẩu phải có ít nhất {min} ký tự.",
        "en": "The password must have at least {min} characters.",
    },
    "err.role_unknown": {"vi": "Vai trò không hợp lệ: {role}.", "en": "Unknown role: {role}."},
    "err.ward_required": {
        "vi": "Tài khoản chủ tịch phường phải gắn với một phường/xã hợp lệ.",
        "en": "A ward chair account needs a valid ward.",
    },
    "err.unit_unknown": {
        "vi": "Không có đơn vị hành chính mã {code}.",
        "en": "No administrative unit with code {code}.",
    },
    "err.venue_unknown": {
        "vi": "Không tìm thấy địa điểm {venue_id} trong phạm vi của bạn.",
        "en": "Venue {venue_id} not found within your scope.",
    },
    "err.user_unknown": {"vi": "Không có tài khoản {username}.", "en": "No account {username}."},
    "err.not_staff": {
        "vi": "Tài khoản {username} không phải nhân viên địa điểm.",
        "en": "Account {username} is not a venue staff account.",
    },
    "err.lookup_limited": {
        "vi": "Nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
        "en": "Too many failed attempts. Please try again in {minutes} minutes.",
    },
    "err.household_not_found": {
        "vi": "Không tìm thấy hộ gia đình với thông tin đã nhập.",
        "en": "No household matches what you entered.",
    },
    "err.file_missing": {"vi": "Không tìm thấy tệp {path}.", "en": "File not found: {path}."},
    "err.mapping_columns": {
        "vi": "Tệp chuyển đổi phải có các cột old_ward_code và new_ward_code.",
        "en": "The conversion file needs the columns old_ward_code and new_ward_code.",
    },
    "err.demo_not_empty": {
        "vi": "Cơ sở dữ liệu đã có dữ liệu; dùng --replace để tạo lại dữ liệu mẫu.",
        "en": "The database already holds data; use --replace to regenerate the demo data.",
    },
    "err.demo_size": {
        "vi": "Số người, địa điểm và số ngày phải là số dương.",
        "en": "People, venues and days must be positive numbers.",
    },
    # --- venue registry
    "venue.tab_list": {"vi": "Danh sách", "en": "List"},
    "venue.tab_new": {"vi": "Đăng ký địa điểm", "en": "Register a venue"},
    "venue.tab_detail": {"vi": "Chi tiết và mã QR", "en": "Details and QR code"},
    "venue.name": {"vi": "Tên địa điểm", "en": "Venue name"},
    "venue.category": {"vi": "Loại hình", "en": "Category"},
    "venue.address": {"vi": "Số nhà, tên đường", "en": "House number and street"},
    "venue.registrant_name": {"vi": "Họ tên người đăng ký", "en": "Registrant's full name"},
    "venue.registrant_phone": {"vi": "Số điện thoại di động người đăng ký", "en": "Registrant's mobile phone"},
    "venue.staff_phones": {"vi": "Số điện thoại nhân viên (mỗi dòng một số)", "en": "Staff phones (one per line)"},
    "venue.capacity": {"vi": "Sức chứa (người)", "en": "Capacity (people)"},
    "venue.stay": {"vi": "Thời gian lưu lại mặc định (phút)", "en": "Default stay (minutes)"},
    "venue.hours": {"vi": "Giờ mở cửa", "en": "Opening hours"},
    "venue.starts": {"vi": "Bắt đầu (ngày, giờ)", "en": "Starts (date, time)"},
    "venue.ends": {"vi": "Kết thúc (ngày, giờ)", "en": "Ends (date, time)"},
    "venue.temporary_hint": {
        "vi": "Sự kiện tạm thời: mã chỉ nhận check-in trong khoảng thời gian này.",
        "en": "Temporary event: the code accepts check-ins only within this window.",
    },
    "venue.confirm_duplicate": {"vi": "Tôi xác nhận đây là địa điểm khác", "en": "I confirm this is a different venue"},
    "venue.create": {"vi": "Đăng ký", "en": "Register"},
    "venue.save": {"vi": "Lưu thay đổi", "en": "Save changes"},
    "venue.created": {"vi": "Đã đăng ký địa điểm {venue_id}.", "en": "Registered venue {venue_id}."},
    "venue.saved": {"vi": "Đã lưu.", "en": "Saved."},
    "venue.rotate_hint": {
        "vi": "Tên hoặc địa chỉ đã đổi: nên cấp mã mới và in lại áp phích.",
        "en": "Name or address changed: issue a new code and print the poster again.",
    },
    "venue.rotate": {"vi": "Cấp mã mới (mã cũ hết hiệu lực)", "en": "Issue a new code (old posters outdated)"},
    "venue.rotated": {"vi": "Đã cấp mã phiên bản {version}.", "en": "Issued code version {version}."},
    "venue.set_status": {"vi": "Đổi trạng thái", "en": "Change status"},
    "venue.pick": {"vi": "Chọn địa điểm (mã hoặc tên)", "en": "Choose a venue (code or name)"},
    "venue.none": {"vi": "Không có địa điểm nào phù hợp.", "en": "No matching venue."},
    "venue.download_png": {"vi": "Tải mã QR (PNG)", "en": "Download QR (PNG)"},
    "venue.download_svg": {"vi": "Tải mã QR (SVG)", "en": "Download QR (SVG)"},
    "venue.download_pdf": {"vi": "Tải áp phích A4 (PDF)", "en": "Download A4 poster (PDF)"},
    "venue.mark_printed": {"vi": "Đánh dấu đã in", "en": "Mark as printed"},
    "venue.printed": {"vi": "Đã ghi nhận in mã.", "en": "Printing recorded."},
    "venue.bulk": {"vi": "Áp phích cho danh sách đang lọc ({n} địa điểm)", "en": "Posters for the filtered list ({n} venues)"},
    "venue.bulk_make": {"vi": "Tạo tệp áp phích", "en": "Make poster files"},
    "venue.bulk_pdf": {"vi": "Tải tất cả (PDF nhiều trang)", "en": "Download all (multi-page PDF)"},
    "venue.bulk_zip": {"vi": "Tải tất cả (ZIP các ảnh PNG)", "en": "Download all (ZIP of PNGs)"},
    "venue.progress": {"vi": "Đang tạo áp phích {n}/{total}…", "en": "Making poster {n}/{total}…"},
    "filter.all": {"vi": "Tất cả", "en": "All"},
    "filter.not_printed": {"vi": "Chưa in mã", "en": "Code not printed yet"},
    "filter.not_checked": {"vi": "Chưa kiểm tra mã 30 ngày", "en": "Code not checked for 30 days"},
    "staff.title": {"vi": "Nhân viên quét mã tại địa điểm", "en": "Staff who scan at this venue"},
    "staff.new": {"vi": "Tạo tài khoản nhân viên", "en": "Create a staff account"},
    "staff.link": {"vi": "Gán tài khoản nhân viên có sẵn", "en": "Link an existing staff account"},
    "staff.full_name": {"vi": "Họ tên nhân viên", "en": "Staff member's name"},
    "staff.create": {"vi": "Tạo và gán", "en": "Create and assign"},
    "staff.add": {"vi": "Gán", "en": "Assign"},
    "staff.revoke": {"vi": "Thu hồi quyền của {username}", "en": "Revoke {username}"},
    "staff.done": {"vi": "Đã cập nhật nhân viên.", "en": "Staff updated."},
    # --- code check
    "check.intro": {
        "vi": "Chụp hoặc tải ảnh mã QR đang dán tại địa điểm, hoặc nhập mã địa điểm in trên áp phích.",
        "en": "Take or upload a photo of a posted QR code, or type the venue code printed on the poster.",
    },
    "check.camera": {"vi": "Chụp ảnh mã QR", "en": "Take a photo of the QR code"},
    "check.upload": {"vi": "Tải ảnh mã QR lên", "en": "Upload a photo of the QR code"},
    "check.typed": {"vi": "Hoặc nhập mã địa điểm", "en": "Or type the venue code"},
    "check.submit": {"vi": "Kiểm tra", "en": "Check"},
    "check.no_qr": {"vi": "Không tìm thấy mã QR trong ảnh. Hãy chụp gần và rõ hơn.",
                    "en": "No QR code found in the photo. Take it closer and sharper."},
    "check.current": {"vi": "Mã hợp lệ, đang có hiệu lực.", "en": "Valid and current code."},
    "check.outdated": {"vi": "Mã cũ (phiên bản {scanned}, hiện tại {current}): cần thay áp phích.",
                       "en": "Outdated code (version {scanned}, current {current}): replace the poster."},
    "check.forged": {"vi": "Mã giả hoặc đã bị sửa: chữ ký không hợp lệ.", "en": "Forged or altered code: bad signature."},
    "check.closed": {"vi": "Địa điểm này đã đóng: gỡ áp phích.", "en": "This venue is closed: remove the poster."},
    "check.unknown": {"vi": "Không có địa điểm này trong phạm vi của bạn.", "en": "No such venue within your scope."},
    "check.foreign": {"vi": "Không phải mã QR của hệ thống này.", "en": "Not a QR code of this system."},
    "check.person": {"vi": "Đây là mã cá nhân, không phải mã địa điểm.", "en": "This is a personal code, not a venue code."},
    "check.typed_found": {"vi": "Mã địa điểm hợp lệ (chưa kiểm tra được phiên bản áp phích).",
                          "en": "Valid venue code (the poster's version was not checked)."},
    "check.venue": {"vi": "{name} — {address}", "en": "{name} — {address}"},
    # --- import
    "imp.encoding": {"vi": "Không đọc được bảng mã của tệp.", "en": "Cannot read the file's text encoding."},
    "imp.file_type": {"vi": "Chỉ nhận tệp .csv hoặc .xlsx.", "en": "Only .csv or .xlsx files."},
    "imp.columns": {"vi": "Tệp thiếu cột: {columns}. Hãy dùng tệp mẫu.", "en": "Missing columns: {columns}. Use the template."},
    "imp.unit_unknown": {"vi": "Không tìm thấy đơn vị hành chính '{name}'.", "en": "Unknown administrative unit '{name}'."},
    "imp.unit_ambiguous": {
        "vi": "Tên '{name}' trùng nhiều đơn vị; hãy ghi mã.",
        "en": "'{name}' matches several units; use the code.",
    },
    "imp.date": {"vi": "Ngày giờ không hợp lệ: {value} (dd/mm/yyyy HH:MM).", "en": "Invalid date: {value} (dd/mm/yyyy HH:MM)."},
    "imp.dup_file": {"vi": "Trùng với dòng {line} trong tệp.", "en": "Duplicate of line {line} in the file."},
    "imp.dup_registry": {"vi": "Đã có trong danh sách: {names}.", "en": "Already registered: {names}."},
    "imp.tab": {"vi": "Nhập từ tệp", "en": "Import from a file"},
    "imp.intro": {
        "vi": "Tải tệp mẫu, điền danh sách (CSV hoặc Excel), rồi tải lên để xem trước. Chỉ các dòng hợp lệ được nhập.",
        "en": "Download the template, fill it (CSV or Excel), upload it to preview. Only valid rows are imported.",
    },
    "imp.template_csv": {"vi": "Tệp mẫu CSV", "en": "CSV template"},
    "imp.template_xlsx": {"vi": "Tệp mẫu Excel", "en": "Excel template"},
    "imp.upload": {"vi": "Tệp danh sách địa điểm", "en": "Venue list file"},
    "imp.summary": {"vi": "{ok} dòng hợp lệ, {bad} dòng lỗi.", "en": "{ok} valid rows, {bad} wrong rows."},
    "imp.run": {"vi": "Nhập {n} dòng hợp lệ", "en": "Import {n} valid rows"},
    "imp.rejected_csv": {"vi": "Tải báo cáo dòng lỗi (CSV)", "en": "Download rejected rows (CSV)"},
    "imp.rejected_xlsx": {"vi": "Tải báo cáo dòng lỗi (Excel)", "en": "Download rejected rows (Excel)"},
    "imp.progress": {"vi": "Đang nhập {n}/{total}…", "en": "Importing {n}/{total}…"},
    "cli.imported": {"vi": "Đã nhập {n} địa điểm; {rejected} dòng lỗi:", "en": "Imported {n} venues; {rejected} rows rejected:"},
    "imp.ok": {"vi": "Hợp lệ", "en": "Valid"},
    "imp.wrong": {"vi": "Lỗi", "en": "Wrong"},
    "imp.done": {"vi": "Đã nhập {n} địa điểm; bỏ qua {rejected} dòng lỗi.", "en": "Imported {n} venues; {rejected} rows rejected."},
    # --- validation
    "val.required": {"vi": "Không được để trống.", "en": "Required."},
    "val.too_long": {"vi": "Dài quá {max} ký tự.", "en": "Longer than {max} characters."},
    "val.control_chars": {"vi": "Có ký tự điều khiển không hợp lệ.", "en": "Contains invalid control characters."},
    "val.phone": {
        "vi": "Số điện thoại di động không hợp lệ: {value} (cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09).",
        "en": "Invalid mobile number: {value} (10 digits starting with 03, 05, 07, 08 or 09).",
    },
    "val.person_name": {
        "vi": "Họ tên chỉ gồm chữ cái, khoảng trắng và dấu gạch nối.",
        "en": "A name has only letters, spaces and hyphens.",
    },
    "val.birth_year": {"vi": "Năm sinh từ 1900 đến {max}.", "en": "Year of birth from 1900 to {max}."},
    "val.cccd_format": {"vi": "Số CCCD gồm đúng 12 chữ số.", "en": "A citizen ID has exactly 12 digits."},
    "val.cccd_province": {"vi": "3 số đầu CCCD (mã tỉnh) không hợp lệ.", "en": "The ID's first three digits (province) are invalid."},
    "val.cccd_year": {
        "vi": "Số CCCD không khớp với năm sinh {year} (số thứ 4–6 mã hoá thế kỷ và năm sinh).",
        "en": "The ID does not match the birth year {year} (digits 4-6 encode century and year).",
    },
    "val.cccd_gender": {
        "vi": "Số CCCD không khớp với giới tính {gender} (số thứ 4 mã hoá giới tính).",
        "en": "The ID does not match the gender {gender} (digit 4 encodes gender).",
    },
    "val.bhyt": {
        "vi": "Mã thẻ BHYT gồm 15 ký tự (ví dụ GD4797931234567) hoặc 10 chữ số.",
        "en": "A health-insurance number has 15 characters (e.g. GD4797931234567) or 10 digits.",
    },
    "val.gender": {"vi": "Chọn giới tính.", "en": "Choose a gender."},
    "val.details": {"vi": "Hãy ghi rõ khi trả lời \"Có\".", "en": "Give details when the answer is \"Yes\"."},
    "val.consent": {"vi": "Cần đánh dấu đồng ý để gửi tờ khai.", "en": "Tick the consent to submit."},
    "val.category": {"vi": "Chọn loại hình địa điểm.", "en": "Choose a venue category."},
    "val.ward": {
        "vi": "Phường/xã không thuộc quận/huyện, tỉnh đã chọn.",
        "en": "The ward does not belong to the chosen district and province.",
    },
    "val.ward_missing": {"vi": "Chọn phường/xã.", "en": "Choose a ward."},
    "val.ward_scope": {
        "vi": "Bạn chỉ được đăng ký địa điểm trong phường/xã của mình.",
        "en": "You may only register venues in your own ward.",
    },
    "val.capacity": {"vi": "Sức chứa phải là số nguyên dương.", "en": "Capacity must be a positive whole number."},
    "val.stay": {
        "vi": "Thời gian lưu lại mặc định từ 5 đến 1440 phút.",
        "en": "Default stay must be 5 to 1440 minutes.",
    },
    "val.window": {
        "vi": "Sự kiện tạm thời cần thời điểm bắt đầu và kết thúc, kết thúc sau bắt đầu.",
        "en": "A temporary event needs a start and an end, the end after the start.",
    },
    "val.duplicate": {
        "vi": "Có thể trùng với địa điểm đã đăng ký: {names}. Hãy xác nhận nếu đây là địa điểm khác.",
        "en": "Possibly a duplicate of: {names}. Confirm if this is a different venue.",
    },
    "val.form": {"vi": "Vui lòng sửa các trường được đánh dấu.", "en": "Please correct the marked fields."},
    # --- codes
    "code.foreign": {
        "vi": "Đây không phải mã QR của hệ thống này.",
        "en": "This is not a QR code of this system.",
    },
    "code.forged": {
        "vi": "Mã QR không hợp lệ: chữ ký sai (mã giả hoặc đã bị sửa).",
        "en": "Invalid QR code: bad signature (forged or altered).",
    },
    # --- home
    "home.venues": {"vi": "Địa điểm đã đăng ký", "en": "Registered venues"},
    "home.checkins_today": {"vi": "Lượt check-in hôm nay", "en": "Check-ins today"},
    "home.inside_now": {"vi": "Người đang có mặt", "en": "People inside now"},
    "home.pending_review": {"vi": "Khai báo chờ xem xét", "en": "Declarations awaiting review"},
    "home.scope_city": {"vi": "Phạm vi: toàn thành phố", "en": "Scope: the whole city"},
    "home.scope_ward": {"vi": "Phạm vi: {ward}", "en": "Scope: {ward}"},
    "home.scope_venues": {"vi": "Phạm vi: {n} địa điểm được giao", "en": "Scope: {n} assigned venues"},
    "home.as_of": {"vi": "Số liệu lúc {time}", "en": "Figures as of {time}"},
    "home.by_ward": {"vi": "Check-in hôm nay theo phường/xã", "en": "Check-ins today by ward"},
    "home.recent": {"vi": "Check-in 7 ngày qua", "en": "Check-ins over the last 7 days"},
    "col.ward": {"vi": "Phường/xã", "en": "Ward"},
    "col.venues": {"vi": "Địa điểm", "en": "Venues"},
    "col.checkins": {"vi": "Lượt check-in", "en": "Check-ins"},
    "col.day": {"vi": "Ngày", "en": "Day"},
    "col.name": {"vi": "Tên", "en": "Name"},
    "col.category": {"vi": "Loại hình", "en": "Category"},
    "col.address": {"vi": "Địa chỉ", "en": "Address"},
    "col.status": {"vi": "Trạng thái", "en": "Status"},
    "col.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "col.role": {"vi": "Vai trò", "en": "Role"},
    "col.last_login": {"vi": "Đăng nhập gần nhất", "en": "Last sign-in"},
    "col.venue": {"vi": "Địa điểm", "en": "Venue"},
    "col.checked_in": {"vi": "Giờ vào", "en": "In"},
    "col.checked_out": {"vi": "Giờ ra", "en": "Out"},
    "col.risk": {"vi": "Mức nguy cơ", "en": "Risk"},
    "col.reasons": {"vi": "Lý do", "en": "Reasons"},
    "col.declared_at": {"vi": "Thời điểm khai báo", "en": "Declared at"},
    # --- pickers
    "picker.scheme": {"vi": "Đơn vị hành chính", "en": "Administrative units"},
    "picker.scheme_2021": {"vi": "Trước 1/7/2025 (3 cấp)", "en": "Before 1 July 2025 (3 levels)"},
    "picker.scheme_2025": {"vi": "Từ 1/7/2025 (2 cấp)", "en": "From 1 July 2025 (2 levels)"},
    "picker.province": {"vi": "Tỉnh/thành phố", "en": "Province/city"},
    "picker.district": {"vi": "Quận/huyện", "en": "District"},
    "picker.ward": {"vi": "Phường/xã", "en": "Ward/commune"},
    "picker.choose": {"vi": "Chọn…", "en": "Choose…"},
    # --- public pages
    "public.declaration_intro": {
        "vi": "Khai báo y tế cho bản thân và người thân (khai hộ) để nhận mã QR cá nhân khi ra vào địa điểm.",
        "en": "Declare your health for yourself and your family to receive a personal QR code for check-in.",
    },
    "public.checkin_intro": {
        "vi": "Quét mã QR dán tại cửa địa điểm bằng camera điện thoại để check-in.",
        "en": "Scan the QR code posted at a venue's entrance with your phone camera to check in.",
    },
    "public.checkin_no_code": {
        "vi": "Chưa có mã địa điểm. Hãy quét mã QR dán tại cửa.",
        "en": "No venue code yet. Scan the QR code posted at the entrance.",
    },
    "poster.outdated": {
        "vi": "Mã QR này đã cũ. Hãy quét mã mới dán tại địa điểm hoặc báo nhân viên.",
        "en": "This QR code is outdated. Scan the new code posted at the venue or tell the staff.",
    },
    "poster.suspended": {"vi": "Địa điểm đang tạm ngừng nhận check-in.", "en": "The venue is not accepting check-ins."},
    "poster.closed": {"vi": "Địa điểm đã đóng.", "en": "The venue is closed."},
    "poster.not_started": {
        "vi": "Sự kiện chưa bắt đầu (bắt đầu lúc {starts}).",
        "en": "The event has not started yet (starts {starts}).",
    },
    "poster.ended": {"vi": "Sự kiện đã kết thúc lúc {ends}.", "en": "The event ended at {ends}."},
    "poster.ok": {
        "vi": "Mã hợp lệ. Check-in tại địa điểm này sẽ được mở cùng chức năng quét mã.",
        "en": "Valid code. Check-in at this venue opens with the scanning feature.",
    },
    # --- risk levels
    "risk.green": {"vi": "Xanh", "en": "Green"},
    "risk.yellow": {"vi": "Vàng", "en": "Yellow"},
    "risk.red": {"vi": "Đỏ", "en": "Red"},
    # --- venue status
    "status.active": {"vi": "Đang hoạt động", "en": "Active"},
    "status.suspended": {"vi": "Tạm ngừng", "en": "Suspended"},
    "status.closed": {"vi": "Đã đóng", "en": "Closed"},
    # --- venue categories (the directive's list)
    "cat.office": {"vi": "Cơ quan, đơn vị", "en": "Office of an agency or organisation"},
    "cat.business": {"vi": "Doanh nghiệp, cơ sở kinh doanh", "en": "Business"},
    "cat.entertainment": {"vi": "Cơ sở vui chơi, giải trí", "en": "Entertainment venue"},
    "cat.factory": {"vi": "Khu công nghiệp, nhà máy, cơ sở sản xuất", "en": "Industrial zone, factory"},
    "cat.restaurant": {"vi": "Nhà hàng, quán ăn phục vụ tại chỗ", "en": "Restaurant serving on site"},
    "cat.karaoke": {"vi": "Karaoke", "en": "Karaoke"},
    "cat.massage_beauty": {"vi": "Massage, thẩm mỹ, làm đẹp", "en": "Massage and beauty services"},
    "cat.gym": {"vi": "Phòng tập thể dục, thể hình", "en": "Gym"},
    "cat.meeting": {"vi": "Hội họp, hội nghị, hội thảo, tập huấn", "en": "Meeting, conference, training"},
    "cat.hospital": {"vi": "Bệnh viện, phòng khám", "en": "Hospital or clinic"},
    "cat.school": {"vi": "Trường học", "en": "School"},
    "cat.transport": {
        "vi": "Bến xe, bến phà, phòng chờ, phương tiện công cộng",
        "en": "Bus station, ferry pier, waiting room, public transport",
    },
    "cat.supermarket": {"vi": "Trung tâm thương mại, siêu thị", "en": "Shopping centre, supermarket"},
    "cat.market": {"vi": "Chợ đầu mối, chợ dân sinh", "en": "Wholesale or local market"},
    "cat.essential_shop": {"vi": "Cửa hàng thiết yếu", "en": "Essential-service shop"},
    "cat.wedding_funeral": {"vi": "Đám cưới, đám tang", "en": "Wedding or funeral"},
    "cat.tourism": {"vi": "Điểm du lịch, tham quan, giải trí", "en": "Tourist and leisure site"},
    "cat.religious": {"vi": "Cơ sở tôn giáo, tín ngưỡng", "en": "Religious site"},
    "cat.household": {"vi": "Hộ gia đình, cá nhân", "en": "Household or individual"},
    # --- cli
    "cli.admin_created": {
        "vi": "Đã tạo tài khoản quản trị 'admin'. Mật khẩu (chỉ hiện một lần): {password}",
        "en": "Created the 'admin' account. Password (shown only once): {password}",
    },
    "cli.admin_from_env": {
        "vi": "Đã tạo tài khoản quản trị 'admin' với mật khẩu trong QRCHECKIN_ADMIN_PASSWORD.",
        "en": "Created the 'admin' account with the password from QRCHECKIN_ADMIN_PASSWORD.",
    },
    "cli.initialised": {
        "vi": "Cơ sở dữ liệu sẵn sàng: {path} (phiên bản lược đồ {version}).",
        "en": "Database ready: {path} (schema version {version}).",
    },
    "cli.demo_done": {
        "vi": "Đã tạo dữ liệu mẫu: {people} người, {venues} địa điểm, {checkins} lượt check-in trong {seconds} giây.",
        "en": "Demo data: {people} people, {venues} venues, {checkins} check-ins in {seconds} s.",
    },
    "cli.demo_skipped": {
        "vi": "Cơ sở dữ liệu đã có dữ liệu; bỏ qua tạo dữ liệu mẫu.",
        "en": "The database already holds data; demo data skipped.",
    },
    "cli.user_created": {"vi": "Đã tạo người dùng {username} ({role}).", "en": "Created user {username} ({role})."},
    "cli.mapping_imported": {
        "vi": "Đã nhập {rows} dòng chuyển đổi phường/xã cũ sang mới.",
        "en": "Imported {rows} old-to-new ward conversion rows.",
    },
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Look up and format a message; English falls back to Vietnamese where a text is missing."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def format_number(value: int) -> str:
    """Vietnamese digit grouping with dots: 1.234.567."""
    return f"{value:,}".replace(",", ".")
