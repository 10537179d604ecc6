"""Texts of the door: what the guard must do for each status, the red person's decision, the card holder's
new code, and what a person sees about their own status."""

MESSAGES = {
    # what the guard must do (the door never shows symptoms)
    "door.do_case": {
        "vi": "Đang cách ly (F0) — không cho vào, báo y tế",
        "en": "In isolation (confirmed case) — do not admit, notify the health staff",
    },
    "door.do_exposure": {
        "vi": "F1 đang theo dõi — không cho vào, hướng dẫn về nơi cách ly, báo y tế",
        "en": "Contact under follow-up (F1) — do not admit, send back to isolation, notify the health staff",
    },
    "door.do_declaration": {
        "vi": "Khai báo có nguy cơ — không cho vào, hướng dẫn liên hệ trạm y tế",
        "en": "Risky declaration — do not admit, direct the person to the health station",
    },
    "door.do_red": {
        "vi": "Nguy cơ cao — không cho vào, báo y tế",
        "en": "High risk — do not admit, notify the health staff",
    },
    "door.do_yellow": {"vi": "Cho vào — nhắc đeo khẩu trang, giữ khoảng cách", "en": "Admit — remind to wear a mask and keep distance"},
    "door.do_green": {"vi": "Cho vào", "en": "Admit"},
    "door.do_unknown": {"vi": "Nhắc người này khai báo", "en": "Ask them to file a declaration"},
    "door.red_hold": {"vi": "ĐỎ — chờ quyết định", "en": "RED — your decision"},
    "door.turned_away": {"vi": "KHÔNG CHO VÀO lúc {time}", "en": "TURNED AWAY at {time}"},
    "door.already_turned_away": {"vi": "Đã không cho vào lúc {time}", "en": "Already turned away at {time}"},
    "door.self_refused": {
        "vi": "CHƯA ĐƯỢC VÀO — không tự check-in khi có nguy cơ cao",
        "en": "NOT CHECKED IN — no self check-in at high risk",
    },
    "door.admit": {"vi": "Cho vào", "en": "Admit"},
    "door.refuse": {"vi": "Không cho vào", "en": "Do not admit"},
    "door.decision_help": {
        "vi": "Chọn một: cả hai lựa chọn đều được ghi lại.",
        "en": "Choose one: either choice is recorded.",
    },
    "val.door_decision": {"vi": "Hãy chọn cho vào hoặc không cho vào.", "en": "Choose admit or do not admit."},
    "reason.case": {"vi": "ca bệnh (F0)", "en": "confirmed case (F0)"},
    "scan.rel_level": {"vi": "{name} — {level}", "en": "{name} — {level}"},
    "scan.new_code": {
        "vi": "Mã cá nhân của {name}: đưa cho người này xem, chụp lại hoặc in ra để lần sau quét nhanh.",
        "en": "Personal code of {name}: show it, let them photograph it or print it for a quick scan next time.",
    },
    "scan.new_code_png": {"vi": "Tải mã (PNG)", "en": "Download the code (PNG)"},
    "scan.new_code_pdf": {"vi": "In thẻ mã (PDF)", "en": "Print the code card (PDF)"},
    "scan.close_day_confirm": {
        "vi": "Check-out tất cả những người còn ở trong {venue}? Không thể hoàn tác.",
        "en": "Check out everyone still inside {venue}? This cannot be undone.",
    },
    "scan.close_day_yes": {"vi": "Kết thúc ngày", "en": "Close the day"},
    "scan.cancel": {"vi": "Hủy", "en": "Cancel"},
    # the camera component's own texts (streamlit-webrtc translations)
    "webrtc.start": {"vi": "BẬT CAMERA", "en": "START"},
    "webrtc.stop": {"vi": "TẮT CAMERA", "en": "STOP"},
    "webrtc.select_device": {"vi": "Chọn camera", "en": "Select device"},
    "webrtc.media_api_not_available": {
        "vi": "Trình duyệt này không dùng được camera.",
        "en": "The camera is not available in this browser.",
    },
    "webrtc.device_ask_permission": {"vi": "Hãy cho phép trang này dùng camera.", "en": "Please allow this page to use the camera."},
    "webrtc.device_not_available": {"vi": "Không tìm thấy camera.", "en": "No camera found."},
    "webrtc.device_access_denied": {"vi": "Trang này không được phép dùng camera.", "en": "This page may not use the camera."},
    "webrtc.turn_camera_on": {"vi": "Bật camera", "en": "Turn camera on"},
    "webrtc.turn_camera_off": {"vi": "Tắt camera", "en": "Turn camera off"},
    "webrtc.select_camera": {"vi": "Chọn camera", "en": "Select camera"},
    "st.take_photo": {"vi": "Chụp ảnh", "en": "Take Photo"},
    "st.browse_files": {"vi": "Chọn tệp", "en": "Browse files"},
    # what a person sees about their own status (declaration page, history)
    "status.title": {"vi": "Tình trạng của {name}: {level}", "en": "Status of {name}: {level}"},
    "status.do_case": {
        "vi": "Bạn là ca bệnh (F0): cách ly tại nơi được chỉ định, không đến nơi công cộng, làm theo hướng dẫn của trạm y tế.",
        "en": "You are a confirmed case (F0): stay in isolation where you were told, go to no public place, follow the health station.",
    },
    "status.do_exposure": {
        "vi": "Bạn là F1 (tiếp xúc gần ca bệnh): tự cách ly, theo dõi sức khoẻ, trạm y tế sẽ liên hệ; báo ngay nếu có triệu chứng.",
        "en": "You are a close contact (F1): isolate, watch your health, the health station will contact you; report any symptom.",
    },
    "status.do_declaration": {
        "vi": "Khai báo của bạn có nguy cơ: liên hệ trạm y tế trước khi đến nơi công cộng.",
        "en": "Your declaration shows a risk: contact the health station before going to public places.",
    },
    "status.do_red": {"vi": "Liên hệ trạm y tế trước khi đến nơi công cộng.", "en": "Contact the health station before going out."},
    "status.do_yellow": {
        "vi": "Đeo khẩu trang, theo dõi sức khoẻ và khai báo lại nếu có thay đổi.",
        "en": "Wear a mask, watch your health, declare again if anything changes.",
    },
    "status.do_green": {"vi": "Không có nguy cơ. Khai báo lại khi có thay đổi.", "en": "No risk. Declare again if anything changes."},
    "status.do_unknown": {"vi": "Chưa có khai báo y tế.", "en": "No health declaration yet."},
}
