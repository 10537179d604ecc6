"""Texts of the light poster page (lib.ui.poster_page): the landing a poster QR opens and its one-tap check-in."""

MESSAGES: dict[str, dict[str, str]] = {
    "light.title": {"vi": "Check-in tại địa điểm", "en": "Check in at this venue"},
    "light.kept": {"vi": "Chạm vào tên để check-in:", "en": "Tap a name to check in:"},
    "light.paste": {"vi": "Hoặc dán mã cá nhân của bạn", "en": "Or paste your personal code"},
    "light.expired": {
        "vi": "Trang đã mở quá lâu. Hãy chạm lại để check-in.",
        "en": "This page was open too long. Tap again to check in.",
    },
    "light.bad_request": {
        "vi": "Yêu cầu không hợp lệ. Hãy quét lại mã QR dán tại cửa.",
        "en": "Invalid request. Scan the QR code posted at the entrance again.",
    },
    "light.no_code": {"vi": "Hãy dán mã cá nhân của bạn.", "en": "Paste your personal code."},
    "light.declare": {
        "vi": "Chưa khai báo y tế? Khai báo rồi quét lại mã này",
        "en": "Not declared yet? Declare, then scan this code again",
    },
    "light.full_page": {"vi": "Mở trang check-in đầy đủ", "en": "Open the full check-in page"},
}
