// Choosing a place in the area tree, one level at a time: street → community → grid.
import { h } from './dom.js';
import { levels } from './words.js';

const order = ['district', 'street', 'community', 'grid'];

/**
 * Selects from below root down to the depth level ('street', 'community' or 'grid').
 * With stopAtRoot, root itself may be chosen (a supervisor of the whole district).
 * Returns { element, value() → the chosen code or '' }.
 */
export function areaPicker(root, depth, { stopAtRoot = false, onchange } = {}) {
  const element = h('div', { class: 'area-picker' });
  const chain = [];

  function add(parent) {
    const level = order[order.indexOf(parent.level) + 1];
    const first = stopAtRoot && parent === root ? [h('option', { value: root.code }, `${root.name}（全区）`)] : [h('option', { value: '' }, `请选择${levels[level]}`)];
    const control = h('select', { 'data-level': level, 'aria-label': levels[level], onchange: () => changed(chain.indexOf(control)) },
      first, parent.children.map((child) => h('option', { value: child.code }, child.name)));
    chain.push(control);
    element.append(control);
  }

  function changed(index) {
    for (const stale of chain.splice(index + 1)) stale.remove();
    const parent = index === 0 ? root : chosen(index - 1);
    const area = parent.children.find((child) => child.code === chain[index].value);
    if (area && area.level !== depth) add(area);
    onchange?.();
  }

  function chosen(index) {
    let area = root;
    for (let i = 0; i <= index; i++) area = area.children.find((child) => child.code === chain[i].value) ?? area;
    return area;
  }

  if (root.level === depth) element.append(h('span', { class: 'fixed-place' }, root.name));
  else add(root);

  return {
    element,
    value() {
      if (root.level === depth) return root.code;
      const last = chain.at(-1).value;
      if (!last) return '';
      const area = chosen(chain.length - 1);
      return area.level === depth || last === root.code ? last : '';
    },
  };
}
