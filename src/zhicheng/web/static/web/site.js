// Autosave of section forms: nothing typed is lost on reload or a lost connection.
// Every change is kept in localStorage at once and sent to the server (debounced).
(function () {
  "use strict";
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var i = document.querySelector("input[name=csrfmiddlewaretoken]");
    return i ? i.value : "";
  }
  function fields(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.name === "csrfmiddlewaretoken") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      data[el.name] = el.value;
    });
    return data;
  }
  function fill(form, data) {
    Object.keys(data).forEach(function (name) {
      var el = form.elements[name];
      if (el && el.type !== "file") el.value = data[name];
    });
  }
  function stamp() {
    var d = new Date();
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2) + ":" + ("0" + d.getSeconds()).slice(-2);
  }
  function setup(form) {
    var url = form.getAttribute("data-autosave-url");
    var key = "zc-draft:" + url;
    var status = form.querySelector(".autosave");
    var serverTime = parseInt(form.getAttribute("data-draft-time") || "0", 10);
    try {
      var local = JSON.parse(localStorage.getItem(key) || "null");
      if (local && local.t > serverTime && local.data) {
        fill(form, local.data);
        if (status) status.textContent = "已恢复本机暂存的未保存内容，请核对后点击“保存”。";
      }
    } catch (e) { /* private mode: server drafts still work */ }
    var timer = null;
    function send() {
      var data = fields(form);
      var body = new URLSearchParams(data);
      fetch(url, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRFToken": csrf() } })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          if (status) status.textContent = "已自动保存草稿 " + stamp() + "（点击“保存”后才算正式保存）";
        })
        .catch(function () {
          if (status) status.textContent = "网络中断，内容已暂存在本机，恢复连接后会继续保存。";
        });
    }
    form.addEventListener("input", function () {
      try { localStorage.setItem(key, JSON.stringify({ t: Date.now(), data: fields(form) })); } catch (e) { /* ignore */ }
      clearTimeout(timer);
      timer = setTimeout(send, 600);
    });
    window.addEventListener("online", send);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-clear-local]").forEach(function (el) {
      try { localStorage.removeItem("zc-draft:" + el.getAttribute("data-clear-local")); } catch (e) { /* ignore */ }
    });
    if (document.querySelector("[data-clear-drafts]")) {
      // Logged out (or never in): drafts typed on this computer must not stay for the next user.
      try {
        Object.keys(localStorage).forEach(function (k) { if (k.indexOf("zc-draft:") === 0) localStorage.removeItem(k); });
      } catch (e) { /* ignore */ }
    }
    document.querySelectorAll("form[data-autosave-url]").forEach(setup);
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (ev) {
        if (!window.confirm(el.getAttribute("data-confirm"))) ev.preventDefault();
      });
    });
  });
})();
