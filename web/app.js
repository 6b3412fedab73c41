// The planforge page: starts Pyodide from this folder, loads planforge's wheels, and turns each
// form into one call of planforge.web (make_plan, describe_plan, render_plan, shift_plan).
// Every check, plan and file comes from planforge itself; this file only draws the forms,
// shows what planforge answers and offers the files for download. Nothing is sent anywhere.
// A classic script (Pyodide's module is imported with import()), so that a page opened as a
// file, where browsers refuse module scripts, still runs it and says what to do.
"use strict";

// The forms' fields, one entry per command-line option: adding an option (say --equipment) to
// a form is one entry here. `option` is the option's name without "--" (planforge's parser
// checks the value, with the messages the terminal shows); help and choices come from the
// option itself. Widgets: choice (radio buttons), list (tick boxes: all ticked is the default,
// none ticked sends `none`), text, date, days, times, check.
// `more`: under "More options"; `value`: the starting value; `send`: when to send it;
// `hint`: words for people who never open a terminal, instead of the option's --help.
const FIELDS = {
  make: [
    { option: "goal", label: "Goal", widget: "choice", hint: null, choices: (info) => info.goals.map((g) => [g.name, title(g.name), g.description]) },
    { option: "level", label: "Where you start", widget: "choice", hint: null, choices: levelChoices },
    { option: "weeks", label: "Weeks", widget: "text", value: () => "8", inputmode: "numeric", size: 4, hint: "How long the plan runs: 1 to 52 weeks." },
    { option: "start", label: "First day", widget: "date", value: (info) => info.start, hint: "Week 1 starts on this day." },
    { option: "days", label: "Days you can train", widget: "days", defaults: (form) => state.info.default_days[form.read("level")], hint: "Ticked for your level; change them to fit your week." },
    { option: "time", label: "Start time", widget: "times", hint: "Each workout becomes an event at this time. Empty: all-day events." },
    { option: "tz", label: "Time zone", widget: "text", value: browserZone, send: (form) => form.read("time") !== null, hint: "Your browser's; the start time is in this zone." },
    { option: "equipment", label: "Equipment you have", widget: "list", choices: (info) => info.equipment.map((e) => [e.name, e.words]), none: "none", hint: "All ticked: the plan may use any of it. Untick what you do not have; none ticked: no equipment." },
    { option: "remind", label: "Reminder before each workout", widget: "text", more: true, placeholder: "30m, 2h or 1d", hint: "For example 30m, 2h or 1d." },
    { option: "busy-only", label: "Show others only that I am busy", widget: "check", more: true },
    { option: "calendar-color", label: "Calendar colour", widget: "text", more: true, placeholder: "orange", hint: "A colour name such as orange or teal, where the calendar shows one." },
    { option: "created", label: "Creation time stamped into the files", widget: "text", more: true, value: nowUtc, hint: "Now, in UTC. The same choices and this stamp give the same files as planforge make --created." },
  ],
  render: [
    { option: "start", label: "First day", widget: "date", value: (info) => info.start, hint: "Week 1 starts on this day; every workout moves with it." },
    { option: "days", label: "Days you can train", widget: "days", hint: "None ticked: the plan's own days." },
    { option: "time", label: "Start time", widget: "times", hint: "Empty: the plan's own times." },
    { option: "tz", label: "Time zone", widget: "text", value: browserZone, send: (form) => form.read("all-day") === null && (form.read("time") !== null || state.shared?.plan.times.length > 0), hint: "Your browser's; the plan's times are put in this zone." },
    { option: "all-day", label: "All-day events, whatever the plan's times", widget: "check", more: true, hint: null },
    { option: "remind", label: "Reminder before each workout", widget: "text", more: true, placeholder: "30m, 2h or 1d", hint: "For example 30m, 2h or 1d." },
    { option: "busy-only", label: "Show others only that I am busy", widget: "check", more: true },
    { option: "calendar-color", label: "Calendar colour", widget: "text", more: true, placeholder: "orange", hint: "A colour name such as orange or teal, where the calendar shows one." },
  ],
  shift: [
    { option: "from", label: "First workout you missed", widget: "date", value: () => localDate(new Date()), hint: "This workout and every later one move." },
    { option: "by", label: "Move them later by", widget: "text", value: () => "1w", placeholder: "3d or 1w", size: 6, send: (form) => form.read("repeat-week") === null, hint: "Days or weeks: 3d, 1w, 2w (at most 12w)." },
    { option: "repeat-week", label: "Instead, do that week again", widget: "check", hint: "The weeks after it move a week later." },
  ],
};

// the Pyodide files the page loads (web/build.py copies these)
const RUNTIME = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const state = { py: null, web: null, info: null, forms: {}, shared: null, current: null, urls: [] };
const $ = (selector, root = document) => root.querySelector(selector);

function title(name) { const words = name.replace(/-/g, " "); return words[0].toUpperCase() + words.slice(1); }
function browserZone() { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch { return ""; } }
function nowUtc() { return new Date().toISOString().replace(/\.\d+Z$/, "Z"); }
function localDate(d) { return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; }
function levelChoices(info, spec) {
  // "beginner: cannot yet run 5 minutes; returning: ..." (the option's help) -> a hint per level
  const hints = Object.fromEntries((spec.help || "").replace(/\.$/, "").split("; ").map((p) => p.split(": ")));
  return info.levels.map((level) => [level, title(level), hints[level] ? `${hints[level]}` : ""]);
}

function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value; else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// ------------------------------------------------------------------ the widgets

function widget(formId, field, spec) {
  const id = `${formId}-${field.option}`;
  const text = field.hint === undefined ? spec.help : field.hint;
  const help = text ? element("p", { class: "hint", id: `${id}-help`, text }) : null;
  const error = element("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const described = [help && help.id, error.id].filter(Boolean).join(" ");
  const make = { choice: choiceWidget, list: listWidget, days: daysWidget, times: timesWidget, check: checkWidget }[field.widget] || inputWidget;
  const w = make(id, field, spec, described);
  w.box.classList.add("field");
  w.box.dataset.option = field.option;
  if (help) w.box.append(help);
  w.box.append(error);
  w.error = error;
  return w;
}

function inputWidget(id, field, spec, described) {
  const input = element("input", { id, name: field.option, type: field.widget === "date" ? "date" : "text", inputmode: field.inputmode,
    size: field.size, placeholder: field.placeholder, autocomplete: "off", "aria-describedby": described, spellcheck: "false" });
  return { box: element("div", {}, element("label", { for: id, text: field.label }), input), focus: input, inputs: [input],
    read: () => (input.disabled || input.value.trim() === "" ? null : input.value.trim()),
    set: (v) => { input.value = v ?? ""; } };
}

function checkWidget(id, field, spec, described) {
  const input = element("input", { id, name: field.option, type: "checkbox", "aria-describedby": described });
  const box = element("div", {}, element("div", { class: "check" }, input, element("label", { for: id, text: field.label })));
  return { box, focus: input, inputs: [input], read: () => (input.checked ? true : null), set: (v) => { input.checked = !!v; } };
}

function choiceWidget(id, field, spec) {
  const choices = field.choices(state.info, spec);
  const inputs = [];
  const box = element("fieldset", { class: "choice", id }, element("legend", { text: field.label }));
  for (const [value, label, hint] of choices) {
    const input = element("input", { type: "radio", name: id, id: `${id}-${value}`, value, "aria-describedby": hint ? `${id}-${value}-hint` : null });
    inputs.push(input);
    box.append(element("div", { class: "option" }, input,
      element("label", { for: input.id }, element("strong", { text: label }), hint ? element("span", { id: `${id}-${value}-hint`, text: hint }) : null)));
  }
  inputs[0].checked = true;
  return { box, focus: inputs[0], inputs, read: () => inputs.find((i) => i.checked)?.value ?? null,
    set: (v) => inputs.forEach((i, n) => { i.checked = v === null ? n === 0 : i.value === v; }) };
}

function listWidget(id, field, spec) {
  const box = element("fieldset", { class: "days list", id }, element("legend", { text: field.label }));
  const inputs = field.choices(state.info, spec).map(([value, label]) => {
    const input = element("input", { type: "checkbox", id: `${id}-${value}`, name: id, value });
    box.append(element("span", { class: "day" }, input, element("label", { for: input.id, text: label })));
    return input;
  });
  // all ticked: not sent (the command's default); none ticked: `none`
  const read = () => {
    const ticked = inputs.filter((i) => i.checked).map((i) => i.value);
    return ticked.length === inputs.length ? null : ticked.join(",") || field.none || "";
  };
  return { box, focus: inputs[0], inputs, read,
    set: (v) => { const want = v === null ? null : String(v).split(","); inputs.forEach((i) => { i.checked = want === null || want.includes(i.value); }); } };
}

function daysWidget(id, field) {
  const box = element("fieldset", { class: "days", id }, element("legend", { text: field.label }));
  const inputs = state.info.weekdays.map((day, i) => {
    const input = element("input", { type: "checkbox", id: `${id}-${day}`, name: id, value: day });
    input.addEventListener("change", () => { w.dirty = true; });
    box.append(element("span", { class: "day" }, input, element("label", { for: input.id, title: WEEKDAY_NAMES[i], text: WEEKDAY_NAMES[i].slice(0, 3) })));
    return input;
  });
  // not sent until ticked by hand: the command's own default (the level's days, the plan's own)
  const w = { box, focus: inputs[0], inputs, dirty: false,
    read: () => (w.dirty ? inputs.filter((i) => i.checked).map((i) => i.value).join(",") : null),
    set: (days) => { w.dirty = false; inputs.forEach((i) => { i.checked = (days || []).includes(i.value); }); } };
  return w;
}

function timesWidget(id, field, spec, described) {
  const main = element("input", { id, name: field.option, type: "time", "aria-describedby": described });
  const perDay = state.info.weekdays.map((day, i) => element("input", { type: "time", id: `${id}-${day}`, name: `${field.option}-${day}`, "aria-label": `Start time on ${WEEKDAY_NAMES[i]}s` }));
  const grid = element("div", { class: "per-day" }, ...perDay.map((input, i) => element("span", {}, element("label", { for: input.id, text: WEEKDAY_NAMES[i].slice(0, 3) }), input)));
  const box = element("div", {}, element("label", { for: id, text: field.label }), main,
    element("details", { class: "per-day-times" }, element("summary", { text: "A different time on some days" }), grid));
  const read = () => {
    const times = main.value ? [main.value] : [];
    perDay.forEach((input, i) => { if (input.value) times.push(`${state.info.weekdays[i]}=${input.value}`); });
    return times.length ? times : null;
  };
  return { box, focus: main, inputs: [main, ...perDay], read, set: () => { [main, ...perDay].forEach((i) => { i.value = ""; }); } };
}

// ------------------------------------------------------------------ the forms

function buildForm(formId) {
  const form = document.getElementById(formId);
  const specs = state.info.options[formId] || {};
  const widgets = {};
  for (const field of FIELDS[formId]) {
    const w = widget(formId, field, specs[field.option] || {});
    widgets[field.option] = w;
    $(`[data-fields="${field.more ? "more" : "main"}"]`, form).append(w.box);
  }
  const api = { form, widgets, read: (option) => widgets[option]?.read() ?? null };
  api.values = () => {
    const values = {};
    for (const field of FIELDS[formId]) {
      const value = widgets[field.option].read();
      if (value !== null && (!field.send || field.send(api))) values[field.option] = value;
    }
    return values;
  };
  const refreshes = [];
  for (const field of FIELDS[formId]) {
    if (field.widget === "days" && field.defaults) {
      const refresh = () => { if (!widgets[field.option].dirty) widgets[field.option].set(field.defaults(api)); };
      form.addEventListener("change", (e) => { if (!e.target.closest(".days")) refresh(); });
      refreshes.push(refresh);
    }
  }
  // "Start again" (a reset button): every field back to its starting value
  api.reset = () => {
    for (const field of FIELDS[formId]) widgets[field.option].set(field.value ? field.value(state.info) : null);
    refreshes.forEach((refresh) => refresh());
    showErrors(api, []);
  };
  form.addEventListener("reset", (event) => { event.preventDefault(); api.reset(); });
  api.reset();
  state.forms[formId] = api;
  return api;
}

function showErrors(api, errors) {
  const box = $(".errors", api.form);
  for (const w of Object.values(api.widgets)) {
    w.error.hidden = true; w.error.textContent = "";
    w.inputs.forEach((i) => i.removeAttribute("aria-invalid"));
  }
  box.replaceChildren();
  box.hidden = errors.length === 0;
  if (!errors.length) return;
  box.append(element("p", { text: errors.length === 1 ? "Please fix this:" : "Please fix these:" }));
  const list = element("ul");
  for (const err of errors) {
    const w = api.widgets[(err.option || "").replace(/^--/, "")];
    if (w) {
      w.error.textContent = err.message; w.error.hidden = false;
      w.inputs.forEach((i) => i.setAttribute("aria-invalid", "true"));
      const link = element("a", { href: `#${w.focus.id}`, text: `${w.box.querySelector("label, legend").textContent}: ${err.message}` });
      link.addEventListener("click", (e) => { e.preventDefault(); w.box.closest("details")?.setAttribute("open", ""); w.focus.focus(); });
      list.append(element("li", {}, link));
    } else {
      list.append(element("li", { text: err.line || err.message }));
    }
  }
  box.append(list);
}

// ------------------------------------------------------------------ calling planforge

function call(name, ...args) {
  const py = args.map((a) => (a !== null && typeof a === "object" ? state.py.toPy(a) : a));
  const answer = state.web[name](...py);
  try {
    return answer.toJs({ dict_converter: Object.fromEntries });
  } finally {
    answer.destroy();
    py.forEach((p) => p?.destroy?.());
  }
}

function busy(api, on) {
  api.form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = on; });
  api.form.setAttribute("aria-busy", on ? "true" : "false");
}

function submit(formId, work) {
  const api = state.forms[formId];
  api.form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(api, true);
    // let the browser draw the busy state before Python takes the thread
    setTimeout(() => {
      try {
        const answer = work(api);
        showErrors(api, answer.errors);
        if (answer.ok) showResult(answer); else $(".errors", api.form).focus?.();
      } catch (err) {
        showErrors(api, [{ option: null, message: `planforge failed: ${err}` }]);
      } finally {
        busy(api, false);
        document.body.dataset.answers = String(Number(document.body.dataset.answers || 0) + 1);
      }
    }, 20);
  });
}

function download(link, bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  state.urls.push(url);
  link.href = url;
  link.download = name;
}

function showResult(answer) {
  state.urls.forEach((u) => URL.revokeObjectURL(u));
  state.urls = [];
  state.current = answer;
  const section = $("#result");
  $("#summary").replaceChildren(...answer.summary.map((line, i) => element("p", { class: i === 0 ? "counts" : null, text: line })));
  $("#notes").replaceChildren(...[...answer.notes, ...answer.warnings].map((line) => element("li", { text: line })));
  download($("#get-ics"), answer.files.ics, answer.names.ics, "text/calendar");
  download($("#get-toml"), answer.files.toml, answer.names.toml, "application/toml");
  download($("#get-html"), answer.files.html, answer.names.html, "text/html");
  $("#command").textContent = answer.command;
  const preview = $("#preview");
  preview.srcdoc = new TextDecoder().decode(answer.files.html);
  section.hidden = false;
  section.dataset.workouts = String(answer.workouts);
  const shiftFrom = state.forms.shift.widgets.from;
  const today = localDate(new Date());
  shiftFrom.set(today < answer.start ? answer.start : today > answer.end ? answer.end : today);
  $("#result-title").focus();
}

function fitPreview() {
  const frame = $("#preview");
  const doc = frame.contentDocument;
  if (doc && doc.documentElement) frame.style.height = `${doc.documentElement.scrollHeight + 4}px`;
}

async function openShared(file) {
  const about = $("#plan-about");
  const api = state.forms.render;
  state.shared = null;
  about.textContent = "";
  if (!file) return;
  // no more than planforge reads: a larger file gets its "larger than" message unread
  const bytes = new Uint8Array(await file.slice(0, state.info.max_plan_bytes + 1).arrayBuffer());
  const answer = call("describe_plan", bytes, file.name);
  showErrors(api, answer.errors.map((e) => ({ ...e, option: null })));
  if (!answer.ok) return;
  const p = answer.plan;
  state.shared = { bytes, name: file.name, plan: p };
  const when = p.times.length ? `at ${p.times.join(", ")}${p.timezone ? ` (${p.timezone})` : ""}` : "all-day";
  about.textContent = `${p.title || title(p.goal)}: ${p.weeks} weeks, ${p.workouts} workouts, ${p.start} to ${p.end}, on ${p.days.join(", ")}, ${when}.`;
  $("button[type=submit]", api.form).disabled = false;
}

// ------------------------------------------------------------------ starting up

function status(text, kind) {
  const box = $("#status");
  box.className = `status ${kind}`;
  box.setAttribute("role", kind === "failed" ? "alert" : "status");
  $("#status-text").textContent = text;
}

async function start() {
  const started = performance.now();
  if (location.protocol === "file:") {
    throw Object.assign(new Error("this page was opened as a file, and browsers load its parts only from a web server. Put the folder on any static host, or run python -m http.server in it and open http://127.0.0.1:8000/"), { asFile: true });
  }
  if (typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly");
  // Pyodide waits for ever on a runtime file it cannot fetch: ask for each one first
  await Promise.all(RUNTIME.map(async (name) => {
    let answer;
    try { answer = await fetch(`pyodide/${name}`, { method: "HEAD" }); } catch (err) { answer = { ok: false, status: err.message }; }
    if (!answer.ok) throw new Error(`its file pyodide/${name} could not be loaded (${answer.status})`);
  }));
  const { loadPyodide } = await import("./pyodide/pyodide.mjs");
  status("Starting Python in your browser…", "busy");
  state.py = await loadPyodide({ indexURL: new URL("pyodide/", location.href).href, stdout: () => {}, stderr: () => {} });
  const manifest = await (await fetch("wheels/wheels.json", { cache: "no-cache" })).json();
  status("Loading planforge…", "busy");
  await state.py.loadPackage(manifest.wheels.map((w) => new URL(`wheels/${w}`, location.href).href), { messageCallback: () => {} });
  state.web = state.py.pyimport("planforge.web");
  state.py.runPython("import planforge.core.engine.progression, planforge.formats.ics, planforge.formats.html, planforge.cli.make, planforge.cli.plans");
  const info = state.web.form_info.callKwargs({ today: localDate(new Date()) });
  state.info = info.toJs({ dict_converter: Object.fromEntries });
  info.destroy();
  return started;
}

function failed(err) {
  if (document.body.dataset.ready) return;
  const advice = err?.asFile ? "" : " Try a current Chrome, Firefox, Safari or Edge, and reload the page.";
  status(`planforge could not start in this browser: ${err?.message || err}.${advice}`, "failed");
  document.body.dataset.ready = "failed";
}

async function main() {
  let started;
  window.addEventListener("unhandledrejection", (event) => failed(event.reason));
  const slow = setTimeout(() => { if (!document.body.dataset.ready) $("#status-text").textContent += " Still starting: a slow computer or connection takes a minute or more."; }, 60000);
  try {
    started = await start();
  } catch (err) {
    failed(err);
    return;
  } finally {
    clearTimeout(slow);
  }
  buildForm("make");
  buildForm("render");
  buildForm("shift");
  submit("make", (api) => call("make_plan", api.values()));
  submit("render", (api) => (state.shared ? call("render_plan", state.shared.bytes, state.shared.name, api.values())
    : { ok: false, errors: [{ option: null, message: "Choose a plan file first." }] }));
  submit("shift", (api) => call("shift_plan", state.current.files.toml, state.current.names.toml, api.values()));
  $("#plan-file").disabled = false;
  $("#plan-file").addEventListener("change", (e) => openShared(e.target.files[0]));
  $("#preview").addEventListener("load", fitPreview);
  window.addEventListener("resize", fitPreview);
  $("#print").addEventListener("click", () => $("#preview").contentWindow.print());
  $("button[type=submit]", state.forms.make.form).disabled = false;
  $("#version").textContent = `planforge ${state.info.version}`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  window.planforgeStartSeconds = Number(seconds);
  status(`Ready: planforge ${state.info.version} is running in this browser (started in ${seconds} s).`, "ready");
  document.body.dataset.ready = "true";
}

main();
