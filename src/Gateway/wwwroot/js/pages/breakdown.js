// 考核明细: how a unit's score was made, case by case — GET /api/rankings/{unit}/cases (src/docs/measures.md).
// Opened from a unit of the dashboard's ranking, and a liaison's own page for their department.
import { download, get } from '../api.js';
import { field, h, notice, select } from '../dom.js';
import { chinaDate } from '../format.js';
import { nameOf, reference } from '../reference.js';
import { current } from '../session.js';
import { chargedCounts, statuses } from '../words.js';

const pageSize = 50;

/** Which cases to list: the query each choice adds (counted: 1 in that count; notCounted: 0). */
const filters = {
  all: ['全部计入的案件', {}],
  late: ['未按时认领', { counted: 'assigned', notCounted: 'respondedOnTime' }],
  unresolved: ['未按时办结', { counted: 'assigned', notCounted: 'resolvedOnTime' }],
  returned: ['退回', { counted: 'returned' }],
  escalated: ['上报', { counted: 'escalated' }],
  unsatisfied: ['回访不满意', { counted: 'withFeedback', notCounted: 'satisfied' }],
  relieved: ['改派免责', { counted: 'relieved' }],
};

/** The counts shown per case; open and overdue say where it stands now, not what it is scored on. */
const columns = Object.keys(chargedCounts).filter((name) => !['open', 'overdue'].includes(name));

/** The card with a unit's cases in a range, filtered and paged; loads itself. */
export function breakdownCard(ref, { by, unit, from, to }) {
  const choice = select({ name: 'filter', 'aria-label': '筛选' }, Object.entries(filters).map(([key, [label]]) => [key, label]), 'all');
  const list = h('div', { 'data-testid': 'breakdown-cases' }, h('p', { class: 'loading' }, '正在加载…'));
  const query = (extra) => {
    const parameters = new URLSearchParams({ by, from, to, ...extra });
    for (const [name, value] of Object.entries(filters[choice.value][1])) parameters.append(name, value);
    return `/api/rankings/${encodeURIComponent(unit)}/cases?${parameters}`;
  };

  async function load() {
    list.replaceChildren(h('p', { class: 'loading' }, '正在加载…'));
    try {
      const first = await get(query({ limit: pageSize, offset: 0 }));
      const rows = h('tbody', {}, first.cases.map((found) => row(ref, found)));
      let shown = first.cases.length;
      const more = h('button', {
        type: 'button',
        hidden: shown >= first.total,
        onclick: async () => {
          try {
            const next = await get(query({ limit: pageSize, offset: shown }));
            rows.append(...next.cases.map((found) => row(ref, found)));
            shown += next.cases.length;
            more.hidden = shown >= next.total || next.cases.length === 0;
          } catch (error) {
            list.append(notice('error', error.message));
          }
        },
      }, '加载更多');
      list.replaceChildren(
        h('p', { 'data-testid': 'breakdown-totals' }, summary(first)),
        first.total
          ? h('div', { class: 'table-scroll' }, h('table', { 'data-testid': 'breakdown-table' },
            h('thead', {}, h('tr', {}, ['受理编号', '事项', '登记日', '状态'].map((title) => h('th', {}, title)),
              columns.map((name) => h('th', {}, chargedCounts[name])))),
            rows))
          : h('p', { class: 'hint' }, '没有符合条件的案件。'),
        more);
    } catch (error) {
      list.replaceChildren(notice('error', error.message));
    }
  }

  const csv = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await download(query({ format: 'csv' }), `考核明细-${unit}-${from}-${to}.csv`);
      } catch (error) {
        list.prepend(notice('error', error.message));
      }
    },
  }, '下载 CSV');
  load();
  return h('section', { class: 'card', 'data-testid': 'breakdown', 'data-unit': unit },
    h('h2', {}, `考核明细：${nameOf(ref, unit)}`),
    h('p', { class: 'hint' }, `${from} 至 ${to} 登记、计入本单位的案件；每列为 ✓ 表示该案件计入这一项（各项的含义见督办指标说明）。`),
    h('form', { class: 'filters', onchange: load, onsubmit: (event) => { event.preventDefault(); load(); } }, field('只看', choice), csv),
    list);
}

/** A liaison's own department's breakdown, this quarter by default. */
export async function breakdownPage(draw) {
  const ref = await reference();
  const session = current();
  const today = chinaDate(0);
  const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  const from = h('input', { type: 'date', name: 'from', value: quarterStart });
  const to = h('input', { type: 'date', name: 'to', value: today });
  const slot = h('div', {});
  const show = () => slot.replaceChildren(breakdownCard(ref, { by: 'department', unit: session.unit, from: from.value, to: to.value }));
  draw(h('section', {},
    h('h1', {}, '考核明细'),
    h('form', { class: 'filters', onchange: show, onsubmit: (event) => { event.preventDefault(); show(); } },
      field('开始日期', from), field('结束日期', to), h('button', { type: 'submit' }, '刷新')),
    slot));
  show();
}

function row(ref, found) {
  return h('tr', { 'data-case': found.caseId },
    h('td', {}, h('a', { href: `#/cases/${found.caseId}` }, found.trackingNumber)),
    h('td', {}, ref.items.get(found.itemCode)?.item.name ?? found.itemCode),
    h('td', {}, found.day),
    h('td', {}, statuses[found.status] ?? found.status),
    columns.map((name) => h('td', { 'data-count': name }, found.counts[name] ? '✓' : '·')));
}

function summary(answer) {
  const t = answer.totals;
  return `共 ${answer.total} 件（考核办法 ${answer.rulesVersion}）：计入派单 ${t.assigned}，认领 ${t.responded}（按时 ${t.respondedOnTime}），`
    + `办结 ${t.resolved}（按时 ${t.resolvedOnTime}），回访 ${t.withFeedback}（满意 ${t.satisfied}），退回 ${t.returned}，上报 ${t.escalated}，`
    + `改派免责 ${t.relieved}。`;
}
