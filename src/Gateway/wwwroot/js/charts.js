// Hand-drawn SVG charts: no library, scaled by viewBox so they fit a phone and a desk alike.

const svgNs = 'http://www.w3.org/2000/svg';

function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

/** Horizontal bars, one per [label, value 0..1 or null], sorted as given. */
export function barChart(title, bars) {
  const row = 26;
  const labelWidth = 150;
  const width = 600;
  const plot = width - labelWidth - 60;
  const height = bars.length * row + 10;
  const chart = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart bar-chart' }, s('title', {}, title));
  bars.forEach(([label, value], index) => {
    const y = index * row + 5;
    chart.append(
      s('text', { x: labelWidth - 8, y: y + 16, 'text-anchor': 'end', class: 'label' }, label.length > 11 ? `${label.slice(0, 10)}…` : label),
      s('rect', { x: labelWidth, y: y + 3, width: plot, height: row - 8, class: 'track' }),
      s('rect', { x: labelWidth, y: y + 3, width: Math.max(0, (value ?? 0) * plot), height: row - 8, class: 'bar' }),
      s('text', { x: labelWidth + plot + 6, y: y + 16, class: 'value' }, value === null ? '—' : `${(value * 100).toFixed(1)}%`));
  });
  return chart;
}

/** Lines over periods: series is [{ name, values: [0..1 or null per period] }]; a gap where null. */
export function lineChart(title, periods, series) {
  const width = 600;
  const height = 240;
  const left = 40;
  const bottom = 30;
  const top = 10;
  const plotWidth = width - left - 10;
  const plotHeight = height - top - bottom;
  const x = (index) => left + (periods.length === 1 ? plotWidth / 2 : (index * plotWidth) / (periods.length - 1));
  const y = (value) => top + (1 - value) * plotHeight;
  const chart = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart line-chart' }, s('title', {}, title));
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(s('line', { x1: left, x2: width - 10, y1: y(tick), y2: y(tick), class: 'grid' }),
      s('text', { x: left - 4, y: y(tick) + 4, 'text-anchor': 'end', class: 'label' }, `${tick * 100}%`));
  }
  const every = Math.max(1, Math.ceil(periods.length / 8));
  periods.forEach((period, index) => {
    if (index % every === 0) chart.append(s('text', { x: x(index), y: height - 8, 'text-anchor': 'middle', class: 'label' }, period.slice(5)));
  });
  const lines = s('g');
  const dots = s('g');
  chart.append(lines, dots);
  series.forEach((line, number) => {
    let path = '';
    line.values.forEach((value, index) => {
      if (value === null || value === undefined) return;
      path += `${path && line.values[index - 1] !== null && line.values[index - 1] !== undefined ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
      dots.append(s('circle', { cx: x(index), cy: y(value), r: 3, class: `series-${number}` }, s('title', {}, `${line.name} ${periods[index]}：${(value * 100).toFixed(1)}%`)));
    });
    lines.append(s('path', { d: path, class: `line series-${number}` }));
  });
  return chart;
}

/** The legend of a line chart, as HTML (it wraps on a narrow screen). */
export function legend(names) {
  const list = document.createElement('ul');
  list.className = 'legend';
  names.forEach((name, number) => {
    const item = document.createElement('li');
    item.className = `series-${number}`;
    item.textContent = name;
    list.append(item);
  });
  return list;
}
