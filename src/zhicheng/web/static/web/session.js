// Idle timeout warning (等保 登录超时): a few minutes before the session ends, say so and offer a button
// that extends it (POST /session/extend/). Also drops local drafts of any other user of this computer.
(function () {
  "use strict";
  var me = document.getElementById("zc-session");
  if (!me) return;
  var user = me.getAttribute("data-user");
  var warnMs = parseInt(me.getAttribute("data-warn") || "300", 10) * 1000;
  var extendUrl = me.getAttribute("data-extend-url");
  var loginUrl = me.getAttribute("data-login-url");
  var shareKey = "zc-session-expires:" + user;
  var expires = Date.now() + parseInt(me.getAttribute("data-seconds-left") || "0", 10) * 1000;
  var dead = false; // the server said the session is gone: no other tab can bring it back
  var box = null, text = null, button = null;

  try {
    // Another user signed in here: the drafts typed by whoever used this computer before are not theirs.
    Object.keys(localStorage).forEach(function (k) {
      if (k.indexOf("zc-draft:") === 0 && k.indexOf("zc-draft:" + user + ":") !== 0) localStorage.removeItem(k);
    });
  } catch (e) { /* private mode */ }

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var i = document.querySelector("input[name=csrfmiddlewaretoken]"); // the logout form has one
    return i ? i.value : "";
  }
  // Tabs share the expiry: activity in one tab keeps the others from warning.
  function share(t) {
    expires = t;
    try { localStorage.setItem(shareKey, String(t)); } catch (e) { /* ignore */ }
  }
  function latest() {
    try {
      var t = parseInt(localStorage.getItem(shareKey) || "0", 10);
      if (t > expires) expires = t;
    } catch (e) { /* ignore */ }
    return expires;
  }
  function ensureBox() {
    if (box) return;
    box = document.createElement("div");
    box.className = "session-warning";
    box.id = "session-warning";
    box.setAttribute("role", "alert");
    text = document.createElement("p");
    button = document.createElement("button");
    button.type = "button";
    button.className = "primary";
    button.textContent = "继续使用（延长登录）";
    button.addEventListener("click", extend);
    box.appendChild(text);
    box.appendChild(button);
    document.body.appendChild(box);
  }
  function showExpired() {
    ensureBox();
    box.hidden = false;
    button.hidden = true;
    text.textContent = "登录已超时，请重新登录后继续；已输入的内容保存在本机。";
    var a = document.createElement("a");
    a.href = loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search);
    a.textContent = "重新登录";
    text.appendChild(document.createTextNode(" "));
    text.appendChild(a);
  }
  function tick() {
    var left = dead ? 0 : latest() - Date.now();
    if (left <= 0) return showExpired();
    if (left > warnMs) { if (box) box.hidden = true; return; }
    ensureBox();
    box.hidden = false;
    button.hidden = false;
    var s = Math.ceil(left / 1000);
    text.textContent = "您已较长时间未操作，登录将在" + Math.floor(s / 60) + "分" + (s % 60) +
      "秒后超时。请点击“继续使用”，或先保存正在填写的内容。";
  }
  function extend() {
    button.disabled = true;
    fetch(extendUrl, { method: "POST", credentials: "same-origin",
                       headers: { "X-CSRFToken": csrf(), "Accept": "application/json" } })
      .then(function (r) {
        var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (json ? r.json() : Promise.resolve(null)).catch(function () { return null; })
          .then(function (body) { return { r: r, body: body }; });
      })
      .then(function (res) {
        if (res.r.ok && !res.r.redirected && res.body && res.body.ok === true) {
          share(Date.now() + res.body.seconds_left * 1000);
          tick();
          if (!box.hidden && !button.hidden) {
            // Extended as far as it goes: the absolute timeout (8 hours) cannot be moved.
            text.textContent = "已达到最长登录时长，请保存正在填写的内容后重新登录。";
            button.hidden = true;
          }
        } else if (res.r.status === 401 || res.r.redirected) {
          dead = true;
          showExpired();
        } else {
          text.textContent = "延长登录失败（" + res.r.status + "），请稍后重试。";
        }
      }, function () {
        text.textContent = "网络中断，延长登录失败，请检查网络后重试。";
      })
      .then(function () { button.disabled = false; });
  }
  // Autosave (site.js) reports what the server said about the session after each request.
  document.addEventListener("zc:session", function (ev) {
    var left = ev.detail && ev.detail.left;
    if (left === 0) dead = true;
    else if (typeof left === "number" && !isNaN(left)) share(Date.now() + left * 1000);
    tick();
  });
  share(expires);
  document.addEventListener("DOMContentLoaded", tick);
  setInterval(tick, 1000);
})();
