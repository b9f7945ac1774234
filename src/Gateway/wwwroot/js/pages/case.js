// 案件详情: status, place, who holds it, deadlines (SLA service), the whole history as a timeline,
// and the commands the signed-in person may give, each on the version shown (If-Match).
import { command, get, getWithETag, newKey } from '../api.js';
import { field, h, notice, showFormError } from '../dom.js';
import { statusBadge } from '../casecard.js';
import { duration, time } from '../format.js';
import { nameOf, reference } from '../reference.js';
import { routeForm } from '../routeform.js';
import { current } from '../session.js';
import { channels, deadlineKinds, deadlineStates, events, levels, roles, stages, urgencies } from '../words.js';

const pollEvery = 1500;
const pollFor = 40;

export async function casePage(draw, id, flash = null, tries = 0) {
  const ref = await reference();
  let loaded;
  try {
    loaded = await getWithETag(`/api/cases/${id}`);
  } catch (error) {
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
  draw(h('article', { class: 'case-page', 'data-etag': loaded.etag },
    flash ? notice('ok', flash) : null,
    header(ref, found),
    found.status === 'open' ? notice('info', '等待系统派单…') : null,
    actions(ref, found, loaded.etag, reload),
    details(ref, found),
    deadlineTable(ref, deadlines),
    timeline(ref, history)));
  if (found.status === 'open' && tries < pollFor) {
    setTimeout(() => draw.current() && casePage(draw, id, flash, tries + 1), pollEvery);
  }
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
    ['反映渠道', channels[found.channel] ?? found.channel],
    ['登记时间', time(found.loggedAt)],
    ['派单时间', found.routedAt && time(found.routedAt)],
    ['认领时间', found.claimedAt && time(found.claimedAt)],
    ['办结时间', found.resolvedAt && time(found.resolvedAt)],
    ['结案时间', found.closedAt && time(found.closedAt)],
    ['居民评价', found.satisfied === null ? null : found.satisfied ? '满意' : '不满意'],
    ['退回次数', found.returnCount || null],
    ['超时次数', found.breachCount || null],
    ['申请延期至', found.requestedResolveBy && time(found.requestedResolveBy)],
    ['已延期至', found.extendedResolveBy && time(found.extendedResolveBy)],
    ['疑似重复', found.possibleDuplicates.length ? found.possibleDuplicates.map((other) => h('a', { href: `#/cases/${other}` }, '查看 ')) : null],
  ];
  return h('section', { class: 'card' }, h('h2', {}, '案件信息'),
    h('dl', { class: 'facts' }, rows.filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])));
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
  const services = { intake: '受理系统', routing: '分拨系统', 'system:sla:deadline-poller': '时限督办系统' };
  if (!by) return '';
  if (services[by]) return services[by];
  const [role, unit, ...user] = by.split(':');
  return roles[role] ? `${roles[role]} ${nameOf(ref, unit)} ${user.join(':')}` : by;
}

// Who may do what: src/docs/lifecycle.md, "Who is who on a case". The API decides; this only
// spares people buttons that would always be refused.
function actions(ref, found, etag, reload) {
  const session = current();
  const a = found.assignment;
  const place = [found.place.grid, found.place.community, found.place.street, found.place.district];
  const overPlace = session.role === 'admin' || place.includes(session.unit);
  const atDesk = a?.level === 'triage-desk';
  const responsible = !!a && !atDesk && (
    (session.role === 'liaison' && a.level === 'department' && a.unitCode === session.unit)
    || (session.role === 'community-dispatcher' && a.level === 'community' && a.unitCode === session.unit)
    || (session.role === 'street-dispatcher' && a.level === 'street' && a.unitCode === session.unit)
    || (session.role === 'grid-worker' && a.level === 'grid' && (a.unitCode === session.unit || found.place.community === session.unit))
    || (session.role === 'supervisor' && a.level === 'district' && session.unit === found.place.district));
  const speaksForResident = overPlace && ['grid-worker', 'community-dispatcher', 'street-dispatcher', 'supervisor', 'admin'].includes(session.role);
  const dispatches = overPlace && ['street-dispatcher', 'supervisor', 'admin'].includes(session.role);
  const working = ['claimed', 'in-progress'].includes(found.status);
  const done = (verb) => () => reload(`已${verb}。`);
  const message = h('div', { class: 'action-message' });

  const list = [];
  if (responsible && found.status === 'routed') list.push(button(found, etag, 'claim', '认领', message, done('认领')));
  if (responsible && working) {
    list.push(textAction(found, etag, 'progress', '办理进展', 'note', '进展说明', message, done('记录进展')));
    list.push(textAction(found, etag, 'resolve', '办结', 'summary', '办结情况', message, done('办结')));
  }
  if (responsible && (found.status === 'routed' || working)) list.push(textAction(found, etag, 'return', '退回', 'reason', '退回理由', message, done('退回')));
  if (speaksForResident && found.status === 'resolved') {
    list.push(feedbackAction(found, etag, message, done('记录回访')));
    if (found.satisfied !== null) list.push(button(found, etag, 'close', '结案', message, done('结案')));
  }
  if (dispatches && atDesk && found.status === 'routed') {
    list.push(h('details', { class: 'action' }, h('summary', {}, '人工派单'), routeForm(ref, found, etag, () => reload('已派单。'))));
  }
  if (list.length === 0) return null;
  return h('section', { class: 'card actions' }, h('h2', {}, '办理'), h('div', { class: 'action-row' }, list), message,
    h('button', { type: 'button', class: 'link', onclick: () => reload(null) }, '刷新'));
}

function button(found, etag, name, label, message, onDone) {
  const key = newKey();
  const element = h('button', {
    type: 'button',
    class: 'primary',
    onclick: async () => {
      element.disabled = true;
      try {
        await command(found.id, name, {}, etag, key);
        onDone();
      } catch (error) {
        message.replaceChildren(notice('error', error.message));
        element.disabled = false;
      }
    },
  }, label);
  return element;
}

function textAction(found, etag, name, label, fieldName, fieldLabel, message, onDone) {
  const key = newKey();
  const text = h('textarea', { name: fieldName, rows: 3 });
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        await command(found.id, name, { [fieldName]: text.value.trim() || null }, etag, key);
        onDone();
      } catch (error) {
        showFormError(form, error, message);
      }
    },
  }, field(fieldLabel, text), h('button', { type: 'submit', class: 'primary' }, `确认${label}`));
  return h('details', { class: 'action' }, h('summary', {}, label), form);
}

function feedbackAction(found, etag, message, onDone) {
  const key = newKey();
  const comment = h('textarea', { name: 'comment', rows: 2 });
  const satisfied = h('select', { name: 'satisfied' }, h('option', { value: 'true' }, '满意'), h('option', { value: 'false' }, '不满意（重新办理）'));
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        await command(found.id, 'feedback', { satisfied: satisfied.value === 'true', comment: comment.value.trim() || null }, etag, key);
        onDone();
      } catch (error) {
        showFormError(form, error, message);
      }
    },
  }, field('居民评价', satisfied), field('居民意见', comment), h('button', { type: 'submit', class: 'primary' }, '提交回访'));
  return h('details', { class: 'action' }, h('summary', {}, '回访'), form);
}
