"""Messages of the security measures: sign-in refusals that do not tell accounts apart, limits, QR checks of
foreign links, the purpose of viewing personal rows, error references."""

MESSAGES: dict[str, dict[str, str]] = {
    "purpose.ask": {
        "vi": "Mục đích xem danh sách có dữ liệu cá nhân (ghi vào nhật ký)",
        "en": "Why you are viewing a list with personal data (audited)",
    },
    "purpose.needed": {
        "vi": "Nhập mục đích để xem danh sách: mỗi lần xem dữ liệu cá nhân được ghi vào nhật ký cùng số người và mục đích.",
        "en": "State the purpose to see the list: each view of personal data is audited with the number of people and the purpose.",
    },
    "val.lookup_needs": {
        "vi": "Nhập năm sinh và số điện thoại, hoặc năm sinh và 4 số cuối CCCD.",
        "en": "Enter the birth year and a phone number, or the birth year and the last 4 digits of the ID card.",
    },
    "err.staff_lookup_limited": {
        "vi": "Tài khoản này đã tra cứu {n} lần trong {minutes} phút. Hãy đề nghị khách đưa mã QR hoặc CCCD.",
        "en": "This account has made {n} look-ups within {minutes} minutes. Ask the visitor for their QR code or ID card.",
    },
    "scan.nc_match": {"vi": "{name} — {instruction}", "en": "{name} — {instruction}"},
    "scan.nc_record": {"vi": "Ghi nhận cho người này", "en": "Record for this person"},
    "scan.nc_none": {
        "vi": "Không có đúng một người khớp. Hãy đề nghị khách đưa mã QR hoặc CCCD.",
        "en": "Not exactly one person matches. Ask the visitor for their QR code or ID card.",
    },
    "check.foreign_link": {
        "vi": "Mã chứa một đường dẫn không phải trang tự khai báo của hệ thống này (địa chỉ khác): áp phích không hợp lệ,"
        " có thể là áp phích giả mạo. Gỡ áp phích và báo cho cán bộ phụ trách.",
        "en": "The code holds a link that is not this system's self check-in page (another address): the poster is not"
        " valid and may be a fake. Remove it and tell the officer in charge.",
    },
    "check.bare_token": {
        "vi": "Mã chỉ chứa mã địa điểm, không có đường dẫn của hệ thống: không phải áp phích do hệ thống in ra.",
        "en": "The code holds a venue code without this system's link: it is not a poster printed by this system.",
    },
    "code.foreign_link": {
        "vi": "Đường dẫn này không phải trang của hệ thống: không dùng được mã này.",
        "en": "This link is not a page of this system: the code cannot be used.",
    },
    "err.sign_in_refused": {
        "vi": "Không đăng nhập được: sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản tạm thời chưa đăng nhập được."
        " Hãy thử lại sau ít phút hoặc liên hệ quản trị viên.",
        "en": "Could not sign in: wrong username or password, or the account cannot sign in for now."
        " Try again in a few minutes or ask the administrator.",
    },
    "err.try_again": {
        "vi": "Hệ thống đang bận, chưa có gì được lưu. Hãy thử lại.",
        "en": "The system is busy; nothing was saved. Please try again.",
    },
}
