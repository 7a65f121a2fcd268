// The page of `briefing serve`: the documents of the build as thumbnails, a
// document's pages, a deck's presenter view, and the last rebuild's problems.
// The server sends its whole state on /api/events after every change; the
// page changes only the parts that differ (an image is fetched again only
// when its content hash changed). Data only ever reaches the page as text
// (textContent) or as attributes: never as markup.
'use strict';

const KINDS = { factsheet: 'Fact sheets', deck: 'Decks', handout: 'Handouts' };
const $ = (id) => document.getElementById(id);
let snapshot = null;
let shownProblems = '';
let shownWarnings = '';

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function fileUrl(file, sha256) {
  return '/files/' + encodeURIComponent(file) + '?v=' + encodeURIComponent((sha256 || '').slice(0, 16));
}

// Points `img` at `image`, only when it is not already there, and sizes it as
// the page it shows at screen resolution (CSS pixels are 1/96 inch).
function setImage(img, image, alt, atScreenSize) {
  img.alt = alt;
  if (!image) {
    img.removeAttribute('src');
    delete img.dataset.sha;
    delete img.dataset.wanted;
    img.hidden = true;
    return;
  }
  img.hidden = false;
  const url = fileUrl(image.file, image.sha256);
  if (img.dataset.wanted !== url) {
    img.dataset.wanted = url;
    img.src = url;
    img.dataset.sha = image.sha256;
  }
  if (image.width && image.height) {
    img.width = image.width;
    img.height = image.height;
    if (atScreenSize && snapshot) img.style.width = Math.round(image.width * 96 / snapshot.ppi) + 'px';
  }
}

function byName(name) {
  return snapshot ? snapshot.documents.find((d) => d.name === name) : undefined;
}

function describe(doc) {
  return [KINDS[doc.kind] ? KINDS[doc.kind].replace(/s$/, '') : doc.kind, doc.scope_name, doc.lang, doc.audience]
    .filter(Boolean).join(' · ');
}

// The view the address asks for: #doc/NAME, #present/NAME/N, or the index.
function route() {
  const [view, name, n] = location.hash.replace(/^#/, '').split('/').map(decodeURIComponent);
  if (view === 'doc' && name) return { view: 'document', name };
  if (view === 'present' && name) return { view: 'presenter', name, slide: Math.max(1, parseInt(n, 10) || 1) };
  return { view: 'index' };
}

function renderStatus(s) {
  let text = s.status;
  if (s.building) {
    text = s.changed.length ? 'rebuilding after changes to ' + s.changed.join(', ') + '…' : 'building…';
  }
  $('status').textContent = text;
  document.body.dataset.generation = String(s.generation);
  document.body.dataset.building = String(s.building);
  document.body.classList.toggle('failed', !s.ok);
}

function problemElement(p) {
  const item = el('article', 'problem ' + p.severity);
  item.append(el('h3', '', p.severity + ': ' + p.message));
  if (p.file) {
    item.append(el('p', 'where', p.file + ':' + p.line + ':' + p.column));
    if (p.source !== null) {
      const gutter = String(p.line) + ' │ ';
      const caret = ' '.repeat(gutter.length + p.column - 1) + '^'.repeat(Math.max(1, p.width));
      const pre = el('pre', 'source');
      pre.append(el('span', 'line', gutter + p.source + '\n'), el('span', 'caret', caret));
      item.append(pre);
    }
  }
  const notes = p.hints.map((h) => 'hint: ' + h).concat(p.related);
  if (notes.length) {
    const list = el('ul', 'hints');
    for (const note of notes) list.append(el('li', '', note));
    item.append(list);
  }
  return item;
}

function renderProblems(s) {
  const problems = JSON.stringify(s.errors);
  if (problems !== shownProblems) {
    shownProblems = problems;
    $('problem-list').replaceChildren(...s.errors.map(problemElement));
    $('problems-title').textContent =
      'The last rebuild failed: ' + s.errors.length + (s.errors.length === 1 ? ' error' : ' errors');
    $('problems').hidden = s.errors.length === 0;
  }
  const warnings = JSON.stringify(s.warnings);
  if (warnings !== shownWarnings) {
    shownWarnings = warnings;
    $('warning-list').replaceChildren(...s.warnings.map(problemElement));
    $('warnings-title').textContent = s.warnings.length + (s.warnings.length === 1 ? ' warning' : ' warnings');
    $('warnings').hidden = s.warnings.length === 0;
  }
}

function updateCard(card, doc) {
  if (!card.firstChild) {
    const link = el('a');
    link.append(el('img'), el('span', 'label'), el('span', 'name'), el('span', 'badge'));
    card.append(link);
  }
  const link = card.firstChild;
  const [img, label, name, badge] = link.children;
  link.href = '#doc/' + encodeURIComponent(doc.name);
  setImage(img, doc.thumbnail, doc.title + ', first page', false);
  label.textContent = [doc.scope_name, doc.lang, doc.audience].filter(Boolean).join(' · ');
  name.textContent = doc.name;
  badge.textContent = doc.stale ? 'last good version' : doc.built ? '' : 'not built yet';
  card.classList.toggle('stale', doc.stale);
  card.classList.toggle('pending', !doc.built);
}

function renderIndex(s) {
  const main = $('index');
  const cards = new Map([...main.querySelectorAll('li[data-name]')].map((c) => [c.dataset.name, c]));
  const sections = new Map([...main.querySelectorAll('section[data-kind]')].map((c) => [c.dataset.kind, c]));
  const shown = [];
  for (const kind of Object.keys(KINDS)) {
    const docs = s.documents.filter((d) => d.kind === kind);
    if (!docs.length) continue;
    let section = sections.get(kind);
    if (!section) {
      section = el('section');
      section.dataset.kind = kind;
      section.append(el('h2', '', KINDS[kind]), el('ul', 'grid'));
    }
    const list = section.querySelector('ul');
    for (const doc of docs) {
      let card = cards.get(doc.name);
      if (!card) {
        card = el('li', 'card');
        card.dataset.name = doc.name;
      }
      cards.delete(doc.name);
      updateCard(card, doc);
      if (list.lastElementChild !== card) list.append(card); // moves it: its image is not fetched again
    }
    shown.push(section);
  }
  for (const card of cards.values()) card.remove();
  if (!shown.length) shown.push(el('p', 'empty', s.building ? 'Building the documents…' : 'No documents.'));
  const current = [...main.children];
  if (shown.length !== current.length || shown.some((x, i) => x !== current[i])) main.replaceChildren(...shown);
}

function renderDocument(name) {
  const doc = byName(name);
  if (!doc) {
    $('document-title').textContent = 'No document named ' + name;
    $('pages').replaceChildren();
    return;
  }
  document.title = doc.title + ' – briefing preview';
  $('document-title').textContent = doc.title;
  $('document-meta').textContent = describe(doc) + ' · ' + doc.pages.length +
    (doc.pages.length === 1 ? ' page' : ' pages') + (doc.stale ? ' · last good version' : '');
  const pdf = $('document-pdf');
  pdf.hidden = !doc.pdf;
  if (doc.pdf) pdf.href = fileUrl(doc.pdf, doc.pdf_sha256);
  const present = $('document-present');
  present.hidden = doc.kind !== 'deck';
  present.href = '#present/' + encodeURIComponent(doc.name) + '/1';
  const pages = $('pages');
  doc.pages.forEach((page, i) => {
    let figure = pages.children[i];
    if (!figure) {
      figure = el('figure', 'page');
      figure.append(el('img'), el('figcaption'));
      pages.append(figure);
    }
    figure.dataset.page = String(i + 1);
    setImage(figure.firstChild, page, 'Page ' + (i + 1) + ' of ' + doc.pages.length + ' of ' + doc.title, true);
    figure.lastChild.textContent = 'Page ' + (i + 1);
  });
  while (pages.children.length > doc.pages.length) pages.lastChild.remove();
}

// The presenter view's clock: time since the view was opened, pausable.
const timer = { started: null, paused: 0, pausedAt: null };

function showTimer() {
  if (timer.started === null) return;
  const now = timer.pausedAt ?? Date.now();
  const seconds = Math.floor((now - timer.started - timer.paused) / 1000);
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  $('timer').textContent = mm + ':' + ss;
}

function renderPresenter(name, slide) {
  const doc = byName(name);
  if (timer.started === null) timer.started = Date.now();
  $('presenter-back').href = '#doc/' + encodeURIComponent(name);
  if (!doc || !doc.pages.length) {
    $('presenter-title').textContent = doc ? doc.title : 'No document named ' + name;
    return;
  }
  const count = doc.pages.length;
  const n = Math.min(slide, count);
  document.title = 'Presenting ' + doc.title + ' – briefing preview';
  $('presenter-title').textContent = doc.title;
  $('presenter-count').textContent = 'Slide ' + n + ' of ' + count;
  setImage($('slide-current'), doc.pages[n - 1], 'Slide ' + n + ' of ' + count, false);
  setImage($('slide-next'), doc.pages[n], n < count ? 'Next: slide ' + (n + 1) : '', false);
  $('next-caption').textContent = n < count ? 'Next slide' : 'End of the deck';
  const notes = (doc.notes[n - 1] || '').split(/\n\s*\n/).filter((p) => p.trim());
  const shown = notes.length ? notes.map((p) => el('p', '', p)) : [el('p', 'empty', 'No notes for this slide.')];
  $('notes').replaceChildren(...shown);
  $('previous').disabled = n <= 1;
  $('next').disabled = n >= count;
}

function go(step) {
  const r = route();
  if (r.view !== 'presenter') return;
  const doc = byName(r.name);
  const count = doc ? doc.pages.length : 1;
  const n = step === 'first' ? 1 : step === 'last' ? count : Math.min(count, Math.max(1, r.slide + step));
  location.replace('#present/' + encodeURIComponent(r.name) + '/' + n);
}

function render() {
  const r = route();
  document.body.dataset.view = r.view;
  $('index').hidden = r.view !== 'index';
  $('document').hidden = r.view !== 'document';
  $('presenter').hidden = r.view !== 'presenter';
  if (r.view !== 'presenter') timer.started = null;
  if (r.view === 'index') document.title = 'briefing preview';
  if (!snapshot) return;
  renderStatus(snapshot);
  renderProblems(snapshot);
  if (r.view === 'index') renderIndex(snapshot);
  if (r.view === 'document') renderDocument(r.name);
  if (r.view === 'presenter') renderPresenter(r.name, r.slide);
}

window.addEventListener('hashchange', render);
document.addEventListener('keydown', (e) => {
  if (route().view !== 'presenter' || e.altKey || e.ctrlKey || e.metaKey) return;
  const steps = { ArrowRight: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, PageUp: -1, Home: 'first', End: 'last' };
  if (e.key in steps) {
    e.preventDefault();
    go(steps[e.key]);
  }
});
$('previous').addEventListener('click', () => go(-1));
$('next').addEventListener('click', () => go(1));
$('timer-toggle').addEventListener('click', () => {
  if (timer.pausedAt === null) {
    timer.pausedAt = Date.now();
    $('timer-toggle').textContent = 'Resume';
  } else {
    timer.paused += Date.now() - timer.pausedAt;
    timer.pausedAt = null;
    $('timer-toggle').textContent = 'Pause';
  }
});
$('timer-reset').addEventListener('click', () => {
  timer.started = Date.now();
  timer.paused = 0;
  timer.pausedAt = timer.pausedAt === null ? null : timer.started;
  showTimer();
});
setInterval(showTimer, 1000);

const events = new EventSource('/api/events');
events.addEventListener('state', (e) => {
  snapshot = JSON.parse(e.data);
  render();
});
events.addEventListener('error', () => {
  $('status').textContent = 'briefing serve is not answering (was it stopped?): retrying…';
});
render();
