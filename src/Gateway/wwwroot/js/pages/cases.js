// 案件列表 (GET /api/cases): a grid worker's recent cases, a liaison's department queue (部门待办),
// everyone else's search. Filters combine; "加载更多" follows the cursor.
import { get } from '../api.js';
import { h, notice, select } from '../dom.js';
import { caseCard } from '../casecard.js';
import { commandButton } from './case-commands.js';
import { reference } from '../reference.js';
import { current } from '../session.js';
import { statuses, urgencies } from '../words.js';

const titles = { 'grid-worker': '近期案件', liaison: '部门待办', 'community-dispatcher': '社区案件', 'street-dispatcher': '街道案件' };

export async function casesPage(draw) {
  const ref = await reference();
  const session = current();
  const liaison = session.role === 'liaison';
  // A liaison starts from the cases waiting to be claimed, a 回访员 from those waiting for feedback.
  const startAt = { liaison: 'routed', 'feedback-agent': 'resolved' }[session.role] ?? '';
  const status = select({ name: 'status' }, [['', '全部状态'], ...Object.entries(statuses)], startAt);
  const urgency = select({ name: 'urgency' }, [['', '全部缓急'], ...Object.entries(urgencies)]);
  const category = select({ name: 'category' }, [['', '全部类别'], ...ref.catalogue.categories.map((c) => [c.code, c.name])]);
  const q = h('input', { type: 'search', name: 'q', placeholder: '受理编号或描述中的文字', 'aria-label': '搜索' });
  const list = h('ul', { class: 'case-list', 'data-testid': 'case-list' });
  const message = h('div');
  const more = h('button', { type: 'button', hidden: true, onclick: () => load(cursor) }, '加载更多');
  let cursor = null;

  async function load(after) {
    const query = new URLSearchParams({ limit: '20' });
    if (liaison) query.set('department', session.unit);
    for (const control of [status, urgency, category, q]) {
      if (control.value.trim()) query.set(control.name, control.value.trim());
    }
    if (after) query.set('cursor', after);
    try {
      const page = await get(`/api/cases?${query}`);
      if (!after) list.replaceChildren();
      list.append(...page.cases.map((found) => caseCard(ref, found, ...actions(found))));
      if (!after && page.cases.length === 0) list.append(h('li', { class: 'empty' }, '没有符合条件的案件。'));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      message.replaceChildren();
    } catch (error) {
      message.replaceChildren(notice('error', error.message));
    }
  }

  // A liaison claims straight from the queue, on the version the list showed.
  function actions(found) {
    if (!liaison || found.status !== 'routed' || found.assignment?.unitCode !== session.unit) return [];
    return [commandButton(found.id, 'claim', `"${found.version}"`, '认领', message, async () => {
      await load(null);
      message.replaceChildren(notice('ok', `已认领 ${found.trackingNumber}。`));
    })];
  }

  const filters = h('form', {
    class: 'filters',
    onchange: () => load(null),
    onsubmit: (event) => { event.preventDefault(); load(null); },
  }, status, urgency, category, q, h('button', { type: 'submit' }, '查询'));

  draw(h('section', {}, h('h1', {}, titles[session.role] ?? '案件查询'), filters, message, list, more));
  await load(null);
}
