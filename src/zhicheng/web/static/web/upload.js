// Uploads: the file's type and size are checked here before anything is sent, a progress bar shows the
// transfer, and the button stays disabled until the server has answered. The server checks again.
(function () {
  "use strict";
  var LABELS = { pdf: "PDF", jpg: "JPG", jpeg: "JPG", png: "PNG" };
  function mb(n) { return (n / 1048576).toFixed(1).replace(/\.0$/, ""); }
  function names(types) {
    var out = [];
    types.forEach(function (t) { var l = LABELS[t] || t.toUpperCase(); if (out.indexOf(l) < 0) out.push(l); });
    return out.join("、");
  }
  function problem(form, file) {
    var types = (form.getAttribute("data-types") || "").split(/\s+/).filter(Boolean);
    var max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    if (!file) return "请选择要上传的文件。";
    var ext = (file.name.match(/\.([^.]+)$/) || ["", ""])[1].toLowerCase();
    if (types.length && types.indexOf(ext) < 0) return "此处只接受 " + names(types) + " 格式的文件，请重新选择。";
    if (file.size === 0) return "所选文件是空的（0字节），请重新选择。";
    if (max && file.size > max) {
      return "文件大小为 " + mb(file.size) + " MB，超过单个文件 " + mb(max) + " MB 的上限。" +
        (types.length > 1 ? "请将材料拆分为多个文件后分别上传。" : "请压缩后重新上传。");
    }
    return "";
  }
  function setup(form) {
    var input = form.querySelector("input[type=file]");
    var button = form.querySelector("button");
    if (!input || !button) return;
    var error = document.createElement("p");
    error.className = "error upload-error";
    error.setAttribute("role", "alert");
    var bar = document.createElement("progress");
    bar.className = "upload-progress";
    bar.max = 100;
    bar.value = 0;
    bar.hidden = true;
    bar.setAttribute("aria-label", "上传进度");
    button.parentNode.insertBefore(bar, button.nextSibling);
    form.insertBefore(error, button);
    var idle = button.textContent;
    function fail(msg) {
      error.textContent = msg;
      bar.hidden = true;
      button.disabled = false;
      button.textContent = idle;
    }
    input.addEventListener("change", function () { error.textContent = problem(form, input.files[0]); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (button.disabled) return;
      var msg = problem(form, input.files[0]);
      if (msg) { fail(msg); input.focus(); return; }
      error.textContent = "";
      button.disabled = true;
      button.textContent = "上传中…";
      bar.hidden = false;
      bar.value = 0;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Upload", "progress");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round(e.loaded * 100 / e.total);
      });
      xhr.addEventListener("load", function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
        if (xhr.status === 200 && answer && answer.url) { window.location.assign(answer.url); return; }
        if (/\/login\//.test(xhr.responseURL || "")) { fail("登录已超时，请重新登录后再上传。"); return; }
        fail("上传失败（服务器答复 " + xhr.status + "），请稍后重试。");
      });
      xhr.addEventListener("error", function () { fail("网络中断，文件未上传完成，请检查网络后重试。"); });
      xhr.send(new FormData(form));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-upload]").forEach(setup);
  });
})();
