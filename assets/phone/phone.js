// The phone page of a Funnel Lab room: no framework, no wasm. It reads the room
// (GET /api/rooms/CODE) every 2 s, shows the lesson's question and one P(plan) guess per arm,
// and sends the guesses (POST /api/rooms/CODE/votes) for the open round, as often as the phone
// changes them until the round closes. Every text is set with textContent.
"use strict";
(function () {
  var RU = /^ru\b/i.test(navigator.language || "");
  var T = RU ? {
    loading: "Подключаемся к комнате…",
    wait: "Ведущий ещё не открыл голосование. Ждите.",
    open: function (n) { return "Раунд " + n + " открыт: оцените и отправьте."; },
    closed: function (n) { return "Раунд " + n + " закрыт. Ждите следующего раунда или ответа."; },
    next: function (n) { return "Открыт раунд " + n + ": можно проголосовать снова."; },
    hint: "Какова вероятность выполнить план (P(plan)) в каждом варианте? 0–100 %.",
    name: "Имя (необязательно)",
    send: "Отправить", update: "Изменить ответ",
    saved: function (n) { return "Ответ раунда " + n + " сохранён. Его можно менять, пока раунд открыт."; },
    kept: function (n) { return "Ваш ответ в раунде " + n + " учтён."; },
    sending: "Отправляем…",
    offline: "Нет связи с сервером; повторяем…",
    gone: "Комнаты с таким кодом нет (возможно, она закрыта). Проверьте код.",
    slow: "Слишком много запросов; подождём немного.",
    guess: "Оценка P(plan), %"
  } : {
    loading: "Joining the room…",
    wait: "The trainer has not opened voting yet. Please wait.",
    open: function (n) { return "Round " + n + " is open: guess and send."; },
    closed: function (n) { return "Round " + n + " is closed. Wait for the next round or the reveal."; },
    next: function (n) { return "Round " + n + " is open: you can vote again."; },
    hint: "How likely is the plan met (P(plan)) in each arm? 0–100 %.",
    name: "Name (optional)",
    send: "Send", update: "Change my answer",
    saved: function (n) { return "Your round " + n + " answer is saved. You can change it while the round is open."; },
    kept: function (n) { return "Your round " + n + " answer is in."; },
    sending: "Sending…",
    offline: "No connection to the server; retrying…",
    gone: "No room with this code (it may have closed). Check the code.",
    slow: "Too many requests; waiting a moment.",
    guess: "P(plan) guess, %"
  };
  document.documentElement.lang = RU ? "ru" : "en";
  var $ = function (id) { return document.getElementById(id); };
  var code = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "").toUpperCase();
  var api = "/api/rooms/" + encodeURIComponent(code);
  var voterKey = "funnel-lab-voter";
  var voter = null;
  try { voter = localStorage.getItem(voterKey); } catch (e) { voter = null; }
  if (!voter || !/^[A-Za-z0-9_-]{1,64}$/.test(voter)) {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    voter = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    try { localStorage.setItem(voterKey, voter); } catch (e) { /* private mode: this tab only */ }
  }
  try { $("name").value = localStorage.getItem("funnel-lab-name") || ""; } catch (e) { /* none */ }

  var room = null;        // the last room read
  var savedRound = 0;     // the round our last vote was saved in
  var built = false;
  var seenRound = 0;

  $("code").textContent = code;
  $("hint").textContent = T.hint;
  $("name-label").textContent = T.name;
  $("send").textContent = T.send;
  setState(T.loading, "");

  function setState(text, cls) {
    var s = $("state");
    s.textContent = text;
    s.className = "state " + (cls || "");
  }
  function say(text, cls) {
    var s = $("saved");
    s.textContent = text;
    s.className = "saved " + (cls || "");
  }
  function errorText(status, body) {
    if (status === 404) return T.gone;
    if (status === 429) return T.slow;
    if (body && (RU ? body.error_ru : body.error)) return RU ? body.error_ru : body.error;
    return T.offline;
  }
  function label(text) { return (text && (RU ? text.ru : text.en)) || ""; }

  function build(r) {
    var arms = $("arms");
    arms.textContent = "";
    r.arms.forEach(function (arm, i) {
      var box = document.createElement("div");
      box.className = "arm";
      var id = "g" + i;
      var l = document.createElement("label");
      l.htmlFor = id;
      l.textContent = label(arm.label);
      var row = document.createElement("div");
      row.className = "row";
      var range = document.createElement("input");
      range.type = "range"; range.min = "0"; range.max = "100"; range.step = "1"; range.value = "50";
      range.id = id;
      range.setAttribute("aria-label", label(arm.label) + ": " + T.guess);
      var num = document.createElement("input");
      num.type = "number"; num.min = "0"; num.max = "100"; num.step = "1"; num.value = "50";
      num.inputMode = "numeric";
      num.setAttribute("aria-label", T.guess);
      range.addEventListener("input", function () { num.value = range.value; changed(); });
      num.addEventListener("input", function () {
        var v = Math.max(0, Math.min(100, Math.round(Number(num.value))));
        if (isFinite(v)) range.value = String(v);
        changed();
      });
      var pct = document.createElement("span");
      pct.textContent = "%";
      row.appendChild(range); row.appendChild(num); row.appendChild(pct);
      box.appendChild(l); box.appendChild(row);
      arms.appendChild(box);
    });
    $("title").textContent = label(r.title);
    $("question").textContent = label(r.question);
    document.title = label(r.title) + " · Funnel Lab";
    $("vote").hidden = false;
    built = true;
  }

  function changed() {
    if (savedRound && room && savedRound === room.round) {
      $("send").textContent = T.update;
      say("", "");
    }
  }

  function guesses() {
    return Array.prototype.map.call(document.querySelectorAll("#arms input[type=range]"), function (r) {
      return Number(r.value);
    });
  }

  function show(r) {
    var first = !built;
    if (first) build(r);
    var open = r.open && r.round > 0;
    var controls = document.querySelectorAll("#vote input, #vote button");
    Array.prototype.forEach.call(controls, function (c) { c.disabled = !open; });
    if (!open) {
      setState(r.round > 0 ? T.closed(r.round) : T.wait, "");
      if (savedRound && savedRound === r.round) say(T.kept(r.round), "ok");
    } else if (seenRound && r.round !== seenRound) {
      setState(T.next(r.round), "open");
      $("send").textContent = T.send;
      say("", "");
    } else if (savedRound !== r.round) {
      setState(T.open(r.round), "open");
    }
    if (open) seenRound = r.round;
    room = r;
  }

  var timer = null;
  function poll() {
    clearTimeout(timer);
    fetch(api + "?voter=" + encodeURIComponent(voter), { cache: "no-store" })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (body) {
          if (res.ok && body) { show(body); timer = setTimeout(poll, 2000); return; }
          setState(errorText(res.status, body), "error");
          timer = setTimeout(poll, res.status === 404 ? 10000 : 4000);
        });
      })
      .catch(function () {
        setState(T.offline, "error");
        timer = setTimeout(poll, 4000);
      });
  }

  $("vote").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!room || !room.open) return;
    var round = room.round;
    var name = $("name").value.trim().slice(0, 40);
    try { localStorage.setItem("funnel-lab-name", name); } catch (e) { /* none */ }
    var body = { voter: voter, round: round, guesses: guesses() };
    if (name) body.name = name;
    $("send").disabled = true;
    say(T.sending, "");
    fetch(api + "/votes", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (res) {
      if (res.status === 204) {
        savedRound = round;
        say(T.saved(round), "ok");
        setState(T.open(round), "open");
        $("send").textContent = T.update;
        return;
      }
      return res.json().catch(function () { return null; }).then(function (b) {
        say(errorText(res.status, b), "bad");
        if (res.status === 409) poll();
      });
    }).catch(function () {
      say(T.offline, "bad");
    }).then(function () {
      $("send").disabled = !(room && room.open);
    });
  });

  poll();
})();
