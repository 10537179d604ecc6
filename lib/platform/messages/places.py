"""Interface strings of a venue's life after registration: what its poster prints (hotline, event dates), an
event's end, the venue list's search and export, and reissuing a lost personal card; merged into
`lib.platform.i18n.CATALOGUE`."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- printed on the poster (the poster itself is Vietnamese; the hotline line also in English)
    "poster.hotline": {"vi": "Đường dây nóng y tế: {hotline}", "en": "Health hotline: {hotline}"},
    "poster.event_dates": {"vi": "Sự kiện từ {starts} đến {ends}", "en": "Event from {starts} to {ends}"},
    # --- bulk printing leaves out what must not go on a wall
    "venue.bulk_left_out": {"vi": "Không in {n} địa điểm: {reasons}.", "en": "{n} venues not printed: {reasons}."},
    "venue.left_out.closed": {"vi": "{n} địa điểm đã đóng", "en": "{n} closed"},
    "venue.left_out.ended": {"vi": "{n} sự kiện đã kết thúc", "en": "{n} events that have ended"},
    # --- an event's end
    "status.ended": {"vi": "Đã kết thúc", "en": "Ended"},
    "venue.past_end_title": {"vi": "Sự kiện đã kết thúc", "en": "The event is over"},
    "venue.past_end": {
        "vi": "Thời gian kết thúc ({ends}) đã qua: mã QR của sự kiện này sẽ không nhận check-in nào."
        " Chỉ đăng ký nếu bạn ghi lại một sự kiện đã diễn ra.",
        "en": "The end time ({ends}) has already passed: this event's QR code will accept no check-in."
        " Register it only to record an event that has taken place.",
    },
    "venue.past_end_create": {"vi": "Vẫn đăng ký", "en": "Register anyway"},
    # --- the venue list
    "venue.search": {"vi": "Tìm theo tên, địa chỉ hoặc mã địa điểm", "en": "Search by name, address or venue code"},
    "col.ends_at": {"vi": "Kết thúc", "en": "Ends"},
}
