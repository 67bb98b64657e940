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
  // The browser's own copy, per user, application, section and form (the draft URL names the last three):
  // it survives a lost session and a new login of the same user, and is dropped only once the server
  // holds the same content. session.js removes the copies of anyone else who signed in on this computer.
  function localKey(user, url) { return "zc-draft:" + user + ":" + url; }
  function readLocal(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function norm(v) { return v === undefined || v === null ? "" : String(v).replace(/\r\n/g, "\n"); }
  function same(a, b) {
    if (!a || !b) return false;
    var keys = Object.keys(a).concat(Object.keys(b));
    for (var i = 0; i < keys.length; i++) { if (norm(a[keys[i]]) !== norm(b[keys[i]])) return false; }
    return true;
  }
  function forgetIfSame(key, data) {
    var local = readLocal(key);
    if (local && same(local.data, data)) { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  }
  function session(left) {
    document.dispatchEvent(new CustomEvent("zc:session", { detail: { left: left } }));
  }
  var EXPIRED = "登录已超时，请重新登录后继续；已输入的内容保存在本机。";
  function setup(form) {
    var url = form.getAttribute("data-autosave-url");
    var key = localKey(form.getAttribute("data-user"), url);
    var status = form.querySelector(".autosave");
    var serverTime = parseInt(form.getAttribute("data-draft-time") || "0", 10);
    function show(text, failed, login) {
      if (!status) return;
      status.textContent = text;
      status.className = failed ? "autosave error" : "autosave";
      if (login) {
        var a = document.createElement("a");
        a.href = login + "?next=" + encodeURIComponent(location.pathname + location.search);
        a.textContent = "重新登录";
        status.appendChild(document.createTextNode(" "));
        status.appendChild(a);
      }
    }
    var local = readLocal(key);
    if (local && local.data) {
      if (same(local.data, fields(form))) forgetIfSame(key, local.data); // the page shows what the server holds
      else if (local.t > serverTime) {
        fill(form, local.data);
        show("已恢复本机暂存的未保存内容，请核对后点击“保存”。");
      }
    }
    var timer = null;
    function send() {
      var data = fields(form);
      fetch(url, { method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
                   headers: { "X-CSRFToken": csrf(), "Accept": "application/json" } })
        .then(function (r) {
          // Only the expected JSON counts: a redirect to the login page, an HTML error page or a 401/403
          // is a failure, whatever its status.
          var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          return (json ? r.json() : Promise.resolve(null)).catch(function () { return null; })
            .then(function (body) { return { r: r, body: body }; });
        })
        .then(function (res) {
          var r = res.r, body = res.body;
          var left = r.headers.get("X-Session-Seconds-Left");
          if (r.ok && !r.redirected && body && body.ok === true) {
            show("已自动保存草稿 " + stamp() + "（点击“保存”后才算正式保存）");
            if (body.data && same(body.data, data)) forgetIfSame(key, data);
            if (left !== null) session(parseInt(left, 10));
          } else if (r.status === 401 || (r.redirected && r.url.indexOf("/login/") !== -1)) {
            show(EXPIRED, true, (body && body.login_url) || "/login/");
            session(0);
          } else {
            show("自动保存失败：" + ((body && body.error) || "服务器未能保存（" + r.status + "）") +
                 "。已输入的内容保存在本机。", true);
          }
        }, function () {
          show("网络中断，自动保存失败；已输入的内容保存在本机，恢复连接后会继续保存。", true);
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
      // Saved: forget the local copy only if it holds exactly what the server stored (nothing newer).
      var saved = null;
      try { saved = JSON.parse(el.getAttribute("data-saved-values") || "null"); } catch (e) { /* keep it */ }
      if (saved) forgetIfSame(localKey(el.getAttribute("data-user"), el.getAttribute("data-clear-local")), saved);
    });
    document.querySelectorAll("form[data-autosave-url]").forEach(setup);
  });
  // Delegated, so buttons swapped in later (htmx, e.g. 核实通过 after the last item is marked) ask too.
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) ev.preventDefault();
  });
})();
