/* Screen texts, each as [Vietnamese, English]; the display's "language" setting picks one. */
(function (QMS) {
  "use strict";
  QMS.labels = {
    latest: ["Mời công dân có số", "Now calling number"],
    to_counter: ["đến quầy", "to counter"],
    recent: ["Số vừa gọi", "Recent calls"],
    no_call: ["{Citizen} vui lòng chờ, số được gọi sẽ hiện tại đây",
              "Please wait: the numbers called appear here"],
    waiting: ["Số người đang chờ", "Waiting"],
    counter: ["Quầy", "Counter"],
    idle: ["—", "—"],
    book: ["Đặt lịch hẹn lần sau trên điện thoại: quét mã",
           "Book your next visit on your phone: scan this code"],
    open: ["Đang phục vụ", "Serving"],
    paused: ["Tạm dừng", "Paused"],
    closed: ["Ngừng phục vụ", "Closed"],
    connected: ["● Đã kết nối", "● Connected"],
    connecting: ["Đang kết nối…", "Connecting…"],
    disconnected: ["Mất kết nối, đang thử lại…", "Disconnected, retrying…"],
    refused: ["Mã thiết bị bị từ chối", "Device token refused"]
  };
  QMS.text = function (language, key) {
    var both = QMS.labels[key];
    return both && both[language === "en" ? 1 : 0];
  };
})(window.QMS = window.QMS || {});
