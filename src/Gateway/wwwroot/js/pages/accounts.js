// 账号管理 (admins): the identity service's accounts (/api/identity/accounts): find, open, disable and enable,
// re-bind, reset a password, import a roster CSV; and the audit of every change. A temporary password is shown
// once, to be handed to its owner, who sets their own at the first sign-in.
import { get, post, put } from '../api.js';
import { field, h, notice, select } from '../dom.js';
import { roles } from '../words.js';

const pageSize = 20;
const actions = {
  created: '开通', disabled: '停用', enabled: '启用', rebound: '改绑', 'password-reset': '重置密码',
  'roster-imported': '导入花名册', 'client-created': '登记接口账号', 'client-disabled': '停用接口账号',
};
const roleOptions = Object.entries(roles);

export async function accountsPage(draw) {
  const message = h('div', { 'data-testid': 'accounts-message' });
  const q = h('input', { type: 'search', name: 'q', placeholder: '登录名或姓名', 'aria-label': '搜索账号' });
  const role = select({ name: 'role', 'aria-label': '角色' }, [['', '全部角色'], ...roleOptions]);
  const active = select({ name: 'active', 'aria-label': '状态' }, [['', '全部状态'], ['true', '启用'], ['false', '停用']]);
  const rows = h('tbody');
  const pager = h('p', { class: 'pager' });
  const audit = h('ul', { class: 'audit', 'data-testid': 'audit' });
  let page = 1;

  async function load() {
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    for (const control of [q, role, active]) {
      if (control.value.trim()) query.set(control.name, control.value.trim());
    }
    try {
      const listing = await get(`/api/identity/accounts?${query}`);
      rows.replaceChildren(...listing.items.map(row));
      if (listing.items.length === 0) rows.append(h('tr', {}, h('td', { colspan: 6 }, '没有符合条件的账号。')));
      const pages = Math.max(1, Math.ceil(listing.total / pageSize));
      pager.replaceChildren(
        h('button', { type: 'button', disabled: page <= 1, onclick: () => { page -= 1; load(); } }, '上一页'),
        ` 第 ${page} / ${pages} 页，共 ${listing.total} 个账号 `,
        h('button', { type: 'button', disabled: page >= pages, onclick: () => { page += 1; load(); } }, '下一页'));
      const entries = await get('/api/identity/audit?pageSize=20');
      audit.replaceChildren(...entries.items.map((entry) => h('li', {},
        `${new Date(entry.at).toLocaleString('zh-CN')} ${entry.actor} ${actions[entry.action] ?? entry.action} `
          + `${entry.subject}${entry.detail ? `（${entry.detail}）` : ''}`)));
    } catch (error) {
      message.replaceChildren(notice('error', error.message));
    }
  }

  async function act(run, done) {
    try {
      const answer = await run();
      message.replaceChildren(notice('ok', done(answer?.data)));
      await load();
    } catch (error) {
      message.replaceChildren(notice('error', reasons(error)));
    }
  }

  function row(account) {
    const state = !account.active ? '停用' : account.locked ? '已锁定' : '启用';
    const login = encodeURIComponent(account.login);
    return h('tr', { 'data-login': account.login },
      h('td', {}, account.login),
      h('td', {}, account.displayName),
      h('td', {}, `${roles[account.role] ?? account.role} · ${account.unit}`),
      h('td', {}, state, account.twoFactor ? ' · 已绑定验证器' : ''),
      h('td', {}, new Date(account.changedAt).toLocaleString('zh-CN'), ' ', account.changedBy),
      h('td', { class: 'actions' },
        h('button', {
          type: 'button',
          onclick: () => act(
            () => post(`/api/identity/accounts/${login}/${account.active ? 'disable' : 'enable'}`),
            () => `${account.login} 已${account.active ? '停用' : '启用'}。`),
        }, account.active ? '停用' : '启用'),
        h('button', {
          type: 'button',
          onclick: () => act(
            () => post(`/api/identity/accounts/${login}/password-reset`),
            (reset) => `${account.login} 的临时密码：${reset.temporaryPassword}（仅显示这一次，请当面交给本人）`),
        }, '重置密码'),
        h('button', { type: 'button', onclick: (event) => event.target.after(rebindForm(account)) }, '改绑')));
  }

  function rebindForm(account) {
    const newRole = select({ name: 'role' }, roleOptions, account.role);
    const unit = h('input', { name: 'unit', value: account.unit, required: true });
    const slot = h('div');
    const form = h('form', {
      class: 'inline',
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          await put(`/api/identity/accounts/${encodeURIComponent(account.login)}/binding`,
            { role: newRole.value, unit: unit.value.trim() });
          message.replaceChildren(notice('ok', `${account.login} 已改绑。`));
          await load();
        } catch (error) {
          slot.replaceChildren(notice('error', reasons(error)));
        }
      },
    }, field('角色', newRole), field('单位编码', unit), slot, h('button', { type: 'submit' }, '保存'));
    return form;
  }

  draw(
    h('h1', {}, '账号管理'),
    message,
    h('section', { class: 'card' },
      h('div', { class: 'filters' }, q, role, active,
        h('button', { type: 'button', onclick: () => { page = 1; load(); } }, '查询')),
      h('table', { class: 'accounts', 'data-testid': 'accounts' },
        h('thead', {}, h('tr', {}, ...['登录名', '姓名', '角色与单位', '状态', '最近修改', ''].map((title) => h('th', {}, title)))),
        rows),
      pager),
    newAccountForm(message, load),
    importForm(message, load),
    h('section', { class: 'card' }, h('h2', {}, '最近的变更'), audit));
  await load();
}

function newAccountForm(message, load) {
  const login = h('input', { name: 'login', required: true, autocomplete: 'off', placeholder: '例如 wang.qiang' });
  const name = h('input', { name: 'displayName', required: true, placeholder: '姓名' });
  const role = select({ name: 'role' }, roleOptions, 'liaison');
  const unit = h('input', { name: 'unit', required: true, placeholder: '例如 SW、LW-HL、LW-HL-01-G01' });
  const slot = h('div');
  const form = h('form', {
    class: 'card',
    'data-testid': 'new-account',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const { data } = await post('/api/identity/accounts', {
          login: login.value.trim(), displayName: name.value.trim(), role: role.value, unit: unit.value.trim(),
        });
        form.reset();
        slot.replaceChildren();
        message.replaceChildren(notice('ok',
          `已开通 ${data.account.login}，临时密码：${data.temporaryPassword}（仅显示这一次，请当面交给本人）`));
        await load();
      } catch (error) {
        slot.replaceChildren(notice('error', reasons(error)));
      }
    },
  },
  h('h2', {}, '开通账号'),
  field('登录名', login), field('姓名', name), field('角色', role),
  field('所属单位编码', unit, '网格员：网格或社区；社区调度员：社区；街道调度员：街道；部门联络员：部门；督办：街道或全区；管理员：全区。'),
  slot,
  h('button', { type: 'submit', class: 'primary' }, '开通'));
  return form;
}

function importForm(message, load) {
  const file = h('input', { type: 'file', name: 'roster', accept: '.csv,text/csv', required: true });
  const report = h('div', { 'data-testid': 'import-report' });
  const slot = h('div');
  const form = h('form', {
    class: 'card',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const csv = new Blob([await file.files[0].text()], { type: 'text/csv' });
        const { data } = await post('/api/identity/accounts/import', csv);
        slot.replaceChildren();
        report.replaceChildren(
          notice(data.refused ? 'info' : 'ok', `导入完成：开通 ${data.created} 个，未开通 ${data.refused} 个。`),
          h('table', {},
            h('thead', {}, h('tr', {}, ...['行', '登录名', '结果'].map((title) => h('th', {}, title)))),
            h('tbody', {}, ...data.rows.map((line) => h('tr', {},
              h('td', {}, line.row), h('td', {}, line.login ?? ''),
              h('td', {}, line.created ? `已开通，临时密码：${line.temporaryPassword}` : line.refusal))))));
        message.replaceChildren();
        await load();
      } catch (error) {
        slot.replaceChildren(notice('error', reasons(error)));
      }
    },
  },
  h('h2', {}, '导入花名册'),
  h('p', { class: 'hint' }, 'CSV 文件，首行为 name,login,role,unit。每行单独开通，未开通的行会说明原因。'),
  field('花名册文件', file), slot,
  h('button', { type: 'submit' }, '导入'),
  report);
  return form;
}

// The identity service words each refusal for the admin (e.g. why a unit does not fit a role): show those.
function reasons(error) {
  return Object.values(error.fields ?? {}).join(' ') || error.message;
}
