"""Texts of the browser scanner at the door (lib/ui/scanner): its buttons, the queue of scans not yet sent,
and the refusal of a scan that reached the server too late."""

MESSAGES = {
    "scanner.start": {"vi": "BẬT CAMERA", "en": "START"},
    "scanner.stop": {"vi": "TẮT CAMERA", "en": "STOP"},
    "scanner.switch": {"vi": "Đổi camera", "en": "Switch camera"},
    "scanner.torch_on": {"vi": "Bật đèn", "en": "Torch on"},
    "scanner.torch_off": {"vi": "Tắt đèn", "en": "Torch off"},
    "scanner.loading": {"vi": "Đang mở camera…", "en": "Opening the camera…"},
    "scanner.no_camera_api": {
        "vi": "Trình duyệt này không dùng được camera (cần HTTPS).",
        "en": "The camera is not available in this browser (HTTPS is needed).",
    },
    "scanner.no_camera": {"vi": "Không tìm thấy camera.", "en": "No camera found."},
    "scanner.denied": {"vi": "Trang này không được phép dùng camera.", "en": "This page may not use the camera."},
    "scanner.decode_error": {"vi": "Lỗi đọc mã", "en": "Decoding failed"},
    "scanner.pending": {"vi": "{n} lượt chưa gửi", "en": "{n} scans not sent yet"},
    "scanner.signed_out": {
        "vi": "Phiên đăng nhập đã hết — hãy tải lại trang; các lượt quét vẫn được giữ",
        "en": "Signed out — reload the page; the scans are kept",
    },
    "scanner.refused": {
        "vi": "Máy chủ không nhận lượt gửi — hãy tải lại trang; các lượt quét vẫn được giữ",
        "en": "The server refused the scans — reload the page; the scans are kept",
    },
    "scanner.limited": {"vi": "Gửi quá nhiều lượt — đang chờ rồi gửi lại", "en": "Too many scans sent — waiting to send again"},
    "scanner.follow_up": {"vi": "Cần người gác quyết định (xem bên cạnh)", "en": "Your decision is needed (see beside)"},
    "door.scan_too_old": {
        "vi": "Lượt quét quá cũ, không được ghi nhận — hãy quét lại",
        "en": "This scan is too old to record — scan the code again",
    },
}
