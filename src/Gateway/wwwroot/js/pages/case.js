// 案件详情: status, place, who holds it, deadlines (SLA service), the whole history as a timeline,
// and the commands the signed-in person may give, each on the version shown (If-Match).
import { get, getWithETag } from '../api.js';
import { h, notice } from '../dom.js';
import { statusBadge } from '../casecard.js';
import { duration, time } from '../format.js';
import { photoCard } from '../photos.js';
import { nameOf, reference } from '../reference.js';
import { commands } from './case-commands.js';
import {
  channels, deadlineKinds, deadlineStates, events, levels, roles, stages, supervisionStates, urgencies,
} from '../words.js';

const pollEvery = 1500;
const pollFor = 40;

export async function casePage(draw, id, flash = null, tries = 0) {
  const ref = await reference();
  let loaded;
  try {
    loaded = await getWithETag(`/api/cases/${id}`);
  } catch (error) {
    // Only after a command (flash): 退回, 上报 or 改派 can take the case out of the person's sight.
    if (error.status === 404 && flash) {
      draw(notice('ok', flash), notice('info', '案件已转交其他单位办理，您已不能查看。'), h('a', { href: '#/cases' }, '返回案件列表'));
      return;
    }
    // A call logged a moment ago reaches the cases service within a second or two.
    if (error.status !== 404 || tries >= pollFor) throw error;
    draw(notice('info', '案件正在受理中，请稍候…'));
    setTimeout(() => draw.current() && casePage(draw, id, flash, tries + 1), pollEvery);
    return;
  }
  const found = loaded.data;
  const [history, deadlines] = await Promise.all([
    get(`/api/cases/${id}/history`),
    get(`/api/cases/${id}/deadlines`).catch(() => null),
  ]);
  const reload = (message) => casePage(draw, id, message);
  const deadlineCard = deadlineTable(ref, deadlines);
  draw(h('article', { class: 'case-page', 'data-etag': loaded.etag },
    flash ? notice('ok', flash) : null,
    header(ref, found),
    found.status === 'open' ? notice('info', '等待系统派单…') : null,
    commands(ref, found, loaded.etag, history, reload),
    supervisionCard(ref, found),
    details(ref, found),
    photoCard(found, reload),
    deadlineCard,
    timeline(ref, history)));
  if (found.status === 'open' && tries < pollFor) {
    setTimeout(() => draw.current() && casePage(draw, id, flash, tries + 1), pollEvery);
  } else if (!deadlines?.deadlines.length && !['open', 'closed', 'merged'].includes(found.status)) {
    awaitDeadlines(ref, id, deadlineCard);
  }
}

// The SLA service starts a routed case's clocks from the same message a moment later: the card
// fills in when they exist, without redrawing the page (and the forms on it).
function awaitDeadlines(ref, id, card, tries = 0) {
  setTimeout(async () => {
    if (!card.isConnected) return;
    const deadlines = await get(`/api/cases/${id}/deadlines`).catch(() => null);
    if (deadlines?.deadlines.length) card.replaceWith(deadlineTable(ref, deadlines));
    else if (tries < pollFor) awaitDeadlines(ref, id, card, tries + 1);
  }, pollEvery);
}

function header(ref, found) {
  const item = ref.items.get(found.itemCode);
  return h('header', { class: 'case-title' },
    h('h1', {}, item?.item.name ?? found.itemCode),
    h('p', {}, h('span', { class: 'tracking', 'data-testid': 'tracking-number' }, found.trackingNumber), ' ', statusBadge(found.status),
      found.urgency ? h('span', { class: `badge ${found.urgency}` }, urgencies[found.urgency]) : null));
}

function details(ref, found) {
  const a = found.assignment;
  const rows = [
    ['问题描述', found.description],
    ['地点', [found.place.street, found.place.community, found.place.grid].map((code) => ref.names.get(code) ?? code).join(' / ')],
    ['承办单位', a ? `${levels[a.level] ?? a.level} · ${a.level === 'triage-desk' ? a.unitName : nameOf(ref, a.unitCode)}` : '待派单'],
    ['协办部门', found.assistingDepartments.map((code) => nameOf(ref, code)).join('、') || null],
    ['被召集部门', found.summonedDepartments.map((code) => nameOf(ref, code)).join('、') || null],
    ['报到时限', found.summonedDepartments.length ? time(found.reportBy) : null],
    ['反映渠道', channels[found.channel] ?? found.channel],
    ['登记时间', time(found.loggedAt)],
    ['派单时间', found.routedAt && time(found.routedAt)],
    ['认领时间', found.claimedAt && time(found.claimedAt)],
    ['办结时间', found.resolvedAt && time(found.resolvedAt)],
    ['结案时间', found.closedAt && time(found.closedAt)],
    ['居民评价', found.satisfied === null ? null : found.satisfied ? '满意' : '不满意'],
    ['退回次数', found.returnCount || null],
    ['超时次数', found.breachCount || null],
    ['督办次数', found.supervisionOrderCount || null],
    ['催办次数', found.urgeCount || null],
    ['申请延期至', found.requestedResolveBy && time(found.requestedResolveBy)],
    ['已延期至', found.extendedResolveBy && time(found.extendedResolveBy)],
    ['已并入', found.mergedInto && h('a', { href: `#/cases/${found.mergedInto}` }, '查看保留的案件')],
    ['并入的重复案件', found.duplicates.length ? found.duplicates.map((other) => h('a', { href: `#/cases/${other}` }, '查看 ')) : null],
    ['疑似重复', found.possibleDuplicates.length ? found.possibleDuplicates.map((other) => h('a', { href: `#/cases/${other}` }, '查看 ')) : null],
  ];
  return h('section', { class: 'card' }, h('h2', {}, '案件信息'),
    h('dl', { class: 'facts' }, rows.filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])));
}

// 督办单: every order the case had; an open one is what the unit is being pressed on now.
function supervisionCard(ref, found) {
  const orders = found.supervisionOrders ?? [];
  if (orders.length === 0) return null;
  return h('section', { class: 'card', 'data-testid': 'supervision-orders' }, h('h2', {}, '督办单'),
    h('table', {},
      h('thead', {}, h('tr', {}, ['超时时限', '督办事由', '被督办单位', '开具时间', '落实期限', '状态'].map((title) => h('th', {}, title)))),
      h('tbody', {}, orders.map((order) => h('tr', { class: `order-${order.state}${order.overdue ? ' order-overdue' : ''}` },
        h('td', {}, deadlineKinds[order.deadlineKind] ?? order.deadlineKind),
        h('td', {}, order.reason),
        h('td', {}, nameOf(ref, order.unitCode)),
        h('td', {}, time(order.orderedAt)),
        h('td', {}, time(order.dueAt)),
        h('td', {}, order.overdue ? '督办逾期' : supervisionStates[order.state] ?? order.state,
          order.settledAt ? h('small', {}, ` ${time(order.settledAt)}`) : null))))));
}

function deadlineTable(ref, deadlines) {
  const body = !deadlines || deadlines.deadlines.length === 0
    ? h('p', { class: 'hint' }, '暂无时限信息（案件派单后开始计时）。')
    : h('table', {},
      h('thead', {}, h('tr', {}, ['时限', '单位', '计时方式', '到期时间', '状态'].map((title) => h('th', {}, title)))),
      h('tbody', {}, deadlines.deadlines.map((d) => h('tr', { class: `deadline-${d.state}` },
        h('td', {}, deadlineKinds[d.kind] ?? (d.kind.startsWith('whistle:') ? `报到时限（${nameOf(ref, d.kind.slice(8))}）` : d.kind)),
        h('td', {}, nameOf(ref, d.unit)),
        h('td', {}, d.clock === '24x7' ? '全天候' : '工作时间'),
        h('td', {}, time(d.dueAt)),
        h('td', {}, deadlineStates[d.state] ?? d.state)))));
  return h('section', { class: 'card', 'data-testid': 'deadlines' },
    h('h2', {}, '办理时限', deadlines ? h('small', {}, ` ${stages[deadlines.stage] ?? deadlines.stage}`) : null), body);
}

function timeline(ref, history) {
  return h('section', { class: 'card' }, h('h2', {}, '办理经过'),
    h('ol', { class: 'timeline', 'data-testid': 'timeline' }, history.map((entry, index) => h('li', { 'data-event': entry.event },
      h('div', { class: 'when' }, time(entry.at),
        index > 0 ? h('small', {}, ` +${duration((new Date(entry.at) - new Date(history[index - 1].at)) / 1000)}`) : null),
      h('div', { class: 'what' }, h('strong', {}, events[entry.event] ?? entry.event), ' ', summary(entry.summary)),
      h('div', { class: 'by' }, who(ref, entry.by))))));
}

// The history's summary repeats the event's name before its first colon; the timeline shows it once.
function summary(text) {
  const colon = text.search(/[:：]/);
  return colon >= 0 ? text.slice(colon + 1).trim() : text;
}

// "liaison:SW:wang.qiang" → "部门联络员 区水务局（SW） wang.qiang"; services by their Chinese names.
function who(ref, by) {
  const services = {
    intake: '受理系统',
    routing: '分拨系统',
    'system:sla:deadline-poller': '时限督办系统',
    'resident:link': '居民（评价链接）',
  };
  if (!by) return '';
  if (services[by]) return services[by];
  const [role, unit, ...user] = by.split(':');
  return roles[role] ? `${roles[role]} ${nameOf(ref, unit)} ${user.join(':')}` : by;
}
