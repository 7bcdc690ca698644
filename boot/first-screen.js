// The home page and a new interview's first screen, drawn by the boot script before the app's
// module has started. Only on a phone's very first load (no service worker yet, no Qabul
// database): over 2G the module takes seconds to arrive, and an enumerator can choose the
// governorate and district meanwhile. The data is worked out from the
// form by the interview state machine at build time (src/first_screen_page.rs), so nothing
// here decides anything: it shows, and keeps what is chosen in localStorage until the app
// takes it over (src/early_start.rs). Nothing here says "saved": nothing here saves a draft.
//
// `firstScreen(shell)` resolves to a function telling whether an interview begun here waits
// for the app; the app then removes the screen once it shows the interview.
const firstScreen = async (shell) => {
  const data = __QABUL_FIRST_SCREEN__;
  const read = (key) => { try { return JSON.parse(localStorage.getItem(key)); } catch { return null; } };
  const keep = (key, value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* kept in memory only */ } };
  const waits = () => { try { return localStorage.getItem(data.key) != null; } catch { return false; } };
  // A phone that has Qabul's database has drafts, an outbox, maybe an enrolment and a PIN,
  // which only the app can show: it keeps the loading screen. So does a browser that cannot
  // tell.
  const databases = await Promise.resolve().then(() => indexedDB.databases()).catch(() => null);
  const fresh = location.pathname === '/' && !navigator.serviceWorker?.controller
    && databases != null && !databases.some((db) => db.name === 'qabul');
  shell.dataset.phone = fresh ? 'new' : 'known';
  if (!fresh || !shell.isConnected) return () => false;

  let lang = data.langs[read('qabul.lang')] ? read('qabul.lang') : 'en';
  let begun = read(data.key);
  const h = (tag, props, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v !== false && v != null) e.setAttribute(k, v === true ? '' : v);
    }
    e.append(...kids.flat().filter((kid) => kid != null && kid !== false));
    return e;
  };
  const view = h('div', {});
  const answerOf = (name) => begun.answers[name];
  const choose = (question, code) => {
    begun.answers[question.name] = code;
    // A choice its filter no longer offers is dropped, as the app drops it.
    for (const q of data.questions) {
      if (q.filtered_by === question.name && !(q.shown[code] ?? []).includes(begun.answers[q.name])) delete begun.answers[q.name];
    }
    keep(data.key, begun);
    draw(`[data-question="${question.name}"] [data-code="${code}"]`);
  };

  const questionView = (t, q, at) => {
    const chosen = answerOf(q.name);
    const offered = q.filtered_by ? (q.shown[answerOf(q.filtered_by)] ?? []) : null;
    const widget = q.kind === 'choice'
      ? h('div', { class: 'choices', role: 'radiogroup' }, q.codes
        .map((code, i) => [code, t.choices[at][i]])
        .filter(([code]) => !offered || offered.includes(code))
        .map(([code, label]) => h('button', {
          type: 'button', class: 'choice', 'data-code': code, role: 'radio',
          'aria-pressed': String(code === chosen), 'aria-checked': String(code === chosen),
          onclick: () => choose(q, code),
        }, h('span', { class: 'choice-label' }, label))))
      : q.kind === 'location'
        ? h('button', { type: 'button', class: 'secondary', disabled: true }, t.location)
        : h('p', { class: 'muted' }, t.starting);
    return h('fieldset', { class: 'question', 'data-question': q.name, 'aria-labelledby': `q-${q.name}` },
      h('legend', { id: `q-${q.name}`, class: 'question-label' }, t.labels[at],
        q.required && h('span', { class: 'required', title: t.required }, ' *')),
      widget);
  };

  const draw = (focus) => {
    const t = data.langs[lang];
    document.documentElement.lang = lang;
    document.documentElement.dir = t.dir;
    const header = h('header', { class: 'app-header' }, h('h1', {}, t.app),
      h('nav', { class: 'lang-switch', 'aria-label': t.language }, data.order.map((code) => h('button', {
        type: 'button', lang: code, 'data-lang': code, 'aria-pressed': String(code === lang),
        onclick: () => { lang = code; keep('qabul.lang', code); draw(`[data-lang="${code}"]`); },
      }, data.langs[code].name))));
    const page = begun
      ? h('main', { class: 'page survey' },
        h('section', { class: 'screen' }, t.title && h('h2', { class: 'screen-title' }, t.title),
          data.questions.map((q, at) => questionView(t, q, at))),
        h('p', { class: 'notice', role: 'status' }, t.starting),
        h('nav', { class: 'survey-nav' },
          h('button', { type: 'button', class: 'secondary', 'data-action': 'back', disabled: true }, t.back),
          h('button', { type: 'button', class: 'primary', 'data-action': 'next', disabled: true }, t.next)))
      : h('main', { class: 'page home' }, h('p', { class: 'tagline' }, t.tagline),
        h('section', { class: 'card' }, h('h2', {}, t.forms), h('p', { class: 'form-name' }, t.form),
          h('button', {
            type: 'button', class: 'primary big', 'data-action': 'new-interview',
            onclick: () => { begun = { id: crypto.randomUUID(), at: Date.now(), answers: { ...t.defaults } }; keep(data.key, begun); draw(); },
          }, t.start)));
    view.replaceChildren(header, page);
    if (focus) view.querySelector(focus)?.focus();
  };

  // The loading screen's own lines give way; its "could not start" stays, to be shown.
  for (const line of shell.querySelectorAll('.boot-name, .boot-loading')) line.hidden = true;
  shell.removeAttribute('role');
  shell.setAttribute('data-first', '');
  shell.append(view);
  draw();
  // The app takes over what localStorage holds: a choice it could not keep is not waited for.
  return waits;
};
