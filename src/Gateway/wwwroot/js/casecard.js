// One case in a list: what, where, who holds it, since when; with room for buttons.
import { h } from './dom.js';
import { time } from './format.js';
import { nameOf } from './reference.js';
import { levels, statuses, urgencies } from './words.js';

export function caseCard(ref, found, ...actions) {
  const item = ref.items.get(found.itemCode);
  const assignment = found.assignment;
  return h('li', { class: 'case', 'data-case': found.id, 'data-tracking': found.trackingNumber },
    h('div', { class: 'case-head' },
      h('a', { href: `#/cases/${found.id}`, class: 'tracking' }, found.trackingNumber),
      statusBadge(found.status),
      found.urgency === 'urgent' ? h('span', { class: 'badge urgent' }, urgencies.urgent) : null,
      found.breachCount > 0 ? h('span', { class: 'badge breached' }, `超时 ${found.breachCount} 次`) : null,
      supervisionBadge(found),
      found.urgeCount > 0 ? h('span', { class: 'badge urged' }, `催办 ${found.urgeCount} 次`) : null),
    h('div', { class: 'case-what' }, item ? item.item.name : found.itemCode),
    h('div', { class: 'case-desc' }, found.description),
    h('div', { class: 'case-meta' },
      h('span', {}, `地点：${ref.names.get(found.place.grid) ?? found.place.grid}`),
      h('span', {}, `承办：${assignment ? `${levels[assignment.level] ?? assignment.level} ${nameOf(ref, assignment.unitCode)}` : '待派单'}`),
      h('span', {}, `登记：${time(found.loggedAt)}`),
      openOrder(found) ? h('span', { 'data-testid': 'supervision-due' }, `督办单限 ${time(openOrder(found).dueAt)} 前落实`) : null),
    actions.length ? h('div', { class: 'case-actions' }, actions) : null);
}

/** The case's open supervision order (督办单), if any: there is one at most (lifecycle.md). */
export function openOrder(found) {
  return (found.supervisionOrders ?? []).findLast((order) => order.state === 'open');
}

// 督办中, or 督办逾期 when the unit let the order's own time pass too.
function supervisionBadge(found) {
  const order = openOrder(found);
  if (!order) return null;
  return h('span', { class: `badge supervised${order.overdue ? ' overdue' : ''}`, 'data-testid': 'supervision' },
    order.overdue ? '督办逾期' : '督办中');
}

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, 'data-testid': 'status' }, statuses[status] ?? status);
}
