// 分拨台 (GET /api/triage-desks/{code}/cases): cases no rule could place, oldest first; a street
// dispatcher or supervisor routes each by hand.
import { get } from '../api.js';
import { h, notice, select } from '../dom.js';
import { caseCard } from '../casecard.js';
import { reference } from '../reference.js';
import { routeForm } from '../routeform.js';
import { current } from '../session.js';

export async function triagePage(draw, flash = null, chosenDesk = null) {
  const ref = await reference();
  const session = current();
  // A street's dispatcher has one desk; the district's supervisors and admins see every street's and the district's.
  const desks = session.unit === ref.areas.code
    ? [[ref.areas.code, `${ref.areas.name}分拨台`], ...ref.areas.children.map((street) => [street.code, `${street.name}分拨台`])]
    : [[session.unit, `${ref.names.get(session.unit) ?? session.unit}分拨台`]];
  const desk = chosenDesk ?? desks[0][0];
  const picker = select({ name: 'desk', 'aria-label': '分拨台', onchange: () => triagePage(draw, null, picker.value) }, desks, desk);
  const waiting = await get(`/api/triage-desks/${encodeURIComponent(desk)}/cases?limit=100`);
  const reload = (message) => triagePage(draw, message, desk);
  draw(h('section', {},
    h('h1', {}, '分拨台'),
    desks.length > 1 ? h('div', { class: 'filters' }, picker) : h('p', { class: 'hint' }, desks[0][1]),
    flash ? notice('ok', flash) : null,
    h('p', { class: 'hint' }, `等待人工派单：${waiting.cases.length} 件（最早登记的在前）。`),
    h('ul', { class: 'case-list', 'data-testid': 'triage-list' },
      waiting.cases.length === 0 ? h('li', { class: 'empty' }, '分拨台上没有待派的案件。') : null,
      waiting.cases.map((found) => caseCard(ref, found,
        h('details', { class: 'action' }, h('summary', {}, '人工派单'),
          routeForm(ref, found, `"${found.version}"`, () => reload(`${found.trackingNumber} 已派单。`))))))));
}
