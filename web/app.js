// The planforge page: planforge itself runs in a Web Worker (worker.js: Pyodide and the wheels),
// so this thread only draws the forms, sends each one as one call of planforge.web (make_plan,
// describe_plan, render_plan, shift_plan) and shows the answer. A service worker (sw.js) keeps
// the page, Pyodide and the wheels for the next visit and for working offline; the form and
// the last plan stay in this browser (localStorage and IndexedDB) until "Forget". Nothing is
// sent anywhere.
// A classic script, so that a page opened as a file, where browsers refuse module scripts and
// workers, still runs it and says what to do.
"use strict";

// The forms' fields, one entry per option of the command (its name without "--"): planforge's
// own parser checks each value. Widgets: choice (radio buttons), list (tick boxes: all ticked is
// the default, none ticked sends `none`), select, text, date, zone, days, times, check.
// `more`: under "More options"; `value`: the starting value; `send`: when to send it; `hint`:
// words for people who never open a terminal, instead of the option's --help.
const REMINDERS = [["", "No reminder"], ["15m", "15 minutes before"], ["30m", "30 minutes before"], ["1h", "1 hour before"],
  ["2h", "2 hours before"], ["1d", "1 day before"]];
const COLOURS = ["", "orange", "teal", "tomato", "royalblue", "seagreen", "purple", "gold", "hotpink", "slategray"];
const SHIFTS = [["1d", "1 day"], ["2d", "2 days"], ["3d", "3 days"], ["4d", "4 days"], ["5d", "5 days"], ["6d", "6 days"],
  ...Array.from({ length: 12 }, (_, i) => [`${i + 1}w`, i ? `${i + 1} weeks` : "1 week"])];
const calendarFields = [
  { option: "remind", label: "Reminder", widget: "select", more: true, choices: () => REMINDERS, hint: "Where the calendar app keeps reminders of imported events (Google Calendar uses its own instead)." },
  { option: "busy-only", label: "Show others only that I am busy", widget: "check", more: true, hint: "For a calendar other people can see: the events say only “Workout”." },
  { option: "calendar-color", label: "Calendar colour", widget: "select", more: true, choices: () => COLOURS.map((c) => [c, c ? title(c) : "The app's own"]), hint: "Where the calendar app shows one." },
];
const FIELDS = {
  make: [
    { option: "goal", label: "Your goal", widget: "choice", required: "Choose a goal.", choices: goalChoices, hint: null },
    { option: "level", label: "Where you start", widget: "choice", value: () => "beginner", choices: levelChoices, hint: null },
    { option: "weeks", label: "How many weeks", widget: "select", value: () => "8", choices: () => Array.from({ length: 52 }, (_, i) => [String(i + 1), i ? `${i + 1} weeks` : "1 week"]), hint: "8 to 12 weeks suit most people." },
    { option: "start", label: "First day", widget: "date", value: (info) => info.start, hint: "Week 1 starts on this day: a date like 2026-12-14 or 14 December, or “monday”." },
    { option: "days", label: "Days you can train", widget: "days", defaults: (form) => state.info.default_days[form.read("level") || "beginner"], hint: "Ticked for your level; change them to fit your week." },
    { option: "time", label: "Start time", widget: "times", hint: "Like 07:00 or 6:30 pm. Empty: each workout is an all-day event." },
    { option: "tz", label: "Time zone", widget: "zone", value: browserZone, send: (form) => form.read("time") !== null, hint: "Your device's is chosen; type to find another." },
    { option: "equipment", label: "Equipment you have", widget: "list", more: true, choices: (info) => info.equipment.map((e) => [e.name, e.words]), none: "none", hint: "All ticked: the plan may use any of it. Untick what you do not have." },
    ...calendarFields,
  ],
  render: [
    { option: "start", label: "First day", widget: "date", value: (info) => info.start, hint: "Week 1 starts on this day; every workout moves with it." },
    { option: "days", label: "Days you can train", widget: "days", hint: "None ticked: the plan's own days." },
    { option: "time", label: "Start time", widget: "times", hint: "Empty: the plan's own times." },
    { option: "tz", label: "Time zone", widget: "zone", value: browserZone, send: (form) => form.read("all-day") === null && (form.read("time") !== null || state.shared?.plan.times.length > 0), hint: "Your device's is chosen; the plan's times are put in this zone." },
    { option: "all-day", label: "All-day events, whatever the plan's times", widget: "check", more: true, hint: null },
    ...calendarFields,
  ],
  missed: [
    { option: "from", label: "First day you missed", widget: "date", value: () => localDate(new Date()), hint: "A date like 2026-12-14, or “today”, “monday”." },
    { option: "to", label: "Last day you missed", widget: "date", hint: "Empty: only that day." },
  ],
  done: [
    { option: "on", label: "The day of the workout", widget: "date", hint: "With a file: leave it empty (the file says when). Without one: the day you did as planned." },
    { option: "ran", label: "Minutes you ran", widget: "text", more: true, placeholder: "12", size: 5, hint: "Without a file, if it was not as planned: 12, 12.5 or 12:30." },
  ],
  shift: [
    { option: "from", label: "First workout you missed", widget: "date", value: () => localDate(new Date()), hint: "This workout and every later one move." },
    { option: "by", label: "Move them later by", widget: "select", value: () => "1w", choices: () => SHIFTS, send: (form) => form.read("repeat-week") === null, hint: null },
    { option: "repeat-week", label: "Instead, do that week again", widget: "check", hint: "The weeks after it move a week later." },
  ],
};
// what a form's fields are called, for a message planforge gives about an option
const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const STORE_KEY = "planforge.form";
// the forms that make a plan; the others (shift, missed, done) change the plan on screen
const PLAN_FORMS = ["make", "render"];
const SHARED = ["goal", "level", "weeks", "start", "days", "time", "tz", "equipment", "remind", "busy-only", "calendar-color", "created"];
const state = { worker: null, info: null, forms: {}, shared: null, current: null, urls: [], calls: new Map(), nextId: 1, created: null };
const $ = (selector, root = document) => root.querySelector(selector);

function title(name) { const words = name.replace(/-/g, " "); return words[0].toUpperCase() + words.slice(1); }
function browserZone() { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch { return ""; } }
function nowUtc() { return new Date().toISOString().replace(/\.\d+Z$/, "Z"); }
function localDate(d) { return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; }
function goalChoices(info) {
  // general fitness first: the plain choice for anyone whose goal is not listed
  const goals = [...info.goals].sort((a, b) => (b.name === "general") - (a.name === "general"));
  return goals.map((g) => [g.name, g.name === "general" ? "General fitness" : title(g.name), g.description]);
}
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
  const make = { choice: choiceWidget, list: listWidget, days: daysWidget, times: timesWidget, check: checkWidget,
    select: selectWidget, zone: zoneWidget }[field.widget] || inputWidget;
  const w = make(id, field, spec, described);
  w.box.classList.add("field");
  w.box.dataset.option = field.option;
  w.label = field.label;
  if (help) w.box.append(help);
  w.box.append(error);
  w.error = error;
  return w;
}

function textInput(id, field, described, attrs = {}) {
  return element("input", { id, name: field.option, type: "text", autocomplete: "off", spellcheck: "false",
    "aria-describedby": described, ...attrs });
}

function inputWidget(id, field, spec, described) {
  const input = textInput(id, field, described, { placeholder: field.widget === "date" ? "2026-12-14" : field.placeholder });
  return { box: element("div", {}, element("label", { for: id, text: field.label }), input), focus: input, inputs: [input],
    read: () => (input.value.trim() === "" ? null : input.value.trim()),
    set: (v) => { input.value = v ?? ""; } };
}

function zoneWidget(id, field, spec, described) {
  // a searchable list: every zone of tzdata (one list the forms share), the browser's chosen;
  // typing filters it
  const input = textInput(id, field, described, { list: "zones", placeholder: "Europe/London" });
  // the list's ~600 entries are drawn when it is first needed, not while the page starts
  const fill = () => {
    if (document.getElementById("zones")) return;
    document.body.append(element("datalist", { id: "zones" }, ...state.info.zones.map((z) => element("option", { value: z }))));
  };
  input.addEventListener("focus", fill);
  input.addEventListener("pointerdown", fill);
  return { box: element("div", {}, element("label", { for: id, text: field.label }), input), focus: input, inputs: [input],
    check: () => (input.value.trim() && !knownZone(input.value)
      ? `Choose a time zone from the list, such as ${browserZone() || "Europe/London"} (type a city to find it).` : null),
    read: () => (input.value.trim() === "" ? null : input.value.trim()),
    set: (v) => { input.value = v ?? ""; } };
}

// a zone of the list, or a city planforge reads as one (“london”, “new york”)
function knownZone(text) {
  const want = text.trim().toLowerCase().replace(/ /g, "_");
  return state.info.zones.some((z) => z.toLowerCase() === want || z.toLowerCase().endsWith(`/${want}`));
}

function selectWidget(id, field, spec, described) {
  const select = element("select", { id, name: field.option, "aria-describedby": described },
    ...field.choices(state.info, spec).map(([value, label]) => element("option", { value, text: label })));
  return { box: element("div", {}, element("label", { for: id, text: field.label }), select), focus: select, inputs: [select],
    read: () => (select.value === "" ? null : select.value),
    set: (v) => { select.value = v ?? ""; if (select.selectedIndex < 0) select.selectedIndex = 0; } };
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
  return { box, focus: inputs[0], inputs, read: () => inputs.find((i) => i.checked)?.value ?? null,
    check: () => (field.required && !inputs.some((i) => i.checked) ? field.required : null),
    set: (v) => inputs.forEach((i) => { i.checked = i.value === v; }) };
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
    set: (v) => { const want = v === null || v === undefined ? null : String(v).split(","); inputs.forEach((i) => { i.checked = want === null || want.includes(i.value); }); } };
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
    check: () => (w.dirty && field.defaults && !inputs.some((i) => i.checked) ? "Tick at least one day you can train." : null),
    read: () => (w.dirty ? inputs.filter((i) => i.checked).map((i) => i.value).join(",") : null),
    set: (days, dirty = false) => { w.dirty = dirty; const want = typeof days === "string" ? days.split(",") : days || []; inputs.forEach((i) => { i.checked = want.includes(i.value); }); } };
  return w;
}

function timesWidget(id, field, spec, described) {
  const main = textInput(id, field, described, { placeholder: "07:00", inputmode: "text" });
  const perDay = state.info.weekdays.map((day, i) => textInput(`${id}-${day}`, { option: `${field.option}-${day}` }, null, { placeholder: "—", "aria-label": `Start time on ${WEEKDAY_NAMES[i]}s`, size: 6 }));
  const grid = element("div", { class: "per-day" }, ...perDay.map((input, i) => element("span", {}, element("label", { for: input.id, text: WEEKDAY_NAMES[i].slice(0, 3) }), input)));
  const box = element("div", {}, element("label", { for: id, text: field.label }), main,
    element("details", { class: "per-day-times" }, element("summary", { text: "A different time on some days" }), grid));
  const read = () => {
    const times = main.value.trim() ? [main.value.trim()] : [];
    perDay.forEach((input, i) => { if (input.value.trim()) times.push(`${state.info.weekdays[i]}=${input.value.trim()}`); });
    return times.length ? times : null;
  };
  const set = (values) => {
    [main, ...perDay].forEach((i) => { i.value = ""; });
    for (const value of values ? [].concat(values) : []) {
      const [day, clock] = value.includes("=") ? value.split("=") : [null, value];
      const at = day === null ? -1 : state.info.weekdays.indexOf(day);
      if (day === null) main.value = clock; else if (at >= 0) { perDay[at].value = clock; box.querySelector("details").open = true; }
    }
  };
  return { box, focus: main, inputs: [main, ...perDay], read, set };
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
  const api = { id: formId, form, widgets, read: (option) => widgets[option]?.read() ?? null };
  api.values = () => {
    const values = {};
    for (const field of FIELDS[formId]) {
      const value = widgets[field.option].read();
      if (value !== null && (!field.send || field.send(api))) values[field.option] = value;
    }
    return values;
  };
  // what the page itself can say before asking planforge: a goal to choose, a day to tick
  api.check = () => FIELDS[formId].map((field) => ({ option: field.option, message: widgets[field.option].check?.() }))
    .filter((e) => e.message);
  // every field as it is now, to keep and to restore (the days only once ticked by hand)
  api.snapshot = () => Object.fromEntries(FIELDS[formId].map((f) => [f.option, widgets[f.option].read()]));
  api.restore = (values) => {
    for (const field of FIELDS[formId]) {
      if (!(field.option in values)) continue;
      if (field.widget === "days") widgets[field.option].set(values[field.option], values[field.option] !== null);
      else widgets[field.option].set(values[field.option]);
    }
    refreshes.forEach((refresh) => refresh());
  };
  const refreshes = [];
  for (const field of FIELDS[formId]) {
    if (field.widget === "days" && field.defaults) {
      const refresh = () => { if (!widgets[field.option].dirty) widgets[field.option].set(field.defaults(api)); };
      form.addEventListener("change", (e) => { if (!e.target.closest(".days")) refresh(); });
      refreshes.push(refresh);
    }
  }
  // "Start again": every field back to its starting value, and no plan on screen
  api.reset = () => {
    for (const field of FIELDS[formId]) widgets[field.option].set(field.value ? field.value(state.info) : null);
    refreshes.forEach((refresh) => refresh());
    showErrors(api, []);
  };
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    api.reset();
    if (PLAN_FORMS.includes(formId)) { clearResult(); keepForms(); }
  });
  // any change: the plan on screen no longer matches the form
  const changed = () => {
    if (!PLAN_FORMS.includes(formId)) return;
    if (formId === "make") state.created = null; // (a shared link's moment: for its own plan only)
    markStale(formId);
    keepForms();
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
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
      const link = element("a", { href: `#${w.focus.id}`, text: `${w.label}: ${err.message}` });
      link.addEventListener("click", (e) => { e.preventDefault(); w.box.closest("details")?.setAttribute("open", ""); w.focus.focus(); });
      list.append(element("li", {}, link));
    } else {
      list.append(element("li", { text: err.message }));
    }
  }
  box.append(list);
}

// ------------------------------------------------------------------ calling planforge (the worker)

function ask(name, ...args) {
  const id = state.nextId++;
  return new Promise((resolve, reject) => {
    state.calls.set(id, { resolve, reject });
    state.worker.postMessage({ id, name, args });
  });
}

function answered(message) {
  const call = state.calls.get(message.id);
  if (!call) return;
  state.calls.delete(message.id);
  if ("error" in message) call.reject(new Error(message.error)); else call.resolve(message.answer);
}

function busy(api, on) {
  api.form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = on; });
  api.form.setAttribute("aria-busy", on ? "true" : "false");
}

function submit(formId, work) {
  const api = state.forms[formId];
  api.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const mine = api.check();
    try {
      if (mine.length) {
        showErrors(api, mine);
        if (PLAN_FORMS.includes(formId)) clearResult();
        $(".errors", api.form).focus();
        return;
      }
      busy(api, true);
      const answer = await work(api);
      showErrors(api, answer.errors);
      if (answer.ok) {
        await showResult(answer, formId);
      } else {
        if (PLAN_FORMS.includes(formId)) clearResult();
        $(".errors", api.form).focus();
      }
    } catch (err) {
      showErrors(api, [{ option: null, message: `planforge failed: ${err.message || err}` }]);
    } finally {
      busy(api, false);
      document.body.dataset.answers = String(Number(document.body.dataset.answers || 0) + 1);
    }
  });
}

// ------------------------------------------------------------------ the result

function download(link, bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  state.urls.push(url);
  link.href = url;
  link.download = name;
}

function clearResult() {
  state.urls.forEach((u) => URL.revokeObjectURL(u));
  state.urls = [];
  state.current = null;
  const section = $("#result");
  section.hidden = true;
  section.classList.remove("stale");
  $("#stale").hidden = true;
  $("#preview").removeAttribute("src");
  for (const link of document.querySelectorAll(".downloads a")) link.removeAttribute("href");
  forgetPlan();
}

function markStale(formId) {
  // the plan on screen came from this form (or was moved from a plan that did)
  if (!state.current || state.current.source !== formId) return;
  if (state.current.stale) return;
  state.current.stale = true;
  const section = $("#result");
  section.classList.add("stale");
  $("#stale").hidden = false;
  $("#stale-text").textContent = `You changed the form: this plan does not have your changes. Press “${$(`#${formId} button[type=submit]`).textContent}” for a new one.`;
  for (const link of document.querySelectorAll(".downloads a")) { link.removeAttribute("href"); link.setAttribute("aria-disabled", "true"); }
  $("#print").disabled = true;
  $("#share").disabled = true;
}

async function showResult(answer, formId, { restored = false } = {}) {
  state.urls.forEach((u) => URL.revokeObjectURL(u));
  state.urls = [];
  const source = PLAN_FORMS.includes(formId) ? answer.source || formId : state.current?.source || answer.source;
  state.current = { ...answer, form: formId, source, stale: false };
  const section = $("#result");
  section.classList.remove("stale");
  $("#stale").hidden = true;
  $("#restored").hidden = !restored;
  for (const link of document.querySelectorAll(".downloads a")) link.removeAttribute("aria-disabled");
  $("#print").disabled = false;
  $("#summary").replaceChildren(...answer.summary.map((line, i) => element("p", { class: i === 0 ? "counts" : null, text: line })));
  // what planforge said, as data: a warning marked as one, nothing of a terminal's "note:"
  $("#notes").replaceChildren(...(answer.messages || []).map((m) => element("li", { class: m.kind },
    m.kind === "warning" ? element("strong", { text: "Check: " }) : null, m.text)));
  download($("#get-ics"), answer.files.ics, answer.names.ics, "text/calendar");
  download($("#get-toml"), answer.files.toml, answer.names.toml, "application/toml");
  download($("#get-html"), answer.files.html, answer.names.html, "text/html");
  const link = formId === "make" && answer.values ? shareLink(answer.values) : null;
  $("#share-box").hidden = !link;
  $("#share").disabled = !link;
  $("#share-link").value = link || "";
  const today = localDate(new Date());
  const within = today < answer.start ? answer.start : today > answer.end ? answer.end : today;
  state.forms.shift.widgets.from.set(within);
  state.forms.missed.widgets.from.set(within);
  for (const id of ["shift", "missed", "done"]) showErrors(state.forms[id], []);
  $("#activity-file").value = "";
  // drawn in steps, each a task of its own: the page never stops answering for long
  await nextFrame();
  section.hidden = false;
  section.dataset.workouts = String(answer.workouts);
  if (!restored) $("#result-title").focus();
  await nextFrame();
  showPreview(answer);
  if (!restored) keepPlan(state.current);
}

// The preview: the printable page (the HTML writer's) in a frame of its own address, so that
// its links to its weeks stay in it; on a narrow screen its weeks fold, this week first open.
function showPreview(answer) {
  const frame = $("#preview");
  const url = URL.createObjectURL(new Blob([answer.files.html], { type: "text/html" }));
  state.urls.push(url);
  frame.dataset.loaded = "";
  frame.src = url;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function previewLoaded() {
  const frame = $("#preview");
  const doc = frame.contentDocument;
  if (!doc || !doc.querySelector("#calendar") || !state.current) return;
  const today = localDate(new Date());
  const weeks = [...doc.querySelectorAll("section.week")];
  let current = null;
  for (const week of weeks) {
    const days = [...week.querySelectorAll("time[datetime]")].map((t) => t.getAttribute("datetime"));
    if (days.length && days[0] <= today && today <= days[days.length - 1]) current = week;
    // each week folds: its heading is the summary, the rest its content
    const fold = doc.createElement("details");
    fold.className = "fold";
    fold.id = week.id;
    week.removeAttribute("id");
    const summary = doc.createElement("summary");
    summary.append(week.querySelector(".week-head"));
    fold.append(summary, ...week.childNodes);
    week.append(fold);
  }
  // the folds' look (the printable page has none: it shows every week)
  const style = doc.createElement("style");
  style.textContent = "details.fold > summary { cursor: pointer; list-style-position: outside; margin-left: 1.2rem; }"
    + " details.fold > summary .week-head { display: inline-flex; } details.fold > summary::marker { font-size: 1.2rem; }"
    + " .this-week { font-weight: 700; font-size: 1.1rem; margin: .5rem 0 1rem; }"
    // folded weeks are cheap to lay out: each laid out at its true height, so that a link
    // scrolls to where its week really is
    + " .week { content-visibility: visible; }";
  doc.head.append(style);
  const first = current || weeks[0];
  if (first) $("details", first).open = true;
  // "this week" first: a link at the top of the plan to the week that holds today
  if (current) {
    const note = doc.createElement("p");
    note.className = "this-week";
    const link = doc.createElement("a");
    const n = current.querySelector("details").id;
    link.href = `#${n}`;
    link.textContent = `This week: ${current.querySelector("h3").textContent}`;
    note.append(link);
    doc.querySelector("main").prepend(note);
  }
  // every link to a week opens that week and scrolls this page to it
  doc.addEventListener("click", (event) => {
    const a = event.target.closest?.("a[href^='#']");
    if (!a) return;
    event.preventDefault();
    const target = doc.getElementById(a.getAttribute("href").slice(1));
    if (!target) return;
    if (target.tagName === "DETAILS") target.open = true;
    const top = frame.getBoundingClientRect().top + window.scrollY + target.getBoundingClientRect().top;
    window.scrollTo({ top: top - 8 });
    frame.dataset.jumped = target.id;
  });
  doc.addEventListener("toggle", fitPreview, true);
  await nextFrame();
  fitPreview();
  frame.dataset.loaded = "true";
}

function fitPreview() {
  const frame = $("#preview");
  const doc = frame.contentDocument;
  if (doc && doc.documentElement && doc.querySelector("#calendar")) frame.style.height = `${doc.documentElement.scrollHeight + 4}px`;
}

// ------------------------------------------------------------------ sharing a plan as a link

function shareLink(values) {
  const params = new URLSearchParams();
  for (const key of SHARED) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    for (const item of [].concat(value)) params.append(key, item === true ? "yes" : item);
  }
  return `${location.href.split("#")[0]}#${params.toString()}`;
}

function linkValues(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  if (!params.has("goal")) return null;
  const values = {};
  for (const key of SHARED) {
    const all = params.getAll(key);
    if (!all.length) continue;
    values[key] = key === "time" ? all : key === "busy-only" ? true : all[0];
  }
  return values;
}

function fillFromLink(values) {
  const api = state.forms.make;
  api.reset();
  api.restore({ ...Object.fromEntries(FIELDS.make.map((f) => [f.option, null])),
    level: "beginner", weeks: "8", ...values, tz: values.tz || browserZone() });
  state.created = values.created || null;
}

// ------------------------------------------------------------------ kept in this browser

function keepForms() {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({ make: state.forms.make.snapshot(), render: state.forms.render.snapshot() }));
  } catch { /* private mode or full: nothing kept */ }
}

function keptForms() {
  try { return JSON.parse(localStorage.getItem(STORE_KEY) || "null"); } catch { return null; }
}

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("planforge", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("plans");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function store(mode, work) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction("plans", mode);
      const request = work(tx.objectStore("plans"));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally { db.close(); }
}

function keepPlan(current) {
  const { stale, ...plan } = current;
  store("readwrite", (s) => s.put(plan, "last")).catch(() => {});
}
function forgetPlan() { store("readwrite", (s) => s.delete("last")).catch(() => {}); }
function keptPlan() { return store("readonly", (s) => s.get("last")).catch(() => null); }

async function forget() {
  try { localStorage.removeItem(STORE_KEY); } catch { /* nothing kept */ }
  await store("readwrite", (s) => s.clear()).catch(() => {});
  history.replaceState(null, "", location.href.split("#")[0]);
  for (const api of Object.values(state.forms)) api.reset();
  state.created = null;
  clearResult();
  $("#forgotten").hidden = false;
}

// ------------------------------------------------------------------ into the calendar, per device

function platform() {
  const ua = navigator.userAgent || "";
  if (/iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1)) return "ios";
  if (/Android/.test(ua)) return "android";
  return "computer";
}

function showSteps() {
  const mine = platform();
  document.body.dataset.platform = mine;
  const steps = $("#steps");
  const own = $(`#steps-${mine}`);
  own.open = true;
  steps.prepend(own);
  own.querySelector("summary").textContent = { ios: "On this iPhone or iPad", android: "On this Android phone", computer: "On this computer" }[mine];
  for (const other of steps.querySelectorAll("details:not([open])")) other.classList.add("other");
}

// ------------------------------------------------------------------ starting up

function status(text, kind, progress) {
  const box = $("#status");
  box.className = `status ${kind}`;
  box.setAttribute("role", kind === "failed" ? "alert" : "status");
  $("#status-text").textContent = text;
  const bar = $("#progress");
  bar.hidden = progress === undefined;
  if (progress !== undefined) {
    if (progress === null) bar.removeAttribute("value"); else bar.value = progress;
  }
}

const mb = (n) => (n / 1e6).toFixed(1);

function progressed(p) {
  if (document.body.dataset.ready) return; // (a download still under way after a failure)
  if (p.stage === "download" && state.pythonStarting) return; // (the last wheels arriving)
  if (p.stage !== "download") state.pythonStarting = true;
  if (p.stage === "download") {
    status(p.total ? `Downloading planforge: ${mb(p.loaded)} of ${mb(p.total)} MB` : "Downloading planforge…", "busy", p.total ? p.loaded / p.total : null);
  } else if (p.stage === "python") {
    status("Starting Python in your browser…", "busy", null);
  } else {
    status("Loading planforge…", "busy", null);
  }
}

// The service worker keeps every file for the next visit; the first visit waits (briefly) for
// it to take charge, so that the worker's downloads pass through it and are kept.
async function serviceWorker() {
  if (!("serviceWorker" in navigator)) return;
  let registration;
  try { registration = await navigator.serviceWorker.register("sw.js"); } catch { return; }
  const hadController = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadController) $("#updated").hidden = false;
  });
  if (hadController) return;
  await Promise.race([
    new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true })),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  return registration;
}

async function start() {
  if (location.protocol === "file:") {
    throw Object.assign(new Error("this page was opened as a file, and browsers load its parts only from a web server. Put the folder on any static host, or run python -m http.server in it and open http://127.0.0.1:8000/"), { asFile: true });
  }
  if (typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly");
  if (typeof Worker !== "function") throw new Error("this browser cannot run a Web Worker");
  status("Downloading planforge…", "busy", null);
  await serviceWorker();
  state.worker = new Worker("worker.js", { type: "module" });
  return new Promise((resolve, reject) => {
    state.worker.onerror = (event) => reject(new Error(event.message || "its worker could not start"));
    state.worker.onmessage = (event) => {
      const message = event.data;
      if (message.progress) progressed(message.progress);
      else if (message.ready) { state.worker.onmessage = (e) => answered(e.data); resolve(message); }
      else if (message.failed) reject(new Error(message.failed));
    };
    state.worker.postMessage({ start: { today: localDate(new Date()) } });
  });
}

function failed(err) {
  if (document.body.dataset.ready) return;
  const advice = err?.asFile ? "" : " Try a current Chrome, Firefox, Safari or Edge, and reload the page.";
  status(`planforge could not start in this browser: ${err?.message || err}.${advice}`, "failed");
  document.body.dataset.ready = "failed";
}

async function main() {
  const began = performance.now();
  showSteps();
  window.addEventListener("unhandledrejection", (event) => failed(event.reason));
  const slow = setTimeout(() => { if (!document.body.dataset.ready) $("#status-text").textContent += " Still starting: a slow computer or connection takes a minute or more."; }, 60000);
  let ready;
  try {
    ready = await start();
  } catch (err) {
    failed(err);
    return;
  } finally {
    clearTimeout(slow);
  }
  state.info = ready.ready;
  window.planforgeStages = ready.stages;
  // one form a task, so that the page stays responsive while it draws them
  for (const id of ["make", "render", "shift", "missed", "done"]) { buildForm(id); await new Promise((r) => setTimeout(r, 0)); }
  submit("make", async (api) => {
    const values = { ...api.values(), created: state.created || nowUtc() };
    const answer = await ask("make_plan", values);
    if (answer.ok) answer.values = values;
    return answer;
  });
  submit("render", (api) => (state.shared ? ask("render_plan", state.shared.bytes, state.shared.name, api.values())
    : { ok: false, errors: [{ option: null, message: "Choose the plan file first (a .ics, .toml or .json file someone sent you)." }] }));
  submit("shift", (api) => ask("shift_plan", state.current.files.toml, state.current.names.toml, api.values()));
  submit("missed", (api) => ask("missed_days", state.current.files.toml, state.current.names.toml, api.values()));
  submit("done", async (api) => {
    const file = $("#activity-file").files[0];
    if (!file && !api.read("on")) {
      return { ok: false, errors: [{ option: null, message: "Choose the activity file your watch or phone saved (FIT, GPX or TCX), or give the day you did the workout." }] };
    }
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : null;
    return ask("record_done", state.current.files.toml, state.current.names.toml, api.values(), bytes, file ? file.name : null);
  });
  $("#plan-file").addEventListener("change", (e) => openShared(e.target.files[0]));
  $("#preview").addEventListener("load", previewLoaded);
  window.addEventListener("resize", fitPreview);
  $("#print").addEventListener("click", () => $("#preview").contentWindow.print());
  $("#share").addEventListener("click", async () => {
    const link = $("#share-link").value;
    try { await navigator.clipboard.writeText(link); $("#share-done").textContent = "Link copied."; } catch {
      $("#share-link").select(); $("#share-done").textContent = "Select the link and copy it.";
    }
  });
  $("#forget").addEventListener("click", forget);
  for (const part of document.querySelectorAll("[data-when-ready]")) part.hidden = false;
  for (const part of document.querySelectorAll("[data-until-ready]")) part.hidden = true;
  document.querySelectorAll("button[type=submit], #plan-file").forEach((b) => { b.disabled = false; });
  $("#version").textContent = `planforge ${state.info.version}`;
  // what was here before: a shared link first, else the form and the plan kept in this browser
  const fromLink = linkValues(location.hash);
  const kept = keptForms();
  if (fromLink) {
    fillFromLink(fromLink);
  } else if (kept) {
    state.forms.make.restore(kept.make || {});
    state.forms.render.restore(kept.render || {});
    const plan = await keptPlan();
    if (plan && plan.files) await showResult(plan, plan.form, { restored: true });
  }
  const seconds = (performance.now() - began) / 1000;
  window.planforgeStartSeconds = Number(seconds.toFixed(2));
  status(`Ready: planforge ${state.info.version} is running in this browser (started in ${seconds.toFixed(1)} s).`, "ready");
  document.body.dataset.ready = "true";
  if (fromLink) {
    $("#from-link").hidden = false;
    $("#make button[type=submit]").click();
  }
}

async function openShared(file) {
  const about = $("#plan-about");
  const api = state.forms.render;
  state.shared = null;
  about.textContent = "";
  markStale("render");
  if (!file) return;
  // no more than planforge reads: a larger file gets its "larger than" message unread
  const bytes = new Uint8Array(await file.slice(0, state.info.max_plan_bytes + 1).arrayBuffer());
  const answer = await ask("describe_plan", bytes, file.name);
  showErrors(api, answer.errors.map((e) => ({ option: null,
    message: `${file.name} is not a plan planforge can read. Choose the calendar file (.ics) or the plan file (.toml or .json) that planforge made. (${e.message})` })));
  document.body.dataset.described = String(Number(document.body.dataset.described || 0) + 1);
  if (!answer.ok) return;
  const p = answer.plan;
  state.shared = { bytes, name: file.name, plan: p };
  const when = p.times.length ? `at ${p.times.join(", ")}${p.timezone ? ` (${p.timezone})` : ""}` : "all-day";
  about.textContent = `${p.title || title(p.goal)}: ${p.weeks} weeks, ${p.workouts} workouts, ${p.start} to ${p.end}, on ${p.days.join(", ")}, ${when}.`;
}

main();
