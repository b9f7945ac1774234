// The catalogue, the area tree and the case commands' codes (all public), loaded once per page load, with
// lookups by code.
import { get } from './api.js';

let loading;

/**
 * { catalogue, areas, codes: { returnReasons, satisfactionLevels, appealGrounds, pauseReasons: [{code, name}] },
 *   items: Map code → {item, category}, names: Map code → Chinese name }
 */
export function reference() {
  loading ??= Promise.all([get('/api/catalogue'), get('/api/areas'), get('/api/cases/codes')])
    .then(([catalogue, areas, codes]) => {
    const items = new Map();
    const names = new Map();
    for (const department of catalogue.departments) names.set(department.code, department.name);
    for (const category of catalogue.categories) {
      names.set(category.code, category.name);
      for (const item of category.items) items.set(item.code, { item, category });
    }
    const index = (area) => {
      names.set(area.code, area.name);
      if (area.level !== 'grid') area.children.forEach(index);
    };
    index(areas);
    return { catalogue, areas, codes, items, names };
  });
  loading.catch(() => { loading = undefined; });
  return loading;
}

/** The area with this code, or null. */
export function findArea(root, code) {
  if (root.code === code) return root;
  if (!code.startsWith(root.code) || root.level === 'grid') return null;
  for (const child of root.children) {
    const found = findArea(child, code);
    if (found) return found;
  }
  return null;
}

/** "沙面街道 (LW-SM)" for a known code, the code alone otherwise. */
export function nameOf(ref, code) {
  if (!code) return '—';
  const name = ref.names.get(code);
  return name ? `${name}（${code}）` : code;
}
