"""Interface strings of the app shell (navigation, roles, sign-in, errors, home, categories, CLI); merged into
`lib.platform.i18n.CATALOGUE`."""

MESSAGES: dict[str, dict[str, str]] = {
    "confirm.yes": {"vi": "Xác nhận", "en": "Confirm"},
    "confirm.cancel": {"vi": "Hủy", "en": "Cancel"},
    # --- app and navigation
    "app.title": {"vi": "Quét mã QR và truy vết", "en": "QR check-in and contact tracing"},
    "table.empty": {"vi": "Chưa có dòng nào.", "en": "Nothing to show yet."},
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
    "page.cards": {"vi": "Cấp lại thẻ bị mất", "en": "Replace a lost card"},
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
    "err.role_required": {"vi": "Chọn vai trò của tài khoản.", "en": "Choose the account's role."},
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
    "err.self_limited": {
        "vi": "Quá nhiều lượt check-in từ thiết bị hoặc số điện thoại này. Vui lòng thử lại sau {minutes} phút hoặc nhờ nhân viên quét mã.",
        "en": "Too many check-ins from this device or phone. Try again in {minutes} minutes or ask the staff.",
    },
    "err.self_busy": {
        "vi": "Đang có quá nhiều lượt tự check-in cùng lúc. Vui lòng thử lại sau {minutes} phút hoặc nhờ nhân viên quét mã.",
        "en": "Too many self check-ins at this moment. Try again in {minutes} minute(s) or ask the staff.",
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
    "home.no_checkins_today": {
        "vi": "Hôm nay chưa có lượt check-in nào trong phạm vi của bạn.",
        "en": "No check-ins today within your scope yet.",
    },
    "home.no_checkins_recent": {
        "vi": "Chưa có lượt check-in nào trong 7 ngày qua trong phạm vi của bạn.",
        "en": "No check-ins over the last 7 days within your scope.",
    },
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
    "picker.ward_in_scheme": {"vi": "{name} · {scheme}", "en": "{name} · {scheme}"},
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
    "self.as": {"vi": "Check-in: {name}", "en": "Check in: {name}"},
    "self.code": {"vi": "Mã cá nhân (dán nội dung mã QR của bạn)", "en": "Personal code (paste your QR text)"},
    "self.go": {"vi": "Check-in", "en": "Check in"},
    "self.first_time": {
        "vi": "Chưa khai báo? [Khai báo y tế]({url}) rồi quay lại trang này.",
        "en": "Not declared yet? [Declare]({url}) then come back to this page.",
    },
    "self.at": {"vi": "{venue} · {time}", "en": "{venue} · {time}"},
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
    "err.unexpected": {
        "vi": "Đã xảy ra lỗi ngoài dự kiến; thao tác này chưa hoàn tất. Hãy thử lại. Nếu lỗi lặp lại, báo quản trị"
        " hệ thống mã tham chiếu {ref} (kèm thời điểm và việc đang làm).",
        "en": "Something unexpected went wrong; this action did not complete. Please try again. If it happens again,"
        " give the administrator the reference {ref} (with the time and what you were doing).",
    },
}
