// Chunked, resumable upload of a recording (records/views/uploads.py describes the protocol).
// Without this script the form posts the file in one request, which suits small files.
(function () {
  "use strict";
  const form = document.querySelector("form[data-chunked-upload]");
  if (!form || !window.fetch || !window.Blob || !Blob.prototype.slice) return;
  const input = form.querySelector("input[type=file]");
  const bar = form.querySelector("progress");
  const status = form.querySelector("[data-upload-status]");
  const errorBox = form.querySelector("[data-upload-error]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  // The page's chunk size is a first guess; the server's answer to start or resume is the
  // one it accepts (it refuses bigger chunks), so it replaces the guess.
  let chunkSize = parseInt(form.dataset.chunkSize, 10);
  const adopt = (body) => { if (body.chunk_size > 0) chunkSize = body.chunk_size; };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const uploadUrl = (token) => form.dataset.uploadUrl.replace("TOKEN", token);

  function show(received, total) {
    form.querySelector("[data-upload-progress]").hidden = false;
    bar.max = total;
    bar.value = received;
    status.textContent = Math.floor((100 * received) / total) + "%（" + received + " / " + total + "）";
  }

  function clearFieldErrors() {
    form.querySelectorAll("[data-upload-field-error]").forEach((node) => node.remove());
    form.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
  }

  // Each refused field gets its message beside it, as the server-rendered form would.
  function markFields(fields) {
    Object.entries(fields || {}).forEach(([name, messages]) => {
      const field = form.elements[name] || form.elements[name.replace(/_id$/, "")];
      if (!field || !field.parentNode) return;
      const list = document.createElement("ul");
      list.className = "errorlist";
      list.dataset.uploadFieldError = "";
      messages.forEach((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      field.setAttribute("aria-invalid", "true");
      field.parentNode.insertBefore(list, field);
    });
  }

  function fail(error) {
    errorBox.hidden = false;
    errorBox.textContent = error.message;
    markFields(error.fields);
    errorBox.focus();
    form.querySelector("button[type=submit]").disabled = false;
  }

  function refusal(answer) {
    const error = new Error(answer.body.error || String(answer.status));
    error.fields = answer.body.fields;
    return error;
  }

  async function call(url, options) {
    const response = await fetch(url, {
      credentials: "same-origin",
      ...options,
      headers: { "X-CSRFToken": csrf, Accept: "application/json", ...(options.headers || {}) },
    });
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    return { status: response.status, body };
  }

  async function resumePoint(key) {
    const token = localStorage.getItem(key);
    if (!token) return null;
    try {
      const answer = await call(uploadUrl(token), { method: "GET" });
      if (answer.status === 200 && answer.body.state === "open") {
        adopt(answer.body);
        return { token, received: answer.body.received };
      }
    } catch (e) { /* the server is unreachable: start afresh when it is back */ }
    localStorage.removeItem(key);
    return null;
  }

  async function start(file) {
    const data = new FormData(form);
    data.delete(input.name);
    data.set("filename", file.name);
    data.set("size", String(file.size));
    const answer = await call(form.dataset.startUrl, { method: "POST", body: data });
    if (answer.status !== 201) throw refusal(answer);
    adopt(answer.body);
    return { token: answer.body.token, received: 0 };
  }

  async function sendChunks(file, session) {
    let received = session.received;
    let wait = 1000;
    while (received < file.size) {
      const piece = file.slice(received, Math.min(received + chunkSize, file.size));
      let answer;
      try {
        answer = await call(uploadUrl(session.token) + "?offset=" + received, {
          method: "POST", body: piece, headers: { "Content-Type": "application/octet-stream" },
        });
      } catch (e) {
        answer = { status: 0, body: {} };
      }
      if (answer.status === 200) {
        received = answer.body.received;
        wait = 1000;
        show(received, file.size);
      } else if (answer.status === 400 && typeof answer.body.received === "number" && answer.body.received !== received) {
        received = answer.body.received;  // the server knows better where to resume
        status.textContent = form.dataset.msgResuming + " " + received;
      } else if (answer.status >= 400 && answer.status < 500) {
        throw refusal(answer);
      } else {
        status.textContent = form.dataset.msgFailed;
        await sleep(wait);
        wait = Math.min(wait * 2, 30000);
        const point = await resumePoint(session.key);
        if (point) received = point.received;
      }
    }
  }

  form.addEventListener("submit", async (event) => {
    const file = input && input.files && input.files[0];
    if (!file) return;  // let the server say what is missing
    event.preventDefault();
    errorBox.hidden = true;
    clearFieldErrors();
    form.querySelector("button[type=submit]").disabled = true;
    const key = "sanxiang-upload:" + form.dataset.startUrl + ":" + file.name + ":" + file.size + ":" + file.lastModified;
    try {
      let session = await resumePoint(key);
      if (session) status.textContent = form.dataset.msgResuming + " " + session.received;
      else session = await start(file);
      session.key = key;
      localStorage.setItem(key, session.token);
      show(session.received, file.size);
      await sendChunks(file, session);
      status.textContent = form.dataset.msgDone;
      const done = await call(uploadUrl(session.token) + "finish/", { method: "POST" });
      if (done.status !== 200) throw refusal(done);
      localStorage.removeItem(key);
      window.location.assign(done.body.url);
    } catch (error) {
      fail(error);
    }
  });
})();
