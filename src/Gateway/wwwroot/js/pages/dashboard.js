// 督办看板: rates by unit (bars), the district's trend (lines), the overdue board, rankings with a unit's
// case-by-case breakdown, and the CSV — from GET /api/measures, /api/overdue, /api/rankings and
// /api/rankings/{unit}/cases (src/docs/measures.md).
import { download, get } from '../api.js';
import { field, h, notice, select } from '../dom.js';
import { barChart, legend, lineChart } from '../charts.js';
import { caseCard } from '../casecard.js';
import { chinaDate, duration, percent } from '../format.js';
import { nameOf, reference } from '../reference.js';
import { rates, unrankedReasons } from '../words.js';
import { breakdownCard } from './breakdown.js';

const dimensions = { department: '部门', street: '街道', community: '社区', grid: '网格', item: '事项', category: '类别' };
const granularities = { day: '按日', week: '按周', month: '按月', quarter: '按季度' };
const trendRates = ['responseRate', 'closureRate', 'onTimeClosureRate', 'satisfactionRate'];
const mostBars = 30;

export async function dashboardPage(draw) {
  const ref = await reference();
  const by = select({ name: 'by', 'aria-label': '统计维度' }, Object.entries(dimensions), 'department');
  const from = h('input', { type: 'date', name: 'from', value: chinaDate(-29) });
  const to = h('input', { type: 'date', name: 'to', value: chinaDate(0) });
  const granularity = select({ name: 'granularity', 'aria-label': '统计周期' }, Object.entries(granularities), 'day');
  const rate = select({ name: 'rate', 'aria-label': '指标' }, Object.entries(rates), 'closureRate');
  const body = h('div', { 'data-testid': 'dashboard' }, h('p', { class: 'loading' }, '正在统计…'));
  // The units over the whole range (granularity=range) for the tiles, bars and table; the periods for the trend.
  const query = (periods) => new URLSearchParams({ by: by.value, from: from.value, to: to.value, granularity: periods });

  async function load() {
    // The overdue board reads open cases, not the totals, and may take longer: it fills in on its own.
    const board = h('section', { class: 'card', 'data-testid': 'overdue' }, h('h2', {}, '超时督办榜'), h('p', { class: 'loading' }, '正在加载…'));
    get('/api/overdue?limit=20').then(
      (overdue) => board.replaceChildren(...overdueBoard(ref, overdue)),
      (error) => board.replaceChildren(h('h2', {}, '超时督办榜'), notice('error', error.message)));
    try {
      const [whole, trend, ranking] = await Promise.all([
        get(`/api/measures?${query('range')}`),
        get(`/api/measures?${query(granularity.value)}`),
        get(`/api/rankings?${new URLSearchParams({ by: ['department', 'street', 'community'].includes(by.value) ? by.value : 'department', from: from.value, to: to.value })}`),
      ]);
      body.replaceChildren(...view(ref, whole, trend, ranking, rate.value, board));
    } catch (error) {
      body.replaceChildren(notice('error', error.message));
    }
  }

  const csv = h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await download(`/api/measures?${query(granularity.value)}&format=csv`, `督办指标-${by.value}-${from.value}-${to.value}.csv`);
      } catch (error) {
        body.prepend(notice('error', error.message));
      }
    },
  }, '下载 CSV');

  draw(h('section', {},
    h('h1', {}, '督办看板'),
    h('form', { class: 'filters', onchange: load, onsubmit: (event) => { event.preventDefault(); load(); } },
      field('维度', by), field('开始日期', from), field('结束日期', to), field('周期', granularity), field('柱状图指标', rate),
      h('button', { type: 'submit' }, '刷新'), csv),
    body));
  await load();
}

function view(ref, whole, trend, ranking, rate, board) {
  const units = whole.rows;
  const district = whole.district[0] ?? {};
  const label = (unit) => (unit ? ref.items.get(unit)?.item.name ?? ref.names.get(unit) ?? unit : '未派至部门');
  const bars = [...units].sort((a, b) => (b[rate] ?? -1) - (a[rate] ?? -1)).slice(0, mostBars);
  const periods = trend.district.map((row) => row.period);
  return [
    h('div', { class: 'tiles', 'data-testid': 'tiles' },
      tile('登记', district.logged), tile('已派单', district.assigned), tile('响应率', percent(district.responseRate)),
      tile('办结率', percent(district.closureRate)), tile('按时办结率', percent(district.onTimeClosureRate)),
      tile('在办', district.open), tile('超时在办', district.overdue)),
    h('section', { class: 'card' }, h('h2', {}, `各${dimensions[whole.by]}${rates[rate]}`),
      units.length ? barChart(`各${dimensions[whole.by]}${rates[rate]}`, bars.map((row) => [label(row.unit), row[rate]])) : h('p', { class: 'hint' }, '所选时间内没有案件。'),
      units.length > mostBars ? h('p', { class: 'hint' }, `仅显示前 ${mostBars} 个，完整数据见下表或 CSV。`) : null),
    h('section', { class: 'card' }, h('h2', {}, '全区趋势'),
      periods.length ? [lineChart('全区趋势', periods, trendRates.map((name) => ({ name: rates[name], values: trend.district.map((row) => row[name]) }))),
        legend(trendRates.map((name) => rates[name]))] : h('p', { class: 'hint' }, '所选时间内没有案件。')),
    h('section', { class: 'card' }, h('h2', {}, `各${dimensions[whole.by]}指标`), unitTable(units, label)),
    board,
    ...rankingSection(ranking, ref),
  ];
}

function overdueBoard(ref, overdue) {
  return [h('h2', {}, '超时督办榜'),
    h('p', { 'data-testid': 'overdue-counts' }, `已超时 ${overdue.breached} 件，临近超时 ${overdue.warned} 件（各最多列出 20 件）；`
      + `督办单在办 ${overdue.openOrders} 件，其中逾期未落实 ${overdue.overdueOrders} 件。`),
    h('ul', { class: 'case-list' }, overdue.cases.map((found) => caseCard(ref, found)))];
}

function tile(label, value) {
  return h('div', { class: 'tile', 'data-tile': label }, h('span', {}, label), h('strong', {}, value ?? 0));
}

function unitTable(units, label) {
  const columns = [['logged', '登记'], ['assigned', '派单'], ...Object.entries(rates),
    ['medianTimeToClaimSeconds', '认领用时中位数'], ['medianTimeToCloseSeconds', '办结用时中位数'], ['open', '在办'], ['overdue', '超时'],
    ['unreviewed', '未回访']];
  return h('div', { class: 'table-scroll' }, h('table', { 'data-testid': 'unit-table' },
    h('thead', {}, h('tr', {}, h('th', {}, '单位'), columns.map(([, title]) => h('th', {}, title)))),
    h('tbody', {}, units.sort((a, b) => b.assigned - a.assigned).map((row) => h('tr', { 'data-unit': row.unit ?? '' },
      h('th', { scope: 'row' }, label(row.unit)),
      columns.map(([name]) => h('td', { 'data-measure': name }, cell(name, row[name]))))))));
}

function cell(name, value) {
  if (name.endsWith('Rate')) return percent(value);
  return name.endsWith('Seconds') ? duration(value) : value;
}

/** The ranking as the assessment rules (考核办法) made it, and a slot for the breakdown of the unit opened. */
function rankingSection(ranking, ref) {
  const slot = h('div', { 'data-testid': 'breakdown-slot' });
  const open = (unit) => {
    slot.replaceChildren(breakdownCard(ref, { by: ranking.by, unit, from: ranking.from, to: ranking.to }));
    slot.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  return [
    h('section', { class: 'card' }, h('h2', {}, '综合排名'),
      h('p', { class: 'hint', 'data-testid': 'ranking-rules' }, rulesText(ranking)),
      rankingTable(ranking, ref, open)),
    slot,
  ];
}

/** "考核办法 2026.1：得分 = 100 ×（0.4 × 按时响应率 + …）；派单不足 5 件的单位不排名（样本不足）" */
function rulesText(ranking) {
  const parts = ranking.components.map((component) => {
    const rate = rates[component.measure] ?? component.measure;
    return `${component.weight} × ${component.direction === 'lower-is-better' ? `（1 − ${rate}）` : rate}`;
  });
  return `考核办法 ${ranking.rulesVersion ?? '—'}：得分 = 100 ×（${parts.join(' + ')}）；暂无数据的指标不计，其余按权重折算。`
    + `派单不足 ${ranking.minimumAssigned} 件的单位不排名（样本不足）。点击单位查看逐案明细。`;
}

function rankingTable(ranking, ref, open) {
  const measures = ranking.components.map((component) => component.measure);
  const unitCell = (unit) => h('td', {}, h('button', { type: 'button', class: 'link', 'data-unit': unit.unit, onclick: () => open(unit.unit) },
    nameOf(ref, unit.unit)));
  return h('div', { class: 'table-scroll' }, h('table', { 'data-testid': 'ranking-table' },
    h('thead', {}, h('tr', {}, ['名次', '单位', '得分', '派单', ...measures.map((name) => rates[name] ?? name)].map((title) => h('th', {}, title)))),
    h('tbody', {}, [...ranking.units, ...ranking.unranked].map((unit) => h('tr', { 'data-ranked': unit.rank ? 'yes' : 'no' },
      h('td', {}, unit.rank ?? unrankedReasons[unit.unranked] ?? '—'), unitCell(unit), h('td', {}, unit.score ?? '—'), h('td', {}, unit.assigned),
      measures.map((name) => h('td', {}, percent(unit.rates[name]))))))));
}
