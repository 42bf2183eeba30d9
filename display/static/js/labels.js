/* Screen texts, Vietnamese first; the display's "language" setting picks one. */
(function (QMS) {
  "use strict";
  QMS.labels = {
    vi: {
      latest: "Mời công dân có số", to_counter: "đến quầy", recent: "Số vừa gọi",
      no_call: "{Citizen} vui lòng chờ, số được gọi sẽ hiện tại đây",
      waiting: "Số người đang chờ", counter: "Quầy", idle: "—",
      book: "Đặt lịch hẹn lần sau trên điện thoại: quét mã",
      open: "Đang phục vụ", paused: "Tạm dừng", closed: "Ngừng phục vụ",
      connected: "● Đã kết nối", connecting: "Đang kết nối…",
      disconnected: "Mất kết nối, đang thử lại…", refused: "Mã thiết bị bị từ chối"
    },
    en: {
      latest: "Now calling number", to_counter: "to counter", recent: "Recent calls",
      no_call: "Please wait: the numbers called appear here",
      waiting: "Waiting", counter: "Counter", idle: "—",
      book: "Book your next visit on your phone: scan this code",
      open: "Serving", paused: "Paused", closed: "Closed",
      connected: "● Connected", connecting: "Connecting…",
      disconnected: "Disconnected, retrying…", refused: "Device token refused"
    }
  };
  QMS.text = function (language, key) {
    var table = QMS.labels[language] || QMS.labels.vi;
    return key in table ? table[key] : QMS.labels.vi[key];
  };
})(window.QMS = window.QMS || {});
