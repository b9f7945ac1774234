// The resident's own 回访 through a one-time link (/#/feedback/<token>, src/docs/lifecycle.md): no sign-in, a
// phone's screen, three levels of satisfaction and whether the problem was solved, answered once.
import { post } from '../api.js';
import { field, h, notice, showFormError } from '../dom.js';
import { time } from '../format.js';

export async function residentFeedbackPage(draw, token) {
  draw(h('p', { class: 'loading' }, '正在加载…'));
  let about;
  try {
    ({ data: about } = await post('/api/resident-feedback/lookup', { token }));
  } catch (error) {
    draw(h('section', { class: 'card resident' }, h('h1', {}, '服务评价'), notice('error', linkProblem(error))));
    return;
  }

  const choices = (name, legend, options) => h('fieldset', { class: 'field choices', 'data-field': name },
    h('legend', {}, legend),
    options.map(([value, label]) =>
      h('label', { class: 'choice' }, h('input', { type: 'radio', name, value }), h('span', {}, label))),
    h('small', { class: 'field-error' }));
  const satisfaction = choices('satisfaction', '您对办理结果是否满意', about.levels.map((level) => [level.code, level.name]));
  const solved = choices('resolved', '问题是否已经解决', [['true', '已解决'], ['false', '未解决']]);
  const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 2000, placeholder: '可不填' });
  const message = h('div', { class: 'action-message' });
  const picked = (group) => group.querySelector('input:checked')?.value ?? null;
  const form = h('form', {
    novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      const submit = form.querySelector('button[type=submit]');
      submit.disabled = true;
      try {
        const resolved = picked(solved);
        const { data } = await post('/api/resident-feedback', {
          token,
          satisfaction: picked(satisfaction),
          resolved: resolved === null ? null : resolved === 'true',
          comment: comment.value.trim() || null,
        });
        draw(h('section', { class: 'card resident' }, h('h1', {}, '感谢您的评价'),
          notice('info', data.reopened
            ? `已收到。您的诉求（${data.trackingNumber}）将重新办理，承办单位会再与您联系。`
            : `已收到您对诉求 ${data.trackingNumber} 的评价。`)));
      } catch (error) {
        if (error.status === 400) showFormError(form, error, message);
        else message.replaceChildren(notice('error', linkProblem(error)));
        submit.disabled = false;
      }
    },
  },
  satisfaction,
  solved,
  field('您的意见', comment),
  message,
  h('button', { type: 'submit', class: 'primary' }, '提交评价'));

  draw(h('section', { class: 'card resident' },
    h('h1', {}, '服务评价'),
    h('dl', { class: 'facts' },
      h('dt', {}, '诉求编号'), h('dd', { 'data-testid': 'tracking-number' }, about.trackingNumber),
      h('dt', {}, '办结时间'), h('dd', {}, about.resolvedAt ? time(about.resolvedAt) : '—'),
      h('dt', {}, '办理情况'), h('dd', {}, about.resolutionSummary ?? '—')),
    h('p', { class: 'hint' }, `此链接仅可使用一次，${time(about.expiresAt)} 前有效。`),
    form));
}

// The link's own words: used, expired, unknown or no longer waiting; else what the API client says.
function linkProblem(error) {
  switch (error.status) {
    case 404: return '链接无效，请核对短信中的链接是否完整。';
    case 410: return '此链接已使用或已过期，感谢您的关注。';
    case 409: return '该诉求已不在待评价状态，无需再评价。';
    default: return error.message;
  }
}
