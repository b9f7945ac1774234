// 人工派单: a dispatcher sends a case waiting at a triage desk to a unit (POST /api/cases/{id}/route).
import { command, newKey } from './api.js';
import { field, h, select, showFormError } from './dom.js';
import { levels } from './words.js';

/** The form; onRouted(caseView) runs after the case is routed. */
export function routeForm(ref, found, etag, onRouted) {
  const level = select({ name: 'level' }, [['', '请选择'], ...['grid', 'community', 'street', 'district', 'department']
    .map((code) => [code, levels[code]])], found.itemCode && ref.items.get(found.itemCode) ? 'department' : '');
  const department = select({ name: 'department' }, [['', '请选择部门'], ...ref.catalogue.departments.map((d) => [d.code, d.name])],
    ref.items.get(found.itemCode)?.item.leadDepartment ?? '');
  const departmentField = field('部门', department);
  const reason = h('textarea', { name: 'reason', rows: 2, placeholder: '派单理由' });
  const message = h('div');
  const key = newKey();
  const toggle = () => { departmentField.hidden = level.value !== 'department'; };
  level.addEventListener('change', toggle);
  toggle();

  const form = h('form', {
    class: 'route-form',
    onsubmit: async (event) => {
      event.preventDefault();
      const body = { level: level.value || null, reason: reason.value.trim() || null };
      if (level.value === 'department') body.department = department.value || null;
      try {
        const { data } = await command(found.id, 'route', body, etag, key);
        onRouted(data);
      } catch (error) {
        showFormError(form, error, message);
      }
    },
  }, field('派往', level), departmentField, field('理由', reason), message, h('button', { type: 'submit', class: 'primary' }, '确认派单'));
  return form;
}
