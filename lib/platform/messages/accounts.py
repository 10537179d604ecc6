"""Interface strings of staff sessions, password changes, the users page and the codes kept on a phone;
merged into `lib.platform.i18n.CATALOGUE`."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- sessions
    "signin.wait": {"vi": "Đang đăng nhập…", "en": "Signing in…"},
    "err.session_ticket": {
        "vi": "Chưa hoàn tất đăng nhập (trình duyệt không nhận được phiên làm việc). Vui lòng đăng nhập lại.",
        "en": "Sign-in could not be completed (the browser did not receive its session). Please sign in again.",
    },
    "err.session_ended": {
        "vi": "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.",
        "en": "The session has ended. Please sign in again.",
    },
    "err.must_change_password": {
        "vi": "Hãy đổi mật khẩu trước khi dùng hệ thống (trang Đổi mật khẩu).",
        "en": "Change your password before using the system (Change password page).",
    },
    # --- password change
    "page.password": {"vi": "Đổi mật khẩu", "en": "Change password"},
    "password.forced": {
        "vi": "Mật khẩu này do người khác đặt hoặc đã được in ra: hãy chọn mật khẩu mới của riêng bạn để tiếp tục.",
        "en": "This password was set by someone else or printed: choose your own new password to continue.",
    },
    "password.current": {"vi": "Mật khẩu hiện tại", "en": "Current password"},
    "password.new": {"vi": "Mật khẩu mới (ít nhất {min} ký tự)", "en": "New password (at least {min} characters)"},
    "password.repeat": {"vi": "Nhập lại mật khẩu mới", "en": "Repeat the new password"},
    "password.submit": {"vi": "Đổi mật khẩu", "en": "Change password"},
    "password.changed": {"vi": "Đã đổi mật khẩu.", "en": "Password changed."},
    "err.bad_password": {"vi": "Mật khẩu hiện tại không đúng.", "en": "The current password is wrong."},
    "err.password_same": {"vi": "Mật khẩu mới phải khác mật khẩu cũ.", "en": "The new password must differ from the old one."},
    "err.password_mismatch": {"vi": "Hai lần nhập mật khẩu mới không khớp.", "en": "The two new passwords do not match."},
    # --- users page
    "users.create": {"vi": "Tạo tài khoản", "en": "Create an account"},
    "users.username": {"vi": "Tên đăng nhập (3–32 ký tự: chữ, số, . _ -)", "en": "Username (3–32 characters: letters, digits, . _ -)"},
    "users.full_name": {"vi": "Họ và tên", "en": "Full name"},
    "users.first_password": {
        "vi": "Mật khẩu ban đầu (người dùng phải đổi khi đăng nhập lần đầu)",
        "en": "First password (to be changed at the first sign-in)",
    },
    "users.create_go": {"vi": "Tạo tài khoản", "en": "Create the account"},
    "users.created": {"vi": "Đã tạo tài khoản {username}.", "en": "Account {username} created."},
    "users.access": {"vi": "Mở khoá hoặc đặt lại mật khẩu", "en": "Unlock or reset a password"},
    "users.locked_until": {"vi": "Đang bị khoá đến {until}.", "en": "Locked until {until}."},
    "users.not_locked": {"vi": "Tài khoản không bị khoá.", "en": "The account is not locked."},
    "users.unlock": {"vi": "Mở khoá", "en": "Unlock"},
    "users.unlocked": {"vi": "Đã mở khoá tài khoản {username}.", "en": "Account {username} unlocked."},
    "users.reset": {"vi": "Đặt lại mật khẩu", "en": "Reset the password"},
    "users.reset_done": {
        "vi": "Mật khẩu tạm của {username} (trao tận tay; người dùng phải đổi khi đăng nhập, mật khẩu không được lưu ở đâu khác):",
        "en": "Temporary password of {username} (hand it over in person; it must be changed at sign-in and is kept nowhere else):",
    },
    "col.locked_until": {"vi": "Khoá đến", "en": "Locked until"},
    "col.must_change_password": {"vi": "Phải đổi mật khẩu", "en": "Must change password"},
    # --- codes kept on the phone
    "self.stored": {"vi": "Mã đã lưu trên điện thoại này:", "en": "Codes kept on this phone:"},
    "self.forget": {"vi": "Quên điện thoại này", "en": "Forget this phone"},
    "self.forgotten": {"vi": "Đã xoá các mã lưu trên điện thoại này.", "en": "The codes kept on this phone were removed."},
    "decl.kept": {
        "vi": "Các mã đã được lưu trên điện thoại này: lần sau quét mã QR tại địa điểm, chỉ cần chạm tên để check-in.",
        "en": "The codes are kept on this phone: next time you scan a venue's QR code, tap a name to check in.",
    },
    "decl.code_text": {"vi": "Mã cá nhân của {name} (có thể sao chép):", "en": "{name}'s personal code (copyable):"},
    "decl.code_alt": {"vi": "Mã QR cá nhân của {name}", "en": "Personal QR code of {name}"},
}
