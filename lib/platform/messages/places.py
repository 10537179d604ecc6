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
    "venue.past_end_edit": {
        "vi": "Thời gian kết thúc mới ({ends}) đã qua: khi lưu, sự kiện chuyển sang “Đã kết thúc” và mã QR của nó"
        " không nhận check-in nào nữa. Chỉ lưu nếu sự kiện thật sự đã kết thúc.",
        "en": "The new end time ({ends}) has already passed: once saved, the event reads “Ended” and its QR code"
        " accepts no more check-ins. Save only if the event really is over.",
    },
    "imp.past_end": {
        "vi": "{n} sự kiện trong tệp đã kết thúc (dòng {lines}): mã QR của chúng sẽ không nhận check-in nào."
        " Chỉ nhập nếu bạn ghi lại các sự kiện đã diễn ra.",
        "en": "{n} events in the file have already ended (lines {lines}): their QR codes will accept no check-in."
        " Import them only to record events that have taken place.",
    },
    # --- the venue list
    "venue.search": {"vi": "Tìm theo tên, địa chỉ hoặc mã địa điểm", "en": "Search by name, address or venue code"},
    "col.ends_at": {"vi": "Kết thúc", "en": "Ends"},
    # --- a lost personal card
    "card.reissue": {"vi": "Thu hồi mã cũ và cấp thẻ mới", "en": "Revoke the old code and issue a new card"},
    "card.confirm": {
        "vi": "Thu hồi mã cá nhân của {name}? Thẻ cũ và mã cũ lưu trên điện thoại sẽ bị từ chối ở mọi cửa; hãy đưa cho người này thẻ mới.",
        "en": "Revoke the personal code of {name}? The old card, and the old code kept on a phone, will be refused at"
        " every door; give this person the new card.",
    },
    "card.reissued": {
        "vi": "Đã thu hồi mã cũ. Mã mới (phiên bản {version}) ở dưới: in thẻ hoặc cho xem mã.",
        "en": "The old code is revoked. The new code (version {version}) is below: print the card or show the code.",
    },
    "card.alt": {"vi": "Mã QR cá nhân mới của {name}", "en": "New personal QR code of {name}"},
    "card.caption": {"vi": "Thẻ cấp lại · mã phiên bản {version}", "en": "Reissued card · code version {version}"},
    "card.intro": {
        "vi": "Người dân mất thẻ mã QR: tìm người đó (theo số điện thoại, họ tên, số CCCD), ghi lý do, rồi thu hồi mã cũ"
        " và cấp thẻ mới. Chủ tịch phường chỉ cấp lại cho hộ gia đình của phường mình.",
        "en": "A resident lost their QR card: find the person (by phone, name or citizen ID number), state why, then"
        " revoke the old code and issue a new card. A ward chair reissues only for the households of their ward.",
    },
    "card.pick": {"vi": "Cấp lại thẻ cho", "en": "Reissue the card of"},
}
