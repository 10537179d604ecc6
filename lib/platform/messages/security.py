"""Messages of the security measures: sign-in refusals that do not tell accounts apart, limits, QR checks of
foreign links, the purpose of viewing personal rows, error references."""

MESSAGES: dict[str, dict[str, str]] = {
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
