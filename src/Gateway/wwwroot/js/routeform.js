// Choosing a unit by hand: 人工派单 of a case waiting at a triage desk (POST /api/cases/{id}/route),
// 改派 (…/reassign) and 定派 (…/fix-assignment), which take the same body.
import { command, newKey } from './api.js';
import { field, h, select, showFormError } from './dom.js';
import { levels } from './words.js';

const submitLabels = { route: '确认派单', reassign: '确认改派', 'fix-assignment': '确认定派' };
const reasonHints = { route: '派单理由', reassign: '改派理由', 'fix-assignment': '定派理由（定派后不得退单）' };

/** The form for name 'route', 'reassign' or 'fix-assignment'; onDone(caseView) runs after the case is assigned. */
export function routeForm(ref, found, etag, onDone, name = 'route') {
  const level = select({ name: 'level' }, [['', '请选择'], ...['grid', 'community', 'street', 'district', 'department']
    .map((code) => [code, levels[code]])], found.itemCode && ref.items.get(found.itemCode) ? 'department' : '');
  const department = select({ name: 'department' }, [['', '请选择部门'], ...ref.catalogue.departments.map((d) => [d.code, d.name])],
    ref.items.get(found.itemCode)?.item.leadDepartment ?? '');
  const departmentField = field('部门', department);
  const reason = h('textarea', { name: 'reason', rows: 2, placeholder: reasonHints[name] });
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
      // The API sets the assisting departments to those sent: keep the case's, but not the unit it now goes to.
      body.assisting = found.assistingDepartments.filter((code) => code !== body.department);
      try {
        const { data } = await command(found.id, name, body, etag, key);
        onDone(data);
      } catch (error) {
        showFormError(form, error, message);
      }
    },
  }, field('派往', level), departmentField, field('理由', reason), message, h('button', { type: 'submit', class: 'primary' }, submitLabels[name]));
  return form;
}
