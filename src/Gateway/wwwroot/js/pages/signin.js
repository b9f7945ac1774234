// 登录: with a staff account at the identity service (OpenID Connect); in Development also the role picker, a
// token from the Development token issuer for any role and the unit it is bound to.
import { post } from '../api.js';
import { startSignIn } from '../oidc.js';
import { field, h, select, showFormError } from '../dom.js';
import { areaPicker } from '../areapicker.js';
import { reference } from '../reference.js';
import { signIn } from '../session.js';
import { roles } from '../words.js';

// How deep in the area tree each role's unit lies; liaisons pick a department instead.
const depths = {
  'grid-worker': 'grid',
  'community-dispatcher': 'community',
  'street-dispatcher': 'street',
  supervisor: 'street',
  'feedback-agent': 'street',
};

// Roles bound to a street or to the district itself.
const streetOrDistrict = new Set(['supervisor', 'feedback-agent']);

export async function signInPage(draw) {
  const account = h('section', { class: 'card narrow' },
    h('h1', {}, '登录工作台'),
    h('p', { class: 'hint' }, '使用您的工作账号登录。首次登录时请设置新密码；督办和管理员还需绑定身份验证器。'),
    h('button', { type: 'button', class: 'primary', 'data-testid': 'account-sign-in', onclick: () => startSignIn() },
      '使用工作账号登录'));
  const picker = await fetch('/api/dev/tokens').then((response) => response.ok, () => false);
  if (!picker) {
    draw(account);
    return;
  }
  draw(account, await rolePicker());
}

// Development only: act as any role of any unit, without an account.
async function rolePicker() {
  const ref = await reference();
  const role = select({ name: 'role' }, Object.entries(roles), 'grid-worker');
  const unitSlot = h('div', { class: 'unit-slot' });
  const userId = h('input', { name: 'userId', autocomplete: 'username', placeholder: '例如 li.na（可不填）' });
  const message = h('div');
  let unit = () => '';

  function unitPicker() {
    if (role.value === 'liaison') {
      const department = select({ name: 'unit' }, [['', '请选择部门'], ...ref.catalogue.departments.map((d) => [d.code, d.name])]);
      unit = () => department.value;
      unitSlot.replaceChildren(field('所属部门', department));
    } else if (role.value === 'admin') {
      unit = () => ref.areas.code;
      unitSlot.replaceChildren(h('p', { class: 'hint' }, `单位：${ref.areas.name}`));
    } else {
      const picker = areaPicker(ref.areas, depths[role.value], { stopAtRoot: streetOrDistrict.has(role.value) });
      unit = picker.value;
      unitSlot.replaceChildren(h('div', { class: 'field', 'data-field': 'unit' },
        h('span', { class: 'label' }, '所属单位'), picker.element, h('small', { class: 'field-error' })));
    }
  }

  role.addEventListener('change', unitPicker);
  unitPicker();

  const form = h('form', {
    class: 'card narrow',
    onsubmit: async (event) => {
      event.preventDefault();
      const chosen = unit();
      if (!chosen) {
        showFormError(form, { message: '请选择所属单位。', fields: { unit: '请选择所属单位' } }, message);
        return;
      }
      try {
        const { data } = await post('/api/dev/tokens', { role: role.value, unit: chosen, userId: userId.value.trim() || null });
        signIn({ token: data.token, role: role.value, unit: chosen, userId: userId.value.trim() || null });
        location.hash = '#/';
      } catch (error) {
        showFormError(form, error, message);
      }
    },
  },
  h('h2', {}, '开发环境：按角色登录'),
  h('p', { class: 'hint' }, '本地开发环境：选择角色和所属单位即可登录。'),
  field('角色', role),
  unitSlot,
  field('姓名或工号', userId),
  message,
  h('button', { type: 'submit', class: 'primary' }, '登录'));
  return form;
}
