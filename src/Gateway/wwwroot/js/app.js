// The workbench's frame: who is signed in, the menu for their role, and hash routes to pages.
import { h, navigated, notice, screen } from './dom.js';
import { current, forget } from './session.js';
import { completeSignIn, signOut } from './oidc.js';
import { roles } from './words.js';
import { reference, nameOf } from './reference.js';
import { signInPage } from './pages/signin.js';
import { logCallPage } from './pages/logcall.js';
import { casesPage } from './pages/cases.js';
import { casePage } from './pages/case.js';
import { triagePage } from './pages/triage.js';
import { dashboardPage } from './pages/dashboard.js';
import { accountsPage } from './pages/accounts.js';
import { breakdownPage } from './pages/breakdown.js';
import { residentFeedbackPage } from './pages/feedback.js';

const menus = {
  'grid-worker': [['#/log', '登记呼声'], ['#/cases', '近期案件']],
  'community-dispatcher': [['#/cases', '社区案件'], ['#/log', '登记呼声']],
  'street-dispatcher': [['#/triage', '分拨台'], ['#/cases', '街道案件'], ['#/dashboard', '督办看板'], ['#/log', '登记呼声']],
  liaison: [['#/cases', '部门待办'], ['#/breakdown', '考核明细']],
  supervisor: [['#/dashboard', '督办看板'], ['#/triage', '分拨台'], ['#/cases', '案件查询'], ['#/log', '登记呼声']],
  'feedback-agent': [['#/cases', '待回访案件']],
  admin: [['#/dashboard', '督办看板'], ['#/triage', '分拨台'], ['#/cases', '案件查询'], ['#/log', '登记呼声'],
    ['#/accounts', '账号管理']],
};

const routes = [
  [/^\/signin$/, signInPage],
  [/^\/log$/, logCallPage],
  [/^\/cases$/, casesPage],
  [/^\/cases\/([0-9a-f-]{36})$/, casePage],
  [/^\/triage$/, triagePage],
  [/^\/dashboard$/, dashboardPage],
  [/^\/accounts$/, accountsPage],
  [/^\/breakdown$/, breakdownPage],
];

// The resident's one-time feedback link: no sign-in, no menu; the token never leaves the page but in a body.
const residentLink = /^\/feedback\/([A-Za-z0-9_-]{20,100})$/;

async function route() {
  navigated();
  const path = location.hash.slice(1) || '/';
  const link = path.match(residentLink);
  if (link) {
    await frame(null, path);
    await residentFeedbackPage(screen(), link[1]);
    return;
  }
  if (path === '/signin') forget();
  const session = current();
  if (!session && path !== '/signin') {
    location.replace('#/signin');
    return;
  }
  if (path === '/' || path === '') {
    location.replace(menus[session.role]?.[0]?.[0] ?? '#/cases');
    return;
  }
  await frame(session, path);
  const match = routes.map(([pattern, page]) => [path.match(pattern), page]).find(([found]) => found);
  const draw = screen();
  if (!match) {
    draw(notice('error', '没有这个页面。'), h('a', { href: '#/' }, '返回首页'));
    return;
  }
  draw(h('p', { class: 'loading' }, '正在加载…'));
  try {
    await match[1](draw, ...match[0].slice(1));
  } catch (error) {
    draw(notice('error', error.message ?? String(error)),
      error.status === 401 ? h('a', { href: '#/signin', onclick: forget }, '重新登录') : h('a', { href: location.hash, onclick: () => route() }, '重试'));
  }
}

async function frame(session, path) {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!session) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  nav.replaceChildren(...(menus[session.role] ?? []).map(([href, label]) =>
    h('a', { href, 'aria-current': path.startsWith(href.slice(1)) ? 'page' : null }, label)));
  let unit = session.unit;
  try {
    unit = nameOf(await reference(), session.unit);
  } catch {
    // the name is a nicety: the code will do while routing is unreachable
  }
  who.replaceChildren(
    h('span', { class: 'who', 'data-testid': 'who' },
      `${session.name ? `${session.name} · ` : ''}${roles[session.role] ?? session.role} · ${unit}`),
    h('a', {
      href: '#/signin',
      class: 'sign-out',
      onclick: (event) => {
        event.preventDefault();
        signOut();
      },
    }, '退出'));
}

window.addEventListener('hashchange', route);
// Back from the identity service's sign-in with a code: redeem it first, then draw the page.
completeSignIn().catch((error) => screen()(notice('error', error.message))).then(route);
