// The home page and a new interview's first screen, drawn by the boot script before the app's
// module has started. Only on a phone's very first load (no service worker yet, no Qabul
// database): over 2G the module takes seconds to arrive, and an enumerator can choose the
// governorate and district meanwhile. The data (boot/first-screen.json) is worked out from
// the form by the interview state machine (src/first_screen_page.rs), so nothing here decides
// anything: it shows, and keeps what is chosen in localStorage until the app takes it over
// (src/early_start.rs) and writes the draft.
//
// `firstScreen(shell)` resolves to a function telling whether an interview begun here waits
// for the app; the app then removes the screen once it shows the interview.
const firstScreen = async (shell) => {
  const data = __QABUL_FIRST_SCREEN__;
  const read = (key) => { try { return JSON.parse(localStorage.getItem(key)); } catch { return null; } };
  const waits = () => { try { return localStorage.getItem(data.key) != null; } catch { return false; } };
  // A phone that has Qabul's database has drafts, an outbox, maybe an enrolment and a PIN,
  // which only the app can show: it keeps the loading screen. So does a browser that cannot
  // tell within a second, and one whose localStorage cannot keep the choices.
  let writable = false;
  try { localStorage.setItem(`${data.key}.probe`, '1'); localStorage.removeItem(`${data.key}.probe`); writable = true; } catch { /* stays false */ }
  // The cheap checks first: every start of the app waits for this decision.
  const databases = writable && location.pathname === '/' && !navigator.serviceWorker?.controller
    ? await Promise.race([
      Promise.resolve().then(() => indexedDB.databases()).catch(() => null),
      new Promise((done) => setTimeout(done, 1000, null)),
    ])
    : null;
  const fresh = databases != null && !databases.some((db) => db.name === 'qabul');
  shell.dataset.phone = fresh ? 'new' : 'known';
  if (!fresh || !shell.isConnected) return () => false;

  const saved = read('qabul.lang');
  let lang = Object.hasOwn(data.langs, saved) ? saved : 'en';
  let begun = read(data.key);
  if (typeof begun?.id !== 'string' || typeof begun.answers !== 'object' || begun.answers === null) begun = null;
  // The screen in sight since when: a double tap on "New interview" must not choose a
  // governorate with its second tap.
  let shownAt = 0;
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
  // What is shown as chosen is what localStorage holds: a choice it cannot keep is not shown.
  const keep = (next) => {
    try { localStorage.setItem(data.key, JSON.stringify(next)); } catch { return false; }
    begun = next;
    return true;
  };
  const choose = (event, question, code) => {
    // Once the app is taking the interview over (it makes the screen inert), nothing changes.
    if (shell.hasAttribute('inert') || event.timeStamp - shownAt < 350) return;
    const answers = { ...begun.answers, [question.name]: code };
    // A choice its filter no longer offers is dropped, as the app drops it.
    for (const q of data.questions) {
      if (q.filtered_by === question.name && !(q.shown[code] ?? []).includes(answers[q.name])) delete answers[q.name];
    }
    if (keep({ ...begun, answers })) draw(`[data-question="${question.name}"] [data-code="${code}"]`);
  };

  const questionView = (t, q, at) => {
    const chosen = begun.answers[q.name];
    const offered = q.filtered_by ? (q.shown[begun.answers[q.filtered_by]] ?? []) : null;
    const widget = q.kind === 'choice'
      ? h('div', { class: 'choices', role: 'radiogroup' }, q.codes
        .map((code, i) => [code, t.choices[at][i]])
        .filter(([code]) => !offered || offered.includes(code))
        .map(([code, label]) => h('button', {
          type: 'button', class: 'choice', 'data-code': code, role: 'radio',
          'aria-pressed': String(code === chosen), 'aria-checked': String(code === chosen),
          onclick: (event) => choose(event, q, code),
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
        onclick: (event) => {
          if (shell.hasAttribute('inert')) return;
          lang = code;
          try { localStorage.setItem('qabul.lang', JSON.stringify(code)); } catch { /* this page keeps it */ }
          draw(`[data-lang="${code}"]`);
        },
      }, data.langs[code].name))));
    const page = begun
      ? h('main', { class: 'page survey' },
        h('section', { class: 'screen' }, t.title && h('h2', { class: 'screen-title', tabindex: '-1' }, t.title),
          data.questions.map((q, at) => questionView(t, q, at))),
        h('p', { class: 'notice' }, t.starting),
        h('nav', { class: 'survey-nav' },
          h('button', { type: 'button', class: 'secondary', 'data-action': 'back', disabled: true }, t.back),
          h('button', { type: 'button', class: 'primary', 'data-action': 'next', disabled: true }, t.next)))
      : h('main', { class: 'page home' }, h('p', { class: 'tagline' }, t.tagline),
        h('p', { class: 'notice practice' }, t.practice),
        h('section', { class: 'card' }, h('h2', {}, t.forms), h('p', { class: 'form-name' }, t.form),
          h('button', {
            type: 'button', class: 'primary big', 'data-action': 'new-interview',
            onclick: (event) => {
              if (shell.hasAttribute('inert')) return;
              // No randomUUID on an insecure origin (where no worker runs either): the app
              // then picks the draft's id.
              const next = { id: crypto.randomUUID?.() ?? '', at: Date.now(), answers: { ...t.defaults } };
              if (keep(next)) { shownAt = event.timeStamp; draw('.screen-title'); }
            },
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
